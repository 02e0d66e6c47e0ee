// The console's Return and review pages in real Chromium: the annual returns by financial year, a return's page
// (providers asked, answered and chased, the checks failing, sign-off, the workbook to download), the strategy
// review clock and a review's page (engagement, gates), axe at
// desktop and 320 px, the keyboard-only path from the navigation to a return; another partnership's
// coordinator gets the 404 page.
import { randomBytes } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { createPartnership } from '../support/fixtures';
import { expectAccessible, launchChromium } from '../support/browser';
import { consoleAgent, ConsoleUser, createConsoleUser, signInToConsole, tabTo } from '../support/console';
import { waymarkSuite } from '../support/suite';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };
const DAY = 86_400_000;

describe('the Return and review pages in Chromium', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  let keyboardUser: ConsoleUser;
  let returnId: string;
  let reviewId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    const { prisma } = suite.waymark;
    const partnershipId = suite.fixture.partnership.id;
    coordinator = await createConsoleUser(prisma, partnershipId);
    keyboardUser = await createConsoleUser(prisma, partnershipId);
    reviewId = (
      await suite
        .http()
        .post(`/api/strategies/${suite.fixture.strategy.id}/reviews`)
        .send({ title: 'Review of the 2026 strategy' })
        .expect(201)
    ).body.id;
    await suite
      .http()
      .post(`/api/reviews/${reviewId}/gates`)
      .send({ ref: 'G1', body: 'Cabinet', approves: 'The reviewed strategy', preconditions: [] })
      .expect(201);
    returnId = (await suite.http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body
      .id;
    // Two providers asked: one answered, one still waiting after a reminder.
    const waiting = await prisma.contact.create({
      data: { partnershipId, name: 'Pat Provider', email: `pat+${returnId}@refuge.example.org` },
    });
    const ask = (dataContactId: string) => ({
      partnershipId,
      returnId,
      dataContactId,
      serviceIds: [],
      asked: { Q04_INDIVIDUALS_TOTAL: [''] },
      respondBy: new Date(Date.now() + 14 * DAY),
      expiresAt: new Date(Date.now() + 60 * DAY),
      tokenNonce: randomBytes(16).toString('hex'),
      tokenHash: randomBytes(32).toString('hex'),
      sentAt: new Date(Date.now() - 10 * DAY),
    });
    await prisma.providerReturnRequest.create({
      data: { ...ask(suite.fixture.lead.id), state: 'ANSWERED', answeredAt: new Date(Date.now() - DAY) },
    });
    const open = await prisma.providerReturnRequest.create({ data: ask(waiting.id) });
    await prisma.outboundEmail.create({
      data: {
        partnershipId,
        idempotencyKey: `provider-return-request/${open.id}/reminder-1`,
        kind: 'provider-return-reminder',
        toAddress: waiting.email,
        subject: 'Reminder',
        messageId: `<statutory-${open.id}@example.org>`,
        status: 'SENT',
        sentAt: new Date(Date.now() - 3 * DAY),
      },
    });
  });
  afterAll(async () => browser?.close());

  async function withPage(viewport: typeof DESKTOP, use: (page: Page) => Promise<void>) {
    const context = await browser.newContext({ viewport });
    try {
      await use(await context.newPage());
    } finally {
      await context.close();
    }
  }

  it.each([
    ['desktop', DESKTOP],
    ['320 px', PHONE],
  ])(
    'shows the returns, a return, the review clock and a review, each accessible (%s)',
    async (_name, viewport) => {
      await withPage(viewport, async (page) => {
        await signInToConsole(page, suite, coordinator.email, '/console/statutory');
        const check = async () => {
          await expectAccessible(page);
          expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
            viewport.width,
          );
        };
        await check();
        const list = (await page
          .getByRole('table', { name: 'Annual returns by financial year' })
          .textContent())!;
        expect(list).toMatch(/2025-26\s*Collecting figures\s*1 of 2/);

        await page.getByRole('link', { name: '2025-26' }).click();
        await page.getByRole('heading', { name: 'Annual return 2025-26' }).waitFor();
        await check();
        const providers = (await page
          .getByRole('table', { name: 'Providers asked for their figures' })
          .textContent())!;
        expect(providers).toMatch(/Testshire Police[^]*Answered,/);
        expect(providers).toMatch(/Pat Provider[^]*1\s*Waiting for an answer/);
        expect(await page.textContent('main')).toMatch(/\d+ errors? to correct/);
        expect(await page.textContent('main')).toContain('Not yet sent for sign-off.');

        await page.goto(`${suite.waymark.baseUrl}/console/statutory`);
        // First published 1 April 2026: the first period runs to 31 March 2029, no review recorded yet.
        const main = (await page.textContent('main'))!;
        expect(main).toMatch(/Due by\s*Saturday 31 March 2029/);
        expect(main).toMatch(/Last reviewed\s*Not in this period/);
        await page.getByRole('link', { name: 'Review of the 2026 strategy' }).click();
        await page.getByRole('heading', { name: 'Review of the 2026 strategy' }).waitFor();
        await check();
        expect(await page.textContent('main')).toMatch(/Engagement\s*0 asked, 0 answered/);
        expect(await page.getByRole('table', { name: 'Approval gates, in order' }).textContent()).toMatch(
          /G1\s*Cabinet\s*Not asked yet/,
        );
      });
    },
  );

  it('reaches a return from the navigation with the keyboard alone', async () => {
    await withPage(DESKTOP, async (page) => {
      await signInToConsole(page, suite, keyboardUser.email, '/console');
      await tabTo(page, 'Return and review');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Return and review', level: 1 }).waitFor();
      await tabTo(page, '2025-26');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Annual return 2025-26' }).waitFor();
      await tabTo(page, /^Download the return workbook/);
    });
  });

  it('downloads the workbook; another partnership gets the 404 page', async () => {
    const { agent } = await consoleAgent(suite, coordinator.email);
    const file = await agent
      .get(`/console/statutory/returns/${returnId}/workbook`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Part4_Return_${suite.fixture.partnership.gssCode}_2025-26.xlsx"`,
    );
    expect((file.body as Buffer).subarray(0, 2).toString()).toBe('PK');

    const other = await createPartnership(suite.waymark.prisma);
    const outsider = await consoleAgent(
      suite,
      (await createConsoleUser(suite.waymark.prisma, other.partnership.id)).email,
    );
    for (const path of [
      `/console/statutory/returns/${returnId}`,
      `/console/statutory/returns/${returnId}/workbook`,
      `/console/statutory/returns/${returnId}/versions/1/workbook`,
      `/console/statutory/reviews/${reviewId}`,
    ]) {
      const res = await outsider.agent.get(path);
      expect([path, res.status, /Page not found/.test(res.text)]).toEqual([path, 404, true]);
    }
    const theirs = (await outsider.agent.get('/console/statutory').expect(200)).text;
    expect(theirs).not.toContain('2025-26');
    expect(theirs).not.toContain('Review of the 2026 strategy');
  });
});
