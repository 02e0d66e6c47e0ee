// Screenshots of each console page at desktop width and at 320 px, written to docs/images/console/ for the
// documentation (commit the PNGs). Each page is checked with axe as it is photographed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { expectAccessible, launchChromium } from '../support/browser';
import { ConsoleUser, createConsoleUser, signInToConsole } from '../support/console';
import { CONFLICT_PERIOD, ConsoleKpis, createConsoleKpis } from '../support/console-kpis';
import { waymarkSuite } from '../support/suite';

const OUT = join(__dirname, '..', '..', 'docs', 'images', 'console');
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, '320': { width: 320, height: 900 } };

describe('console screenshots', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  let kpis: ConsoleKpis | undefined;
  const withKpis = async () => (kpis ??= await createConsoleKpis(suite));

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    coordinator = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
    await triageExamples();
  });

  /** A reply waiting in triage and a piece of evidence, for the Replies and Evidence pages. */
  const examples: Record<string, string> = {};
  async function triageExamples() {
    const { prisma } = suite.waymark;
    const { partnership, strategy, priority, lead } = suite.fixture;
    const action = await prisma.action.create({
      data: {
        partnershipId: partnership.id,
        strategyId: strategy.id,
        priorityId: priority.id,
        ref: 'P1.2',
        title: 'Routine enquiry training for frontline health staff',
        text: 'Train frontline health staff in routine enquiry.',
        leadContactId: lead.id,
      },
    });
    const chase = await prisma.leadChase.create({
      data: { partnershipId: partnership.id, leadContactId: lead.id, periodKey: '2026-27-Q3' },
    });
    await prisma.updateRequest.create({
      data: {
        partnershipId: partnership.id,
        actionId: action.id,
        leadContactId: lead.id,
        chaseId: chase.id,
        periodKey: chase.periodKey,
        periodEnd: new Date('2027-01-01T00:00:00Z'),
        respondBy: new Date('2026-12-15T00:00:00Z'),
        tokenNonce: 'screenshot',
        tokenHash: 'screenshot',
        expiresAt: new Date('2027-02-01T00:00:00Z'),
      },
    });
    const reply = await prisma.inboundMessage.create({
      data: {
        partnershipId: partnership.id,
        messageId: '<screenshot-reply@police.example.org>',
        receivedVia: 'smtp',
        fromAddress: lead.email,
        subject: 'RE: Your update for Testshire: 1 action',
        outcome: 'NOT_UNDERSTOOD',
        leadChaseId: chase.id,
        matchedBy: 'reply-address',
        fields: { 'P1.2': { Status: 'nearly there', Progress: '80' } },
        problems: [
          'P1.2: Status "nearly there" is not one of: not started, on track, at risk, off track, blocked, complete',
        ],
      },
    });
    const evidence = await prisma.evidence.create({
      data: {
        partnershipId: partnership.id,
        actionId: action.id,
        kind: 'LINK',
        url: 'https://intranet.example.org/training/attendance-2026-q3',
      },
    });
    Object.assign(examples, { reply: reply.id, evidence: evidence.id });
  }
  afterAll(async () => browser?.close());

  /** Each page: its file name and how to reach it from a signed-in page. */
  const pages: Record<string, (page: Page) => Promise<void>> = {
    account: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/account`);
    },
    replies: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/replies`);
    },
    reply: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/replies/${examples.reply}`);
    },
    'reply-resolve': async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/replies/${examples.reply}/resolve`);
    },
    evidence: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/evidence`);
    },
    'evidence-item': async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/evidence/${examples.evidence}`);
    },
    'evidence-erase': async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/evidence/${examples.evidence}/erase`);
    },
    kpis: async (page) => {
      await withKpis();
      await page.goto(`${suite.waymark.baseUrl}/console/kpis`);
    },
    kpi: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/kpis/${(await withKpis()).incidents.id}`);
    },
    'kpi-conflict': async (page) => {
      const { incidents } = await withKpis();
      await page.goto(`${suite.waymark.baseUrl}/console/kpis/${incidents.id}/conflicts/${CONFLICT_PERIOD}`);
    },
  };

  it.each(Object.entries(VIEWPORTS))('photographs every page (%s)', async (width, viewport) => {
    const context = await browser.newContext({ viewport });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.waymark.baseUrl}/console/sign-in`);
      await page.screenshot({ path: join(OUT, `sign-in-${width}.png`), fullPage: true });
      await signInToConsole(page, suite, coordinator.email, '/console/account');
      for (const [name, open] of Object.entries(pages)) {
        await open(page);
        await expectAccessible(page);
        await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
      }
    } finally {
      await context.close();
    }
  });
});
