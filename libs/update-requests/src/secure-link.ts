import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secure links for leads, who never have accounts.
 *
 * Each update request gets a fresh 128-bit random nonce. The token in the link is
 * HMAC-SHA256(LINK_SECRET, requestId:nonce): 256 bits, unguessable without the server's secret. The
 * database keeps only the nonce and the SHA-256 hash of the token, so a copy of the database alone
 * yields no working link, while a retried send can re-derive the very same link instead of minting a
 * second one (the email is rendered at send time and never stored). Rotating LINK_SECRET revokes every
 * open link at once.
 */
export function newTokenNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function deriveToken(secret: string, requestId: string, nonce: string): string {
  return createHmac('sha256', secret).update(`${requestId}:${nonce}`).digest('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token is 43 base64url characters; anything else is rejected before touching the database. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** What a secure link leads to. Unknown and expired (or revoked) links reveal nothing about any request. */
export type LinkLookup<R> = { kind: 'open'; request: R } | { kind: 'expired' } | { kind: 'unknown' };

/**
 * Finds a link's request by its token's hash (`find`), for update requests and KPI value requests alike:
 * unknown, expired (past its expiry, or revoked), or open.
 */
export async function lookUpLink<R extends { state: string; expiresAt: Date }>(
  token: string,
  now: Date,
  find: (tokenHash: string) => Promise<R | null>,
): Promise<LinkLookup<R>> {
  if (!looksLikeToken(token)) return { kind: 'unknown' };
  const request = await find(hashToken(token));
  if (!request) return { kind: 'unknown' };
  if (request.state === 'REVOKED' || request.expiresAt <= now) return { kind: 'expired' };
  return { kind: 'open', request };
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
