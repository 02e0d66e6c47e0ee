// Housekeeping runs in the worker, once per cluster: the `housekeeping` Temporal Schedule, which every
// worker keeps in step with RECONCILE_INTERVAL_SECONDS and runs once at start; each sweep is a named
// activity, called page by page.
import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { HousekeepingSchedule, TemporalClient } from '@waymark/temporal';
import {
  HousekeepingResult,
  HousekeepingSweep,
  annualReturnScheduleId,
  housekeepingWorkflow,
} from '@waymark/workflows';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { waymarkSuite } from '../support/suite';

const SWEEPS: HousekeepingSweep[] = [
  'startMissingActionWorkflows',
  'stopArchivedActionWorkflows',
  'createKpiCollectionSchedules',
  'resendUpdateConfirmations',
  'resendInboundAnswers',
  'warnReviewsDue',
  'createAnnualReturnSchedules',
  'signalUnsignalledUpdates',
  'signalUnsignalledAnswers',
];

describe('housekeeping in the worker', () => {
  const suite = waymarkSuite({ RECONCILE_INTERVAL_SECONDS: '3600' });
  const client = () => suite.waymark.worker.get(TemporalClient).client;

  /** The activity calls of a run, by sweep, in order. */
  async function sweepCalls(workflowId: string): Promise<HousekeepingSweep[]> {
    const history = await client().workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).flatMap((event) => {
      const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
      return name ? [name as HousekeepingSweep] : [];
    });
  }

  it('keeps the schedule from the configuration and runs it once at start; 0 deletes it', async () => {
    const { waymark } = suite;
    const schedule = waymark.worker.get(HousekeepingSchedule);
    const described = await schedule.handle().describe();
    expect(described.spec.intervals).toMatchObject([{ every: 3_600_000 }]);
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'housekeepingWorkflow',
      workflowId: 'housekeeping',
      taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
    });
    expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);

    // The run at the worker's start: every sweep ran, in order, and none failed.
    const workflowId = await eventually(async () => {
      const [run] = (await schedule.handle().describe()).info.recentActions;
      expect(run).toBeDefined();
      return run.action.workflow.workflowId;
    });
    const result: HousekeepingResult = await client().workflow.getHandle(workflowId).result();
    expect(result.failed).toEqual([]);
    expect([...new Set(await sweepCalls(workflowId))]).toEqual(SWEEPS);
    await recordHistory(waymark.config.TEMPORAL_ADDRESS, workflowId, 'housekeeping');

    await schedule.sync(0);
    await expect(schedule.handle().describe()).rejects.toThrow(ScheduleNotFoundError);
  });

  it('sweeps page by page: more archived actions than a page take two calls', async () => {
    const { waymark, fixture } = suite;
    await waymark.prisma.action.createMany({
      data: Array.from({ length: 201 }, (_, i) => ({
        partnershipId: fixture.partnership.id,
        strategyId: fixture.strategy.id,
        ref: `OLD-${i + 1}`,
        title: 'An action archived long ago',
        text: 'Archived: it has no workflow.',
        archivedAt: new Date(),
      })),
    });
    const workflowId = `housekeeping-test/${randomUUID()}`;
    const result = await client().workflow.execute(housekeepingWorkflow, {
      workflowId,
      taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
    });
    expect(result).toMatchObject({ stopped: [], failed: [] });
    const calls = await sweepCalls(workflowId);
    expect(calls.filter((sweep) => sweep === 'stopArchivedActionWorkflows').length).toBeGreaterThanOrEqual(2);
  });

  it('tells the workflows of answers left unsignalled, kind by kind and page by page, once', async () => {
    const { waymark, fixture } = suite;
    const { prisma } = waymark;
    const partnershipId = fixture.partnership.id;
    const day = 86_400_000;
    // Answered long ago while Temporal was down; their collections have never run here, so nothing is left
    // to tell them (a workflow that is not there needs no signal), and each is marked.
    const request = (i: number, answered: boolean) => ({
      partnershipId,
      periodKey: `2019-20-Q1-${i}`,
      dataOwnerContactId: fixture.lead.id,
      respondBy: new Date(Date.now() - 30 * day),
      expiresAt: new Date(Date.now() + 30 * day),
      tokenNonce: randomUUID(),
      tokenHash: randomUUID(),
      state: answered ? ('ANSWERED' as const) : ('OPEN' as const),
      answeredAt: answered ? new Date(Date.now() - 40 * day) : null,
    });
    await prisma.kpiValueRequest.createMany({
      data: [...Array.from({ length: 201 }, (_, i) => request(i, true)), request(201, false)],
    });
    const answered = await prisma.kpiValueRequest.findMany({
      where: { partnershipId, answeredAt: { not: null } },
      select: { id: true },
    });
    expect(answered).toHaveLength(201);

    const workflowId = `housekeeping-test/${randomUUID()}`;
    const result: HousekeepingResult = await client().workflow.execute(housekeepingWorkflow, {
      workflowId,
      taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
    });
    expect(result.failed).toEqual([]);
    // Other files' answers may share the database (and are told too): these 201 are all among those told.
    const ours = new Set(answered.map((r) => `kpi-values/${r.id}`));
    expect(result.answersSignalled!.filter((told) => ours.has(told)).sort()).toEqual([...ours].sort());
    // At least two pages of KPI requests, then providers' answers and engagement responses, a page or more each.
    const calls = await sweepCalls(workflowId);
    expect(calls.filter((sweep) => sweep === 'signalUnsignalledAnswers').length).toBeGreaterThanOrEqual(4);
    expect(
      await prisma.kpiValueRequest.count({
        where: { partnershipId, answeredAt: { not: null }, signalledAt: null },
      }),
    ).toBe(0);
    // The unanswered request has nothing to tell.
    expect(await prisma.kpiValueRequest.count({ where: { partnershipId, signalledAt: null } })).toBe(1);

    const again: HousekeepingResult = await client().workflow.execute(housekeepingWorkflow, {
      workflowId: `housekeeping-test/${randomUUID()}`,
      taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
    });
    expect(again.answersSignalled!.filter((told) => ours.has(told))).toEqual([]);
  });

  it('opens a review for planning 15 months before its window closes, and warns of one overdue, once', async () => {
    const { waymark } = suite;
    const { prisma } = waymark;
    const partnershipId = suite.fixture.partnership.id;
    // First published 5 January 2022 with no review recorded: the first window closed on 4 January 2025.
    const strategy = await prisma.strategy.create({
      data: {
        partnershipId,
        title: 'Strategy never reviewed',
        periodStart: new Date('2022-01-01'),
        periodEnd: new Date('2024-12-31'),
        firstPublishedOn: new Date('2022-01-05'),
      },
    });
    const chair = await prisma.contact.create({
      data: { partnershipId, name: 'Chris Fictional', email: `chair.${randomUUID()}@example.org` },
    });
    const board = await prisma.board.create({ data: { partnershipId, name: 'DA Local Partnership Board' } });
    await prisma.boardMember.create({
      data: {
        boardId: board.id,
        contactId: chair.id,
        isChair: true,
        role: 'Chair',
        category: 'LOCAL_AUTHORITY',
      },
    });

    // First published 22 months ago: its window closes in 14 months, so its review is opened for planning.
    const firstPublished = new Date();
    firstPublished.setUTCMonth(firstPublished.getUTCMonth() - 22);
    const dueSoon = await prisma.strategy.create({
      data: {
        partnershipId,
        title: 'Strategy due for review',
        periodStart: firstPublished,
        periodEnd: new Date(firstPublished.getTime() + 3 * 365 * 86_400_000),
        firstPublishedOn: firstPublished,
      },
    });

    const run = async (workflowId: string): Promise<HousekeepingResult> =>
      client().workflow.execute(housekeepingWorkflow, {
        workflowId,
        taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
      });
    const firstId = `housekeeping-test/${randomUUID()}`;
    const first = await run(firstId);
    expect(first.reviewWarningsSent).toContain(strategy.id);
    expect(first.reviewWarningsSent).not.toContain(dueSoon.id);
    const proposals = () => prisma.strategyReview.findMany({ where: { strategyId: dueSoon.id } });
    expect(await proposals()).toEqual([
      expect.objectContaining({ state: 'PLANNING', windowNumber: 0, createdBy: 'waymark' }),
    ]);
    const proposed = await suite.catcher.waitFor(
      (m) => m.subject.startsWith('Plan the review of Strategy due for review'),
      30_000,
    );
    expect(proposed.to).toEqual([suite.fixture.partnership.coordinatorEmail]);
    // The overdue strategy's current window is proposed too, beside its warnings.
    expect(
      await prisma.strategyReview.count({ where: { strategyId: strategy.id, createdBy: 'waymark' } }),
    ).toBe(1);
    const subject = 'Strategy review overdue: Strategy never reviewed';
    const warned = await eventually(async () => {
      const sent = suite.catcher.messages().filter((m) => m.subject === subject);
      expect(sent).toHaveLength(2);
      return sent;
    });
    expect(warned.flatMap((m) => m.to).sort()).toEqual(
      [suite.fixture.partnership.coordinatorEmail, chair.email].sort(),
    );
    expect(warned[0].text).toContain(
      'no review is recorded for Wednesday 5 January 2022 to Saturday 4 January 2025',
    );

    // The next run sends nothing again.
    const second = await run(`housekeeping-test/${randomUUID()}`);
    expect(second.reviewWarningsSent).not.toContain(strategy.id);
    expect(suite.catcher.messages().filter((m) => m.subject === subject)).toHaveLength(2);
    expect(await proposals()).toHaveLength(1);
    expect(suite.catcher.messages().filter((m) => m.subject === proposed.subject)).toHaveLength(1);
    await recordHistory(waymark.config.TEMPORAL_ADDRESS, firstId, 'housekeeping-review-warnings');
  });

  it('gives a partnership with commissioned services its April annual return schedule, once', async () => {
    const { waymark, fixture } = suite;
    const partnershipId = fixture.partnership.id;
    await waymark.prisma.safeAccommodationService.create({
      data: {
        partnershipId,
        name: 'Harbour refuge',
        providerOrganisationId: fixture.organisation.id,
        accommodationType: 'REFUGE',
      },
    });
    const run = (): Promise<HousekeepingResult> =>
      client().workflow.execute(housekeepingWorkflow, {
        workflowId: `housekeeping-test/${randomUUID()}`,
        taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
      });
    expect((await run()).annualReturnSchedules).toContain(partnershipId);
    const described = await client().schedule.getHandle(annualReturnScheduleId(partnershipId)).describe();
    expect(described.spec.calendars).toMatchObject([
      { month: [{ start: 'APRIL' }], dayOfMonth: [{ start: 1 }] },
    ]);
    expect(described.action).toMatchObject({ workflowType: 'annualReturnRoundWorkflow' });
    expect((await run()).annualReturnSchedules).not.toContain(partnershipId);
  });
});
