// Signing in to the coordinators' console by email link, sessions and their time-outs, sign-out (here and
// everywhere) and CSRF, on the real API, PostgreSQL and SMTP (the links come through the mail catcher).
import { createHash } from 'node:crypto';
import request from 'supertest';
import { ConsoleUser, consoleAgent, createConsoleUser, signInLinkFor } from '../support/console';
import { waymarkSuite } from '../support/suite';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('signing in to the console', () => {
  const suite = waymarkSuite();
  const anonymous = () => request.agent(suite.waymark.api.getHttpServer());
  let coordinator: ConsoleUser;

  beforeAll(async () => {
    coordinator = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
  });

  const caught = () => new Set(suite.catcher.messages().map((m) => m.id));
  const audit = (event: string) =>
    suite.waymark.prisma.auditEvent.findMany({ where: { event }, orderBy: { id: 'asc' } });

  it('sends an unsigned visitor to sign in, keeping the page to return to', async () => {
    const res = await anonymous().get('/console/account?tab=sessions').expect(303);
    expect(res.headers.location).toBe('/console/sign-in?returnTo=%2Fconsole%2Faccount%3Ftab%3Dsessions');
    const page = await anonymous().get(res.headers.location).expect(200);
    expect(page.text).toContain('value="/console/account?tab=sessions"');
    // Another origin is never a place to return to.
    const elsewhere = await anonymous()
      .get('/console/sign-in?returnTo=https://evil.example.org/')
      .expect(200);
    expect(elsewhere.text).toContain('name="returnTo" value="/console"');
  });

  it('signs in by a link that works once, hashed at rest, opening the page asked for', async () => {
    const browser = anonymous();
    const seen = caught();
    const asked = await browser
      .post('/console/sign-in')
      .type('form')
      .send({ email: coordinator.email.toUpperCase(), returnTo: '/console/account' })
      .expect(200);
    expect(asked.text).toContain('Check your email');
    const link = new URL(await signInLinkFor(suite, coordinator.email, seen));
    const token = link.pathname.split('/').pop()!;
    const stored = await suite.waymark.prisma.consoleSignInLink.findFirstOrThrow({
      where: { userId: coordinator.userId },
      orderBy: { createdAt: 'desc' },
    });
    expect(stored.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    // Opening the link (as a mail scanner would) uses nothing; the button does.
    const opened = await browser.get(link.pathname).expect(200);
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    expect(opened.text).toContain('Continue');
    const signedIn = await browser.post(link.pathname).type('form').send({}).expect(303);
    expect(signedIn.headers.location).toBe('/console/account');
    const cookie = signedIn.headers['set-cookie'][0];
    expect(cookie).toMatch(/^waymark-console=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const account = await browser.get('/console/account').expect(200);
    expect(account.text).toContain(coordinator.email);
    expect(account.headers['cache-control']).toBe('no-store');
    const session = await suite.waymark.prisma.consoleSession.findFirstOrThrow({
      where: { userId: coordinator.userId, method: 'EMAIL_LINK' },
    });
    expect(session.tokenHash).toBe(sha256(/^waymark-console=([^;]+)/.exec(cookie)![1]));

    // Used: a second press, in another browser, signs nobody in.
    const again = await anonymous().post(link.pathname).type('form').send({}).expect(410);
    expect(again.text).toContain('This sign-in link has been used');
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await audit('console.signed-in')).at(-1)).toMatchObject({
      entityId: session.id,
      actorId: coordinator.userId,
      channel: 'console',
      after: { method: 'EMAIL_LINK' },
    });
    expect((await audit('console.sign-in.failed')).at(-1)).toMatchObject({
      entityId: stored.id,
      after: { method: 'EMAIL_LINK', reason: 'used' },
    });
  });

  it('refuses an expired link and an unknown one, and says the same for an unknown address', async () => {
    const seen = caught();
    await anonymous().post('/console/sign-in').type('form').send({ email: coordinator.email }).expect(200);
    const link = new URL(await signInLinkFor(suite, coordinator.email, seen));
    await suite.waymark.prisma.consoleSignInLink.updateMany({
      where: { tokenHash: sha256(link.pathname.split('/').pop()!) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await anonymous().get(link.pathname).expect(410)).text).toContain(
      'This sign-in link has expired',
    );
    const refused = await anonymous().post(link.pathname).type('form').send({}).expect(410);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect((await audit('console.sign-in.failed')).at(-1)?.after).toEqual({
      method: 'EMAIL_LINK',
      reason: 'expired',
    });
    await anonymous()
      .post(`/console/sign-in/link/${'x'.repeat(43)}`)
      .type('form')
      .send({})
      .expect(404);

    const before = suite.catcher.messages().length;
    const nobody = await anonymous()
      .post('/console/sign-in')
      .type('form')
      .send({ email: 'nobody@test.invalid' })
      .expect(200);
    expect(nobody.text).toContain('Check your email');
    expect((await audit('console.sign-in-link.refused')).at(-1)?.after).toEqual({
      reason: 'unknown-address',
    });
    const bad = await anonymous()
      .post('/console/sign-in')
      .type('form')
      .send({ email: 'not an email' })
      .expect(400);
    expect(bad.text).toContain('Enter an email address in the correct format');
    expect(suite.catcher.messages().length).toBe(before);
  });

  /** A user of their own: one user may be sent only five links in 15 minutes. */
  const freshUser = () => createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);

  it('ends a session after the idle time-out and at the absolute one', async () => {
    const { prisma } = suite.waymark;
    const coordinator = await freshUser();
    const { agent: idle } = await consoleAgent(suite, coordinator.email);
    const { agent: old } = await consoleAgent(suite, coordinator.email);
    const [idleSession, oldSession] = await prisma.consoleSession.findMany({
      where: { userId: coordinator.userId, revokedAt: null },
      orderBy: { createdAt: 'desc' },
      take: 2,
    });
    await idle.get('/console/account').expect(200);
    await prisma.consoleSession.update({
      where: { id: oldSession.id },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    await prisma.consoleSession.update({
      where: { id: idleSession.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    for (const agent of [idle, old]) {
      const res = await agent.get('/console/account').expect(303);
      expect(res.headers.location).toBe('/console/sign-in?returnTo=%2Fconsole%2Faccount');
    }
  });

  it('signs out here, and everywhere', async () => {
    const coordinator = await freshUser();
    const first = await consoleAgent(suite, coordinator.email);
    const second = await consoleAgent(suite, coordinator.email);
    const third = await consoleAgent(suite, coordinator.email);

    const out = await first.agent
      .post('/console/sign-out')
      .type('form')
      .send({ _csrf: first.csrf })
      .expect(200);
    expect(out.text).toContain('You have signed out');
    expect(out.headers['set-cookie'][0]).toMatch(/^waymark-console=;/);
    await first.agent.get('/console/account').expect(303);
    await second.agent.get('/console/account').expect(200);

    const everywhere = await second.agent
      .post('/console/sign-out/everywhere')
      .type('form')
      .send({ _csrf: second.csrf })
      .expect(200);
    expect(everywhere.text).toContain('on every device');
    await second.agent.get('/console/account').expect(303);
    await third.agent.get('/console/account').expect(303);
    expect(
      await suite.waymark.prisma.consoleSession.count({
        where: { userId: coordinator.userId, revokedAt: null },
      }),
    ).toBe(0);
    expect((await audit('console.signed-out-everywhere')).at(-1)?.after).toEqual({ sessionsEnded: 2 });
  });

  it('refuses a form without its session token, changing nothing', async () => {
    const coordinator = await freshUser();
    const { agent, csrf } = await consoleAgent(suite, coordinator.email);
    for (const sent of [{}, { _csrf: 'forged' }, { _csrf: `${csrf.slice(1)}x` }]) {
      const res = await agent.post('/console/sign-out/everywhere').type('form').send(sent).expect(403);
      expect(res.text).toContain('This form has expired');
    }
    await agent.get('/console/account').expect(200);
  });

  it('limits the links one user may be sent', async () => {
    const limited = await freshUser();
    for (let i = 0; i < 6; i += 1)
      await anonymous().post('/console/sign-in').type('form').send({ email: limited.email }).expect(200);
    expect(await suite.waymark.prisma.consoleSignInLink.count({ where: { userId: limited.userId } })).toBe(5);
    expect((await audit('console.sign-in-link.refused')).at(-1)).toMatchObject({
      entityId: limited.userId,
      after: { reason: 'too-many', recent: 5 },
    });
  });
});
