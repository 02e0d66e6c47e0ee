// Signing in to the console with the council's account, end to end in real Chromium: the sign-in page's button,
// the real OpenID provider's own login page (oidc-provider, run locally), and back to the page asked for; the
// refusals as pages, audited; the callback's checks (replay, state) as a browser meets them.
import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { freePort } from '@waymark/devstack';
import { OIDC_CALLBACK_PATH } from '@waymark/sign-in';
import { cspViolations, expectAccessible, launchChromium } from '../support/browser';
import { createPartnership } from '../support/fixtures';
import { OidcProviderHandle, startOidcProvider } from '../support/oidc-provider';
import { waymarkSuite } from '../support/suite';
import { apiOnly } from '../support/waymark';

const run = randomUUID().slice(0, 8);
const email = (who: string) => `${who}.${run}@testshire.example.org`;
const PENDING_COOKIE = 'waymark-oidc';

describe('console sign-in with the council account, in Chromium against a real OpenID provider', () => {
  let provider: OidcProviderHandle;
  const suite = waymarkSuite(async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      redirectUri: `${baseUrl}${OIDC_CALLBACK_PATH}`,
      accounts: {
        officer: { email: email('officer'), email_verified: true, name: 'Sam Officer' },
        unverified: { email: email('unverified'), email_verified: false },
        stranger: { email: email('stranger'), email_verified: true },
        twice: { email: email('twice'), email_verified: true },
      },
    });
    return { PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...provider.env };
  });
  let browser: Browser;
  let officerId: string;
  let otherPartnership: { id: string; name: string };

  beforeAll(async () => {
    browser = await launchChromium();
    const { prisma } = suite.waymark;
    const partnershipId = suite.fixture.partnership.id;
    ({ id: officerId } = await prisma.user.create({
      data: { partnershipId, email: email('officer'), name: 'Sam Officer', role: 'COORDINATOR' },
    }));
    const other = await createPartnership(prisma);
    otherPartnership = other.partnership;
    await prisma.user.createMany({
      data: [partnershipId, other.partnership.id].map((id) => ({
        partnershipId: id,
        email: email('twice'),
        name: 'Pat Twice',
        role: 'COORDINATOR' as const,
      })),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await provider?.stop();
  });

  async function withContext(use: (page: Page, context: BrowserContext) => Promise<void>) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await use(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  /** From the sign-in page (after asking for `returnTo`), the button, then the provider's login page. */
  async function startAtProvider(page: Page, returnTo = '/console/account'): Promise<void> {
    await page.goto(`${suite.waymark.baseUrl}${returnTo}`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.getByRole('button', { name: 'Sign in with your council account' }).click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  }

  /** Signs in at the provider's development login page: the account id in the login field, any password. */
  async function logInAtProvider(page: Page, account: string): Promise<void> {
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
  }

  /**
   * Starts a sign-in in the browser (which keeps its sign-in cookie), then signs in at the provider as `account`
   * from outside it, and gives the URL the provider sends back to, not yet opened: what a browser would open,
   * for the test to open as it is, twice, or altered.
   */
  async function callbackFor(page: Page, account: string): Promise<string> {
    const authorization = page.waitForRequest((r) => r.url().startsWith(`${provider.issuer}/auth?`));
    await startAtProvider(page);
    return provider.signIn((await authorization).url(), account);
  }

  async function failures(since: Date) {
    const events = await suite.waymark.prisma.auditEvent.findMany({
      where: { event: 'console.sign-in.failed', occurredAt: { gte: since } },
    });
    return events.map((e) => e.after as Record<string, unknown>).filter((after) => after.method === 'OIDC');
  }

  it('offers the council account first, then signs in at the provider and lands on the page asked for', async () => {
    await withContext(async (page, context) => {
      const violations = cspViolations(page);
      await page.goto(`${suite.waymark.baseUrl}/console/account`);
      // The button is above the email-link form, which remains.
      const button = page.getByRole('button', { name: 'Sign in with your council account' });
      const emailField = page.getByLabel('Work email address');
      expect((await button.boundingBox())!.y).toBeLessThan((await emailField.boundingBox())!.y);
      await expectAccessible(page);

      await button.click();
      await page.waitForURL((url) => url.href.startsWith(provider.issuer));
      const pending = (await context.cookies(suite.waymark.baseUrl)).find((c) => c.name === PENDING_COOKIE);
      expect(pending).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(pending!.expires * 1000 - Date.now()).toBeGreaterThan(9 * 60_000);
      expect(pending!.expires * 1000 - Date.now()).toBeLessThanOrEqual(10 * 60_000);

      await logInAtProvider(page, 'officer');
      await page.waitForURL(`${suite.waymark.baseUrl}/console/account`);
      expect(await page.textContent('main')).toContain(email('officer'));
      const cookies = await context.cookies(suite.waymark.baseUrl);
      expect(cookies.map((c) => c.name)).not.toContain(PENDING_COOKIE);
      expect(cookies.find((c) => c.name === 'waymark-console')).toMatchObject({ httpOnly: true });
      const session = await suite.waymark.prisma.consoleSession.findFirstOrThrow({
        where: { userId: officerId },
        orderBy: { createdAt: 'desc' },
      });
      expect(session.method).toBe('OIDC');
      const signedIn = await suite.waymark.prisma.auditEvent.findFirst({
        where: { event: 'console.signed-in', entityId: session.id },
      });
      expect(signedIn?.after).toEqual({ method: 'OIDC' });
      expect(violations).toEqual([]);
    });
  });

  it('gives a fresh session at each sign-in, never the one the browser brought', async () => {
    await withContext(async (page, context) => {
      await startAtProvider(page, '/console/account');
      await logInAtProvider(page, 'officer');
      await page.waitForURL(`${suite.waymark.baseUrl}/console/account`);
      const first = (await context.cookies()).find((c) => c.name === 'waymark-console')!.value;
      await page.goto(`${suite.waymark.baseUrl}/console/sign-in/oidc?returnTo=/console/account`);
      // The provider remembers the officer: straight back, signed in afresh.
      await page.waitForURL(`${suite.waymark.baseUrl}/console/account`);
      const second = (await context.cookies()).find((c) => c.name === 'waymark-console')!.value;
      expect(second).not.toBe(first);
    });
  });

  it.each([
    ['unverified', 'email-not-verified', 'email address is not verified', {}],
    [
      'stranger',
      'unknown-user',
      'There is no Waymark account for this email address',
      { subject: 'stranger' },
    ],
  ])(
    'refuses the %s account with a plain page, audited without the address',
    async (account, reason, words, who) => {
      const since = new Date();
      await withContext(async (page, context) => {
        await startAtProvider(page);
        const answer = page.waitForResponse((r) => r.url().includes(OIDC_CALLBACK_PATH));
        await logInAtProvider(page, account);
        expect((await answer).status()).toBe(403);
        await page.getByRole('heading', { name: 'You have not been signed in' }).waitFor();
        expect(await page.textContent('main')).toContain(words);
        await expectAccessible(page);
        const names = (await context.cookies(suite.waymark.baseUrl)).map((c) => c.name);
        expect(names).not.toContain(PENDING_COOKIE);
        expect(names).not.toContain('waymark-console');
      });
      const recorded = await failures(since);
      expect(recorded).toEqual([{ method: 'OIDC', reason, ...who }]);
      expect(JSON.stringify(recorded)).not.toContain('@');
    },
  );

  it('asks which partnership when the address is in two, trusting only the signed choice', async () => {
    const since = new Date();
    const heading = 'Which partnership do you want to sign in to?';
    const twice = await suite.waymark.prisma.user.findMany({ where: { email: email('twice') } });
    const chosen = twice.find((u) => u.partnershipId === otherPartnership.id)!;
    await withContext(async (page, context) => {
      await startAtProvider(page);
      await logInAtProvider(page, 'twice');
      await page.getByRole('heading', { name: heading }).waitFor();
      await expectAccessible(page);
      const choice = (await context.cookies()).find((c) => c.name === 'waymark-oidc-choice');
      expect(choice).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      // A user id the sign-in did not match, put into the form: refused.
      await page.evaluate(
        `document.querySelector('input[name="userId"]').value = ${JSON.stringify(officerId)}`,
      );
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'You have not been signed in' }).waitFor();
      expect((await context.cookies()).map((c) => c.name)).not.toContain('waymark-console');
    });
    expect(await failures(since)).toEqual([{ method: 'OIDC', reason: 'choice-refused' }]);

    await withContext(async (page, context) => {
      await startAtProvider(page);
      await logInAtProvider(page, 'twice');
      await page.getByRole('heading', { name: heading }).waitFor();
      await page.getByLabel(otherPartnership.name).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${suite.waymark.baseUrl}/console/account`);
      const names = (await context.cookies()).map((c) => c.name);
      expect(names).toContain('waymark-console');
      expect(names).not.toContain('waymark-oidc-choice');
      const session = await suite.waymark.prisma.consoleSession.findFirst({ where: { userId: chosen.id } });
      expect(session?.method).toBe('OIDC');
    });
  });

  it('refuses the callback replayed, with or without the sign-in cookie', async () => {
    const since = new Date();
    await withContext(async (page, context) => {
      const callbackUrl = await callbackFor(page, 'officer');
      const pending = (await context.cookies(suite.waymark.baseUrl)).find((c) => c.name === PENDING_COOKIE)!;
      await page.goto(callbackUrl);
      expect(new URL(page.url()).pathname).toBe('/console/account');

      // The same callback again, from a browser that kept the sign-in cookie: used up.
      await context.clearCookies();
      await context.addCookies([pending]);
      const replayed = await page.goto(callbackUrl);
      expect(replayed?.status()).toBe(400);
      expect(await page.textContent('main')).toContain('This sign-in link has already been used');
      // And without it, as the cookie is cleared at the callback.
      const again = await page.goto(callbackUrl);
      expect(again?.status()).toBe(400);
      expect(await page.textContent('main')).toContain('started in another browser or tab');
      expect((await context.cookies()).map((c) => c.name)).not.toContain('waymark-console');
    });
    expect((await failures(since)).map((f) => f.reason)).toEqual(['replayed', 'expired']);
  });

  it('refuses a tampered state', async () => {
    const since = new Date();
    await withContext(async (page, context) => {
      const callbackUrl = new URL(await callbackFor(page, 'officer'));
      const tampered = new URL(callbackUrl);
      tampered.searchParams.set('state', `${callbackUrl.searchParams.get('state')}x`);
      const response = await page.goto(tampered.href);
      expect(response?.status()).toBe(400);
      expect(await page.textContent('main')).toContain('This sign-in did not start here');
      expect((await context.cookies()).map((c) => c.name)).not.toContain('waymark-console');
    });
    const recorded = await failures(since);
    expect(recorded).toEqual([
      expect.objectContaining({ reason: 'state-mismatch', detail: expect.any(String) }),
    ]);
  });
});

describe('console sign-in where OpenID Connect is not configured', () => {
  it('has no council-account button, and its routes answer 404', async () => {
    const { api } = await apiOnly();
    try {
      const http = request(api.getHttpServer());
      const page = await http.get('/console/sign-in').expect(200);
      expect(page.text).not.toContain('council account');
      expect(page.text).toContain('Email me a sign-in link');
      await http.get('/console/sign-in/oidc').expect(404);
      await http.get(`${OIDC_CALLBACK_PATH}?code=x&state=y`).expect(404);
      await http.post('/console/sign-in/oidc/choose').type('form').send({ userId: 'x' }).expect(404);
    } finally {
      await api.close();
    }
  });
});
