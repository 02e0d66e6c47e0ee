// Screenshots of each console page at desktop width and at 320 px, written to docs/images/console/ for the
// documentation (commit the PNGs), each page checked with axe (WCAG 2.2 AA) as it is photographed. A small
// plan: red, amber and stale actions, one with a lead's update proposing a new date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createAction, linksIn } from '../chasing/chasing-fixtures';
import { planFixture } from '../fixtures/plans/plan-fixtures';
import { expectAccessible, launchChromium } from '../support/browser';
import { ConsoleUser, createConsoleUser, signInToConsole } from '../support/console';
import { CONFLICT_PERIOD, createConsoleKpis } from '../support/console-kpis';
import { waymarkSuite } from '../support/suite';

const OUT = join(__dirname, '..', '..', 'docs', 'images', 'console');
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, '320': { width: 320, height: 900 } };

describe('console screenshots', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  let proposing: string;
  let incidents: string;
  let admin: ConsoleUser;
  let boardId: string;
  let returnId: string;
  let reviewId: string;
  const seedPlan = join(tmpdir(), `screenshots-${process.pid}-sandwell-implementation-plan.xlsx`);

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    const f = suite.fixture;
    coordinator = await createConsoleUser(suite.waymark.prisma, f.partnership.id);
    const plan = [
      { ref: '1.1', title: 'Train frontline staff in routine enquiry', rag: 'RED' },
      { ref: '1.2', title: 'Commission a perpetrator programme', rag: 'AMBER' },
      { ref: '1.3', title: 'Publish the safe accommodation needs assessment', rag: 'GREEN' },
    ] as const;
    const ids: string[] = [];
    for (const { ref, title, rag } of plan) {
      const res = await suite
        .http()
        .post('/api/actions')
        .send({
          strategyId: f.strategy.id,
          priorityId: f.priority.id,
          ref,
          title,
          text: `We will ${title.toLowerCase()}.`,
          leadContactId: f.lead.id,
          dueDate: '2027-03-31',
        })
        .expect(201);
      await suite.http().patch(`/api/actions/${res.body.id}`).send({ rag }).expect(200);
      ids.push(res.body.id);
    }
    proposing = ids[0];
    const message = await suite.catcher.waitFor(
      (m) => m.to.includes(f.lead.email) && '1.1' in linksIn(m),
      30_000,
    );
    await request(suite.waymark.api.getHttpServer())
      .post(new URL(linksIn(message)['1.1']).pathname)
      .type('form')
      .send({
        status: 'OFF_TRACK',
        percentComplete: '40',
        commentary:
          'Two of five sessions delivered. The trainer left in October; a new provider starts in July.',
        blockers: 'No trainer until the new contract starts.',
        proposedDueDateDay: '30',
        proposedDueDateMonth: '9',
        proposedDueDateYear: '2027',
        proposedDueDateReason: 'Provider changed',
      })
      .expect(303);
    // An action without a priority, its date as the plan wrote it.
    await createAction(suite.http(), f, f.lead.id, '2.1', 'during 2027');
    await triageExamples();
    admin = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id, 'ADMIN');
    writeFileSync(seedPlan, await planFixture('sandwell-implementation-plan.xlsx').build());
    const board = await suite.waymark.prisma.board.create({
      data: { partnershipId: suite.fixture.partnership.id, name: 'Domestic Abuse Local Partnership Board' },
    });
    boardId = board.id;
    await suite.waymark.prisma.boardMember.create({
      data: { boardId, contactId: suite.fixture.lead.id, category: 'POLICING_CRIMINAL_JUSTICE' },
    });
    await suite.waymark.prisma.boardMeeting.create({
      data: { boardId, meetsOn: new Date(Date.now() + 40 * 86_400_000) },
    });
    incidents = (await createConsoleKpis(suite)).incidents.id;
    returnId = (await suite.http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body
      .id;
    reviewId = (
      await suite
        .http()
        .post(`/api/strategies/${f.strategy.id}/reviews`)
        .send({ title: 'Review of the domestic abuse strategy' })
        .expect(201)
    ).body.id;
    await suite
      .http()
      .post(`/api/reviews/${reviewId}/gates`)
      .send({ ref: 'G1', body: 'Cabinet', approves: 'The reviewed strategy', preconditions: [] })
      .expect(201);
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
    // The lead's chase for the period (the plan's own actions may have started it already).
    const chase = await prisma.leadChase.upsert({
      where: { leadContactId_periodKey: { leadContactId: lead.id, periodKey: '2026-27-Q3' } },
      create: { partnershipId: partnership.id, leadContactId: lead.id, periodKey: '2026-27-Q3' },
      update: {},
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

  /** Each page: its file name and its address. */
  const pages = (): Record<string, string> => ({
    overview: '/console',
    actions: '/console/actions',
    action: `/console/actions/${proposing}`,
    'decide-proposed-date': `/console/actions/${proposing}/proposed-date`,
    account: '/console/account',
    replies: '/console/replies',
    reply: `/console/replies/${examples.reply}`,
    'reply-resolve': `/console/replies/${examples.reply}/resolve`,
    evidence: '/console/evidence',
    'evidence-item': `/console/evidence/${examples.evidence}`,
    'evidence-erase': `/console/evidence/${examples.evidence}/erase`,
    kpis: '/console/kpis',
    kpi: `/console/kpis/${incidents}`,
    'kpi-conflict': `/console/kpis/${incidents}/conflicts/${CONFLICT_PERIOD}`,
    plan: '/console/plan',
    board: `/console/board/${boardId}`,
    statutory: '/console/statutory',
    'annual-return': `/console/statutory/returns/${returnId}`,
    'strategy-review': `/console/statutory/reviews/${reviewId}`,
  });

  it.each(Object.entries(VIEWPORTS))('photographs every page (%s)', async (width, viewport) => {
    const context = await browser.newContext({ viewport });
    const shoot = async (page: Page, name: string) => {
      await expectAccessible(page);
      await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
    };
    try {
      const page = await context.newPage();
      await page.goto(`${suite.waymark.baseUrl}/console/sign-in`);
      await shoot(page, 'sign-in');
      await signInToConsole(page, suite, coordinator.email);
      for (const [name, path] of Object.entries(pages())) {
        await page.goto(`${suite.waymark.baseUrl}${path}`);
        await shoot(page, name);
      }
      // The check before a change.
      await page.goto(`${suite.waymark.baseUrl}/console/actions/${proposing}/proposed-date`);
      await page.getByLabel('Approve: it becomes the due date').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Check: Decide the proposed date' }).waitFor();
      await shoot(page, 'check-before-change');
      // A plan's dry run, as the page shows it before anything is written.
      await page.goto(`${suite.waymark.baseUrl}/console/plan`);
      await page.locator('input[type=file]').first().setInputFiles(seedPlan);
      await page.getByRole('button', { name: 'Check the plan' }).click();
      await page.getByRole('heading', { name: 'Check the plan before importing it' }).waitFor();
      await shoot(page, 'plan-check');
      // Users and tokens, as an admin.
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
      await signInToConsole(page, suite, admin.email, '/console/users');
      await shoot(page, 'users');
    } finally {
      await context.close();
    }
  });
});
