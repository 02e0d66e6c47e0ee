import { deriveToken, hashToken, looksLikeToken, newTokenNonce, sameHash } from './secure-link';

const secret = 'a-link-secret-of-at-least-32-characters!';

describe('secure links', () => {
  it('derives the same 256-bit token for the same request and nonce, so a retried send reuses the link', () => {
    const nonce = newTokenNonce();
    const token = deriveToken(secret, 'req-1', nonce);
    expect(token).toBe(deriveToken(secret, 'req-1', nonce));
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(looksLikeToken(token)).toBe(true);
  });

  it('uses at least 128 random bits per request', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newTokenNonce));
    expect(nonces.size).toBe(1000);
    expect(Buffer.from([...nonces][0], 'base64url')).toHaveLength(16);
  });

  it('gives a different token for another request, nonce or secret', () => {
    const token = deriveToken(secret, 'req-1', 'n');
    expect(deriveToken(secret, 'req-2', 'n')).not.toBe(token);
    expect(deriveToken(secret, 'req-1', 'm')).not.toBe(token);
    expect(deriveToken(`${secret}x`, 'req-1', 'n')).not.toBe(token);
  });

  it('stores only a hash that does not contain the token', () => {
    const token = deriveToken(secret, 'req-1', 'n');
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(sameHash(hash, hashToken(token))).toBe(true);
    expect(sameHash(hash, hashToken(`${token}x`))).toBe(false);
  });

  it.each(['', 'short', '../../etc/passwd', 'x'.repeat(43) + '=', '<script>'.padEnd(43, 'a')])(
    'rejects %j as a token shape',
    (value) => expect(looksLikeToken(value)).toBe(false),
  );
});
