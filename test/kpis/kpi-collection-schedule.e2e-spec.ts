// Each period's KPI collection starts by itself: a Temporal Schedule per partnership runs a round when a
// quarter (or month) ends, and a round that fires twice, or meets a collection started by hand, starts nothing.
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { KpiCollectionSchedules, TemporalClient, kpiCollectionRound } from '@waymark/temporal';
import type { KpiCollectionRoundResult } from '@waymark/workflows';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { runHousekeeping } from '../support/housekeeping';
import { createPartnership } from '../support/fixtures';
import { createOwnedCounts } from '../support/kpis';
import { waymarkSuite } from '../support/suite';

describe('scheduled KPI collection rounds', () => {
  const suite = waymarkSuite();
  const http = () => suite.http();
  const schedules = () => suite.waymark.api.get(KpiCollectionSchedules);

  afterAll(async () => {
    await schedules()
      ?.handle(suite.fixture.partnership.id)
      .delete()
      .catch(() => undefined);
  });

  it('starts the round for the period just ended, once however often the schedule fires', async () => {
    const { catcher, fixture, waymark } = suite;
    const partnershipId = fixture.partnership.id;
    await createOwnedCounts(suite, [['IDVA-REFERRALS', 'Referrals to IDVA services']]);

    const set = await http().put(`/api/kpi-collections/schedule/${partnershipId}`).send({}).expect(200);
    expect(set.body).toMatchObject({
      scheduleId: `kpi-collection/${partnershipId}`,
      cadence: 'QUARTERLY',
      workingDaysToRespond: 15,
    });
    // 09:00 London time on 1 January, April, July or October (08:00 UTC in summer time).
    for (const next of set.body.nextRounds as string[])
      expect(next).toMatch(/^\d{4}-(01-01T09|04-01T08|07-01T08|10-01T08):00:00\.000Z$/);
    const handle = schedules().handle(partnershipId);
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Europe/London');
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'kpiCollectionRoundWorkflow',
    });

    // Fire it twice (as a catch-up after an outage might): one collection, one email.
    const round = kpiCollectionRound(new Date(), 'QUARTERLY', 15);
    const client = waymark.api.get(TemporalClient).client;
    const fire = async (times: number) => {
      await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
      return eventually(async () => {
        const { info } = await handle.describe();
        expect(info.recentActions).toHaveLength(times);
        const { workflowId } = info.recentActions[times - 1].action.workflow;
        return (await client.workflow.getHandle(workflowId).result()) as KpiCollectionRoundResult;
      }, 60_000);
    };
    expect(await fire(1)).toEqual({ ...round, started: true });
    // Run IDs carry the firing time to the second: wait for the next second so the second firing runs.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await fire(2)).toEqual({ ...round, started: false });

    await catcher.waitFor((m) => m.to.includes(fixture.lead.email), 60_000);
    const state = (await http().get(`/api/kpi-collections/${partnershipId}/${round.periodKey}`).expect(200))
      .body;
    expect(state).toMatchObject({ periodKey: round.periodKey, deadline: round.respondBy });
    await http()
      .post('/api/kpi-collections')
      .send({ periodKey: round.periodKey, respondBy: round.respondBy })
      .expect(201)
      .expect((res) => expect(res.body.started).toBe(false));
    expect(catcher.messages().filter((m) => m.to.includes(fixture.lead.email))).toHaveLength(1);
    expect(await waymark.prisma.kpiValueRequest.count({ where: { partnershipId } })).toBe(1);

    const { info } = await handle.describe();
    await recordHistory(
      waymark.config.TEMPORAL_ADDRESS,
      info.recentActions[0].action.workflow.workflowId,
      'kpi-collection-round',
    );

    // Monthly rounds instead: the same schedule, updated.
    const monthly = await http()
      .put(`/api/kpi-collections/schedule/${partnershipId}`)
      .send({ cadence: 'MONTHLY', workingDaysToRespond: 5 })
      .expect(200);
    expect(monthly.body).toMatchObject({ cadence: 'MONTHLY', workingDaysToRespond: 5 });
    expect(monthly.body.nextRounds[0]).toMatch(/^\d{4}-\d{2}-01T0[89]:00:00\.000Z$/);
  });

  it('refuses a bad cadence or an unknown partnership, and schedules nothing', async () => {
    await http()
      .put(`/api/kpi-collections/schedule/${suite.fixture.partnership.id}`)
      .send({ cadence: 'WEEKLY' })
      .expect(400);
    await http()
      .put('/api/kpi-collections/schedule/00000000-0000-4000-8000-000000000000')
      .send({})
      .expect(404);
    await expect(schedules().handle('00000000-0000-4000-8000-000000000000').describe()).rejects.toThrow();
  });

  it('gives a partnership with data owners its quarterly schedule on the housekeeping run, never overwriting one', async () => {
    const { prisma } = suite.waymark;
    const owning = await createPartnership(prisma);
    const ownerless = await createPartnership(prisma);
    const kpi = (partnershipId: string, code: string, extra: object) =>
      prisma.kpi.create({
        data: { partnershipId, code, name: code, unit: 'COUNT', frequency: 'QUARTERLY', ...extra },
      });
    await kpi(owning.partnership.id, 'REFERRALS', { dataOwnerContactId: owning.lead.id });
    // Nobody to ask: a derived KPI, and one without a data owner.
    await kpi(ownerless.partnership.id, 'RATE', { formula: '1', dataOwnerContactId: ownerless.lead.id });
    await kpi(ownerless.partnership.id, 'LOOSE', {});
    try {
      const pass = await runHousekeeping(suite.waymark);
      expect(pass.kpiSchedules).toContain(owning.partnership.id);
      expect(pass.kpiSchedules).not.toContain(ownerless.partnership.id);
      const described = await schedules().handle(owning.partnership.id).describe();
      expect(described.state.note).toBe('KPI collection quarterly, 15 working days to respond');
      await expect(schedules().handle(ownerless.partnership.id).describe()).rejects.toThrow();

      // A coordinator's own settings stay as they are.
      await schedules().sync({
        partnershipId: owning.partnership.id,
        cadence: 'MONTHLY',
        workingDaysToRespond: 5,
      });
      expect((await runHousekeeping(suite.waymark)).kpiSchedules).not.toContain(owning.partnership.id);
      expect((await schedules().handle(owning.partnership.id).describe()).state.note).toBe(
        'KPI collection monthly, 5 working days to respond',
      );
    } finally {
      await schedules()
        .handle(owning.partnership.id)
        .delete()
        .catch(() => undefined);
    }
  });
});
