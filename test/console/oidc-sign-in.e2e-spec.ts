import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { NestExpressApplication } from '@nestjs/platform-express';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService } from '@waymark/db';
import { freePort } from '@waymark/devstack';
import { OIDC_CALLBACK_PATH, OidcRefused, OidcRefusalReason, OidcSignIn } from '@waymark/sign-in';
import { createPartnership } from '../support/fixtures';
import { OidcProviderHandle, startOidcProvider } from '../support/oidc-provider';
import { apiOnly } from '../support/waymark';

const PUBLIC_BASE_URL = 'https://waymark.testshire.example.org';
const REDIRECT_URI = `${PUBLIC_BASE_URL}${OIDC_CALLBACK_PATH}`;
const run = randomUUID().slice(0, 8);
const email = (who: string) => `${who}.${run}@testshire.example.org`;

/** The reason `finish` or `usersFor` refused with; fails the test when it did not refuse. */
async function refusal(attempt: Promise<unknown>): Promise<OidcRefusalReason> {
  const error = await attempt.then(
    () => {
      throw new Error('expected a refusal, and the sign-in went through');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof OidcRefused)) throw error;
  return error.reason;
}

describe('Console sign-in through OpenID Connect, against a real provider (oidc-provider)', () => {
  let provider: OidcProviderHandle;
  let api: NestExpressApplication;
  let prisma: PrismaService;
  let oidc: OidcSignIn;
  let partnershipId: string;

  beforeAll(async () => {
    provider = await startOidcProvider({
      redirectUri: REDIRECT_URI,
      accounts: {
        officer: { email: email('Sam.Officer').toUpperCase(), email_verified: true, name: 'Sam Officer' },
        unverified: { email: email('unverified'), email_verified: false },
        'no-email': { name: 'Nobody' },
        stranger: { email: email('stranger'), email_verified: true },
        former: { email: email('former'), email_verified: true },
      },
    });
    ({ api, prisma } = await apiOnly({ ...provider.env, PUBLIC_BASE_URL }));
    oidc = api.get(OidcSignIn);
    const { partnership } = await createPartnership(prisma);
    partnershipId = partnership.id;
    await prisma.user.createMany({
      data: [
        { partnershipId, email: email('sam.officer'), name: 'Sam Officer', role: 'COORDINATOR' },
        {
          partnershipId,
          email: email('former'),
          name: 'Former Officer',
          role: 'ADMIN',
          archivedAt: new Date(),
        },
      ],
    });
  });

  afterAll(async () => {
    await api?.close();
    await provider?.stop();
  });

  /** Begins a sign-in, signs in at the provider as `account`, and gives the callback URL and the cookie. */
  async function signInAs(account: string, returnTo?: string) {
    const start = await oidc.begin(returnTo);
    const callbackUrl = await provider.signIn(start.redirectUrl, account);
    return { start, callbackUrl, pending: start.pending };
  }

  it('sends the browser to the provider with PKCE (S256), state, nonce and the email scope', async () => {
    const { redirectUrl, pending, expiresAt } = await oidc.begin('/console');
    const url = new URL(redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{20,}$/),
      nonce: expect.stringMatching(/^[\w-]{20,}$/),
    });
    expect(pending).toMatch(/^[\w-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    // The cookie's key is stored only as its hash.
    expect(await prisma.oidcSignInAttempt.count({ where: { keyHash: pending } })).toBe(0);
  });

  it('signs in a known user by their verified email: the identity, then the Waymark user with their role', async () => {
    const { callbackUrl, pending } = await signInAs('officer', '/console/actions?rag=RED');
    expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy();
    // The console passes the path and query it was called with (req.originalUrl).
    const { pathname, search } = new URL(callbackUrl);
    const identity = await oidc.finish(`${pathname}${search}`, pending);
    expect(identity).toEqual({
      issuer: provider.issuer,
      subject: 'officer',
      email: email('sam.officer'),
      emailVerifiedBy: 'email_verified',
      returnTo: '/console/actions?rag=RED',
    });
    const users = await oidc.usersFor(identity);
    expect(users).toEqual([
      expect.objectContaining({
        partnershipId,
        email: email('sam.officer'),
        name: 'Sam Officer',
        role: 'COORDINATOR',
        partnershipName: expect.stringMatching(/^Testshire/),
      }),
    ]);
  });

  it('refuses an email the provider says is unverified, and an account without an email', async () => {
    const unverified = await signInAs('unverified');
    expect(await refusal(oidc.finish(unverified.callbackUrl, unverified.pending))).toBe('email-not-verified');
    const noEmail = await signInAs('no-email');
    expect(await refusal(oidc.finish(noEmail.callbackUrl, noEmail.pending))).toBe('no-email');
  });

  it('refuses a verified email that no Waymark user has, or only an archived one', async () => {
    const stranger = await signInAs('stranger');
    const identity = await oidc.finish(stranger.callbackUrl, stranger.pending);
    expect(await refusal(oidc.usersFor(identity))).toBe('unknown-user');
    const former = await signInAs('former');
    expect(await refusal(oidc.usersFor(await oidc.finish(former.callbackUrl, former.pending)))).toBe(
      'archived-user',
    );
  });

  it('refuses a tampered state, and a callback from a sign-in another browser started (login CSRF)', async () => {
    const tampered = await signInAs('officer');
    const url = new URL(tampered.callbackUrl);
    url.searchParams.set('state', `${url.searchParams.get('state')}x`);
    expect(await refusal(oidc.finish(url.href, tampered.pending))).toBe('state-mismatch');
    // The attempt is used up: the untampered callback cannot follow.
    expect(await refusal(oidc.finish(tampered.callbackUrl, tampered.pending))).toBe('replayed');

    // An attacker's own completed sign-in, planted in the victim's browser, which has a sign-in of its own.
    const attackers = await signInAs('stranger');
    const victims = await oidc.begin();
    expect(await refusal(oidc.finish(attackers.callbackUrl, victims.pending))).toBe('state-mismatch');
  });

  it('refuses a replayed callback', async () => {
    const { callbackUrl, pending } = await signInAs('officer');
    await oidc.finish(callbackUrl, pending);
    expect(await refusal(oidc.finish(callbackUrl, pending))).toBe('replayed');
  });

  it('refuses an ID token whose nonce is not the sign-in’s', async () => {
    const { callbackUrl, pending } = await signInAs('officer');
    // As if the code had been minted for another sign-in with the same state.
    const attempt = await prisma.oidcSignInAttempt.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    await prisma.oidcSignInAttempt.update({ where: { id: attempt.id }, data: { nonce: 'another-nonce' } });
    expect(await refusal(oidc.finish(callbackUrl, pending))).toBe('nonce-mismatch');
  });

  it('refuses a sign-in that took too long, or whose cookie did not come back', async () => {
    const { start, callbackUrl, pending } = await signInAs('officer');
    const later = new Date(start.expiresAt.getTime() + 1000);
    expect(await refusal(oidc.finish(callbackUrl, pending, later))).toBe('expired');
    expect(await refusal(oidc.finish(callbackUrl, undefined))).toBe('expired');
    expect(await refusal(oidc.finish(callbackUrl, 'a-key-nobody-was-given'))).toBe('expired');
  });

  it('reports the provider’s own refusal (the person cancelled), with its reason for the record', async () => {
    const start = await oidc.begin();
    const callbackUrl = await provider.signIn(start.redirectUrl, 'officer', { cancel: true });
    const error = await oidc.finish(callbackUrl, start.pending).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OidcRefused);
    expect(error).toMatchObject({
      reason: 'provider-error',
      detail: expect.stringContaining('access_denied'),
    });
    expect((error as Error).message).toMatch(/did not sign you in/);
  });

  it('returns only to a path on this site', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/console']) {
      const { callbackUrl, pending } = await signInAs('officer', returnTo);
      expect((await oidc.finish(callbackUrl, pending)).returnTo).toBeNull();
    }
  });

  it('takes the email from the ID token where the provider puts it there, vouched for by Entra’s xms_edov', async () => {
    const entraLike = await startOidcProvider({
      redirectUri: REDIRECT_URI,
      claimsInIdToken: true,
      accounts: { officer: { email: email('sam.officer'), xms_edov: true } },
    });
    try {
      const config = api.get<WaymarkConfig>(WAYMARK_CONFIG);
      const viaEntra = new OidcSignIn({ ...config, ...entraLike.env }, prisma);
      const start = await viaEntra.begin();
      const callbackUrl = await entraLike.signIn(start.redirectUrl, 'officer');
      expect(await viaEntra.finish(callbackUrl, start.pending)).toMatchObject({
        issuer: entraLike.issuer,
        email: email('sam.officer'),
        emailVerifiedBy: 'xms_edov',
      });
    } finally {
      await entraLike.stop();
    }
  });

  it('/health reports the provider; one that does not answer is named, and does not stop the start', async () => {
    const up = await request(api.getHttpServer()).get('/health');
    expect(up.body.components.oidc).toEqual({ status: 'up' });

    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const { api: apiWithoutProvider } = await apiOnly({ ...provider.env, OIDC_ISSUER_URL: nowhere });
    try {
      const down = await request(apiWithoutProvider.getHttpServer()).get('/health').expect(503);
      expect(down.body.components.oidc).toEqual({
        status: 'down',
        error: expect.stringMatching(new RegExp(`^discovery from ${nowhere}: .*ECONNREFUSED`)),
      });
      const signIn = apiWithoutProvider.get(OidcSignIn);
      expect(await refusal(signIn.begin())).toBe('provider-unavailable');
    } finally {
      await apiWithoutProvider.close();
    }
  });
});
