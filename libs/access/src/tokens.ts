import { createHash, randomBytes } from 'node:crypto';

/** Every Waymark API token starts with this, so leaked tokens are recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'wmk_';

/** A new secret: the prefix and 32 random bytes (256 bits), base64url. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the token: its SHA-256, hex. Lookups compare hashes only. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token in an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** When a token issued now for `days` days (API_TOKEN_DAYS) stops working. */
export function expiryAfterDays(days: number, now = new Date()): Date {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}
