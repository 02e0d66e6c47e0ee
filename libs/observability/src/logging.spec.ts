import type { IncomingMessage } from 'node:http';
import { loggablePath, requestIdFor } from './logging';

describe('loggablePath', () => {
  it("replaces a secure link's token and drops the query string", () => {
    const token = 'A'.repeat(43);
    expect(loggablePath(`/u/${token}`)).toBe('/u/:token');
    expect(loggablePath(`/u/${token}/lead?x=1`)).toBe('/u/:token/lead');
    for (const page of ['k', 'p', 'e', 'g', 'sign-off'])
      expect(loggablePath(`/${page}/${token}/evidence/1`)).toBe(`/${page}/:token/evidence/1`);
    expect(loggablePath('/api/actions/7d0c6f0e-1111-4222-8333-444455556666?search=Jane')).toBe(
      '/api/actions/7d0c6f0e-1111-4222-8333-444455556666',
    );
    expect(loggablePath('/api/users#x')).toBe('/api/users');
    expect(loggablePath(undefined)).toBe('/');
  });
});

describe('requestIdFor', () => {
  const req = (value?: string | string[]) =>
    ({ headers: { 'x-request-id': value } }) as unknown as IncomingMessage;

  it("keeps the caller's plain X-Request-Id, else makes a UUID", () => {
    expect(requestIdFor(req('lb-1f2e.3:4_x'))).toBe('lb-1f2e.3:4_x');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), '<script>', ['a', 'b']])
      expect(requestIdFor(req(bad))).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
  });
});
