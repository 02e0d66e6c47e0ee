import * as client from 'openid-client';
import { OidcRefused, localPath, verifiedEmail } from './oidc-sign-in';

function refusal(claims: Record<string, unknown>): string {
  try {
    verifiedEmail(claims);
  } catch (error) {
    if (error instanceof OidcRefused) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('verifiedEmail: which email claims Waymark relies on', () => {
  it('takes an email that email_verified vouches for, lower-cased', () => {
    expect(verifiedEmail({ email: ' Sam.Officer@Council.example.gov.uk', email_verified: true })).toEqual({
      email: 'sam.officer@council.example.gov.uk',
      by: 'email_verified',
    });
  });

  it("takes Entra ID's xms_edov (the email's domain verified by the tenant) when there is no email_verified", () => {
    expect(verifiedEmail({ email: 'sam@council.example.gov.uk', xms_edov: true })).toEqual({
      email: 'sam@council.example.gov.uk',
      by: 'xms_edov',
    });
  });

  it('refuses an email nobody vouches for, or that the provider says is unverified, whatever xms_edov says', () => {
    expect(refusal({ email: 'sam@council.example.gov.uk' })).toBe('email-not-verified');
    expect(refusal({ email: 'sam@council.example.gov.uk', email_verified: false, xms_edov: true })).toBe(
      'email-not-verified',
    );
    expect(refusal({ email: 'sam@council.example.gov.uk', email_verified: 'true' })).toBe(
      'email-not-verified',
    );
    expect(refusal({ email: 'sam@council.example.gov.uk', xms_edov: 'true' })).toBe('email-not-verified');
    expect(refusal({ email: 'sam@council.example.gov.uk', xms_edov: false })).toBe('email-not-verified');
  });

  it('refuses claims without an email address', () => {
    expect(refusal({ email_verified: true })).toBe('no-email');
    expect(refusal({ email: '', email_verified: true })).toBe('no-email');
    expect(refusal({ email: 'sam officer', email_verified: true })).toBe('no-email');
    expect(refusal({ email: ['sam@council.example.gov.uk'], email_verified: true })).toBe('no-email');
  });

  it('says each refusal in plain English', () => {
    expect(new OidcRefused('email-not-verified').message).toMatch(/email address is not verified/);
    expect(new OidcRefused('unknown-user').message).toMatch(/no Waymark account for this email address/);
  });
});

describe('localPath: where a sign-in may return to', () => {
  it('keeps a path on this site with its query', () => {
    expect(localPath('/console/actions?rag=RED&page=2')).toBe('/console/actions?rag=RED&page=2');
  });

  it('drops another origin, however it is spelt, and anything that is not a path', () => {
    for (const bad of [
      undefined,
      '',
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example',
      'console',
      '/console\nSet-Cookie: x=1',
      `/${'a'.repeat(2000)}`,
    ])
      expect(localPath(bad)).toBeNull();
  });
});

describe('openid-client under Jest', () => {
  it('loads (an ES module, compiled to CommonJS for the tests) and makes PKCE challenges', async () => {
    // RFC 7636 appendix B's example.
    await expect(
      client.calculatePKCECodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
    ).resolves.toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});
