// Replies needing attention (/console/replies) in real Chromium: axe at desktop and 320 px, the keyboard-only
// journey "triage an unreadable reply", board viewers refused as on the API, CSRF, and a second resolve refused.
import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, launchChromium } from '../support/browser';
import { consoleAgent, ConsoleUser, createConsoleUser, signInToConsole, tabTo } from '../support/console';
import { waymarkSuite } from '../support/suite';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };

describe('replies needing attention in the console', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  let action: { id: string; ref: string };

  /** A reply that matched the lead's chase but could not be read, as the pipeline keeps it. */
  async function unreadableReply(subject: string) {
    const { prisma } = suite.waymark;
    const f = suite.fixture;
    const chase = await prisma.leadChase.create({
      data: {
        partnershipId: f.partnership.id,
        leadContactId: f.lead.id,
        periodKey: `2026-27-${randomUUID()}`,
      },
    });
    await prisma.updateRequest.create({
      data: {
        partnershipId: f.partnership.id,
        actionId: action.id,
        leadContactId: f.lead.id,
        chaseId: chase.id,
        periodKey: chase.periodKey,
        periodEnd: new Date('2027-01-01T00:00:00Z'),
        respondBy: new Date('2026-12-15T00:00:00Z'),
        tokenNonce: randomUUID(),
        tokenHash: randomUUID(),
        expiresAt: new Date('2027-02-01T00:00:00Z'),
      },
    });
    return prisma.inboundMessage.create({
      data: {
        partnershipId: f.partnership.id,
        messageId: `<${randomUUID()}@police.example.org>`,
        receivedVia: 'smtp',
        fromAddress: f.lead.email,
        subject,
        outcome: 'NOT_UNDERSTOOD',
        leadChaseId: chase.id,
        matchedBy: 'reply-address',
        fields: { [action.ref]: { Status: 'nearly there' } },
        problems: [
          'P1.1: Status "nearly there" is not one of: not started, on track, at risk, off track, blocked, complete',
        ],
      },
    });
  }

  beforeAll(async () => {
    browser = await launchChromium();
    const { prisma } = suite.waymark;
    coordinator = await createConsoleUser(prisma, suite.fixture.partnership.id);
    action = await prisma.action.create({
      data: {
        partnershipId: suite.fixture.partnership.id,
        strategyId: suite.fixture.strategy.id,
        priorityId: suite.fixture.priority.id,
        ref: 'P1.1',
        title: 'Train frontline staff in routine enquiry',
        text: 'Train frontline staff.',
        leadContactId: suite.fixture.lead.id,
      },
    });
  });
  afterAll(async () => browser?.close());

  async function withPage(
    viewport: typeof DESKTOP,
    use: (page: Page, context: BrowserContext) => Promise<void>,
  ) {
    const context = await browser.newContext({ viewport });
    try {
      await use(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  it.each([
    ['desktop', DESKTOP],
    ['320 px', PHONE],
  ])('lists, shows and confirms accessibly (%s)', async (_name, viewport) => {
    const reply = await unreadableReply(`Re: Update please (${viewport.width})`);
    await withPage(viewport, async (page) => {
      await signInToConsole(page, suite, coordinator.email, '/console/replies');
      expect(await page.textContent('main')).toContain(reply.subject);
      await expectAccessible(page);
      for (const path of [`/console/replies/${reply.id}`, `/console/replies/${reply.id}/resolve`]) {
        await page.goto(`${suite.waymark.baseUrl}${path}`);
        await expectAccessible(page);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          viewport.width,
        );
      }
      const main = await page.textContent('main');
      expect(main).toContain(suite.fixture.lead.email);
    });
  });

  it('triages an unreadable reply with the keyboard alone', async () => {
    const reply = await unreadableReply('Re: Your update for Testshire');
    await withPage(DESKTOP, async (page) => {
      await signInToConsole(page, suite, coordinator.email, '/console/account');
      await tabTo(page, 'Replies');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Replies needing attention' }).waitFor();

      await tabTo(page, new RegExp(`^${reply.subject}`));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: reply.subject }).waitFor();
      const main = (await page.textContent('main')) ?? '';
      expect(main).toContain('Could not be read');
      expect(main).toContain('Status "nearly there" is not one of');
      expect(main).toContain('P1.1: Train frontline staff in routine enquiry');
      expect(main).toContain('nearly there');

      await tabTo(page, 'Mark as dealt with');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Mark this reply as dealt with' }).waitFor();
      await tabTo(page, '#note');
      await page.keyboard.type('Asked the lead again by phone');
      await tabTo(page, 'Mark as dealt with');
      await page.keyboard.press('Enter');

      await page.getByText('The reply was marked as dealt with').waitFor();
      expect(new URL(page.url()).pathname).toBe('/console/replies');
      expect(await page.textContent('main')).not.toContain(reply.subject);
    });
    const { prisma } = suite.waymark;
    expect(
      (await prisma.inboundMessage.findUniqueOrThrow({ where: { id: reply.id } })).resolvedAt,
    ).not.toBeNull();
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { entityId: reply.id, event: 'inbound.resolved' },
    });
    expect(event.actorId).toBe(coordinator.userId);
    expect(event.after).toMatchObject({ note: 'Asked the lead again by phone' });
  });

  it('says so in plain English when the reply was dealt with already, and refuses a form without its token', async () => {
    const reply = await unreadableReply('Re: Twice');
    const { agent, csrf } = await consoleAgent(suite, coordinator.email);
    await agent
      .post(`/console/replies/${reply.id}/resolve`)
      .type('form')
      .send({ note: 'no token' })
      .expect(403)
      .expect(/This form has expired/);
    await agent.post(`/console/replies/${reply.id}/resolve`).type('form').send({ _csrf: csrf }).expect(303);
    const again = await agent
      .post(`/console/replies/${reply.id}/resolve`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
    expect(again.text).toContain('Someone has already marked this reply as dealt with. Nothing was changed.');
    expect(
      await suite.waymark.prisma.auditEvent.count({
        where: { entityId: reply.id, event: 'inbound.resolved' },
      }),
    ).toBe(1);
  });

  it('refuses board viewers, as the API does, and shows them no link to it', async () => {
    const reply = await unreadableReply('Re: Not for viewers');
    const viewer = await createConsoleUser(
      suite.waymark.prisma,
      suite.fixture.partnership.id,
      'BOARD_VIEWER',
    );
    const { agent } = await consoleAgent(suite, viewer.email);
    const account = await agent.get('/console/account').expect(200);
    expect(account.text).not.toContain('href="/console/replies"');
    await agent
      .get('/console/replies')
      .expect(403)
      .expect(/You cannot do this/);
    const page = await agent.get(`/console/replies/${reply.id}`).expect(403);
    expect(page.text).not.toContain(suite.fixture.lead.email);
  });
});
