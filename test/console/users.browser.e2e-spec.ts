// The console's Users and tokens pages (admins only) in real Chromium: adding a user, issuing a token shown
// once that then works on the admin API, revoking it, archiving the user after a confirmation; axe at desktop
// and 320 px; other roles refused; another partnership's admin gets 404 and changes nothing.
import request from 'supertest';
import { Browser, Page } from 'playwright-core';
import { createPartnership } from '../support/fixtures';
import { expectAccessible, launchChromium } from '../support/browser';
import { ConsoleUser, consoleAgent, createConsoleUser, signInToConsole } from '../support/console';
import { waymarkSuite } from '../support/suite';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };

describe('the Users and tokens pages in Chromium', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let admin: ConsoleUser;

  beforeAll(async () => {
    browser = await launchChromium();
    admin = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id, 'ADMIN');
  });
  afterAll(async () => browser?.close());

  const me = (token: string) =>
    request(suite.waymark.api.getHttpServer()).get('/api/me').set('authorization', `Bearer ${token}`);

  it.each([
    ['desktop', DESKTOP],
    ['320 px', PHONE],
  ])('adds a user, issues and revokes a token, archives the user (%s)', async (width, viewport) => {
    const context = await browser.newContext({ viewport });
    const page: Page = await context.newPage();
    const check = async () => {
      await expectAccessible(page);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
    };
    try {
      await signInToConsole(page, suite, admin.email, '/console/users');
      await page.getByRole('heading', { name: 'Users and tokens' }).waitFor();
      await check();

      // A mistake first: the error summary and the field's message.
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      expect(await page.textContent('main')).toContain('Enter the person’s name');
      await check();

      const email = `new.officer.${width.replace(/\W/g, '')}@council.example.org`;
      await page.getByLabel('Name').fill('Nia Officer');
      await page.getByLabel('Work email address').fill(email);
      await page.getByLabel('Board viewer').check();
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.getByRole('heading', { name: 'Nia Officer' }).waitFor();
      await check();

      await page.getByLabel('What the token is for').fill('KPI upload');
      await page.getByRole('button', { name: 'Issue token' }).click();
      await page.getByRole('heading', { name: 'Token issued' }).waitFor();
      await check();
      const token = await page.getByLabel('The token').inputValue();
      expect((await me(token).expect(200)).body).toMatchObject({ role: 'BOARD_VIEWER' });
      const stored = await suite.waymark.prisma.apiToken.findFirstOrThrow({
        where: { name: 'KPI upload', user: { email } },
      });
      expect(stored.tokenHash).not.toContain(token);

      await page.getByRole('link', { name: 'I have copied it: back to the user' }).click();
      expect(await page.textContent('main')).not.toContain(token);
      await page.getByRole('button', { name: 'Revoke token KPI upload' }).click();
      await page.getByRole('heading', { name: 'Nia Officer' }).waitFor();
      expect(await page.textContent('main')).toContain('Revoked');
      await me(token).expect(401);

      await page.getByRole('link', { name: 'Archive Nia Officer' }).click();
      await page.getByRole('heading', { name: 'Are you sure you want to archive Nia Officer?' }).waitFor();
      await check();
      await page.getByRole('button', { name: 'Archive Nia Officer' }).click();
      await page.getByRole('heading', { name: 'Nia Officer' }).waitFor();
      expect(await page.textContent('main')).toMatch(/Archived \w+day/);
      const archived = await suite.waymark.prisma.user.findFirstOrThrow({ where: { email } });
      expect(archived.archivedAt).not.toBeNull();
      const audit = await suite.waymark.prisma.auditEvent.findMany({
        where: { entityId: archived.id, event: { in: ['user.created', 'user.archived'] } },
      });
      expect(audit.map((e) => [e.event, e.actorId]).sort()).toEqual([
        ['user.archived', admin.userId],
        ['user.created', admin.userId],
      ]);
    } finally {
      await context.close();
    }
  });

  it('is for admins only: no link and a refusal for a coordinator', async () => {
    const coordinator = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
    const { agent } = await consoleAgent(suite, coordinator.email);
    const account = await agent.get('/console/account').expect(200);
    expect(account.text).not.toContain('href="/console/users"');
    const refused = await agent.get('/console/users').expect(403);
    expect(refused.text).toContain('You cannot do this');
    const asAdmin = await consoleAgent(suite, admin.email);
    expect((await asAdmin.agent.get('/console/account').expect(200)).text).toContain('href="/console/users"');
  });

  it("answers 404 to another partnership's admin on every user page, changing nothing", async () => {
    const { prisma } = suite.waymark;
    const target = await createConsoleUser(prisma, suite.fixture.partnership.id);
    const token = await prisma.apiToken.create({
      data: {
        userId: target.userId,
        name: 'theirs',
        tokenHash: `hash-${target.userId}`,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const other = await createPartnership(prisma);
    const outsider = await consoleAgent(
      suite,
      (await createConsoleUser(prisma, other.partnership.id, 'ADMIN')).email,
    );
    const before = await prisma.auditEvent.count({ where: { partnershipId: suite.fixture.partnership.id } });
    const tokens = await prisma.apiToken.count({ where: { userId: target.userId } });
    const base = `/console/users/${target.userId}`;
    const form = { _csrf: outsider.csrf, name: 'stolen' };
    const answers = [
      await outsider.agent.get(base),
      await outsider.agent.get(`${base}/archive`),
      await outsider.agent.post(`${base}/archive`).type('form').send(form),
      await outsider.agent.post(`${base}/tokens`).type('form').send(form),
      await outsider.agent.post(`${base}/tokens/${token.id}/revoke`).type('form').send(form),
    ];
    expect(answers.map((r) => [r.status, /Page not found/.test(r.text)])).toEqual(
      answers.map(() => [404, true]),
    );
    expect(await prisma.user.findUniqueOrThrow({ where: { id: target.userId } })).toMatchObject({
      archivedAt: null,
    });
    expect(await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({
      revokedAt: null,
    });
    expect(await prisma.apiToken.count({ where: { userId: target.userId } })).toBe(tokens);
    expect(await prisma.auditEvent.count({ where: { partnershipId: suite.fixture.partnership.id } })).toBe(
      before,
    );
  });
});
