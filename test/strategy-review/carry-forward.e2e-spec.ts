// Carrying the old strategy's plan into the new one once its review has approved it, on real PostgreSQL,
// Temporal and SMTP: a mixed plan (one action carried with a new due date, one closed with a note, one
// dropped with a reason, one finished already and left alone), KPIs continuing, starting a new series and
// retired; the old actions' workflows finish, the new action's workflow runs, and nothing is carried twice.
import request from 'supertest';
import type { CaughtMessage } from '@waymark/devstack';
import { TemporalClient } from '@waymark/temporal';
import { actionWorkflowId } from '@waymark/workflows';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { waymarkSuite } from '../support/suite';

const GATE_LINK = /\/g\/[A-Za-z0-9_-]{43}/;

describe('carrying the plan forward after a strategy review', () => {
  const suite = waymarkSuite();
  const http = () => suite.http();

  it('carries, closes and drops the unfinished actions, moves the KPIs and ends the old workflows', async () => {
    const { waymark, fixture, catcher } = suite;
    const { prisma } = waymark;
    const temporal = waymark.api.get(TemporalClient).client;
    const partnershipId = fixture.partnership.id;
    const oldStrategyId = fixture.strategy.id;

    // The old plan: four actions, each with its workflow running; one finished already.
    const action = async (ref: string, title: string) =>
      (
        await http()
          .post('/api/actions')
          .send({
            strategyId: oldStrategyId,
            priorityId: fixture.priority.id,
            ref,
            title,
            text: `${title}, across the partnership.`,
            leadContactId: fixture.lead.id,
            dueDate: '2029-03-31',
          })
          .expect(201)
      ).body.id as string;
    const carried = await action('P1.1', 'Train response officers in coercive control');
    const closed = await action('P1.2', 'Publish a survivor-informed referral pathway');
    const dropped = await action('P1.3', 'Pilot a perpetrator helpline');
    const finished = await action('P1.4', 'Map specialist services');
    await prisma.action.update({
      where: { id: carried },
      data: { status: 'AT_RISK', rag: 'AMBER', percentComplete: 40 },
    });
    await http().post(`/api/actions/${finished}/complete`).send({ note: 'Map published' }).expect(200);
    const kpi = (code: string) =>
      prisma.kpi.create({
        data: { partnershipId, strategyId: oldStrategyId, code, name: `KPI ${code}`, unit: 'COUNT' },
      });
    const [referrals, helpline, training] = [
      await kpi('REFERRALS'),
      await kpi('HELPLINE'),
      await kpi('TRAINED'),
    ];
    await prisma.actionKpi.create({ data: { actionId: carried, kpiId: training.id } });

    // The new strategy, and a review of the old with one gate.
    const newStrategy = (
      await http()
        .post('/api/strategies')
        .send({
          title: 'Testshire Domestic Abuse Strategy 2029-2032',
          periodStart: '2029-04-01',
          periodEnd: '2032-03-31',
        })
        .expect(201)
    ).body;
    const review = (
      await http()
        .post(`/api/strategies/${oldStrategyId}/reviews`)
        .send({ title: 'Strategy review 2029' })
        .expect(201)
    ).body;
    const base = `/api/reviews/${review.id}`;
    await http()
      .post(`${base}/stages`)
      .send({ key: 'approval', name: 'Approval', startsOn: '2026-12-01', endsOn: '2027-12-31' })
      .expect(201);
    const cabinet = await prisma.contact.create({
      data: {
        partnershipId,
        name: 'Cllr Cabinet',
        email: `cabinet+${partnershipId.slice(0, 8)}@council.example.org`,
      },
    });
    await http()
      .post(`${base}/gates`)
      .send({
        ref: 'G1',
        body: 'Cabinet',
        approverContactId: cabinet.id,
        approves: 'The new strategy',
        kind: 'approval',
        stageKey: 'approval',
      })
      .expect(201);

    const decisions = {
      newStrategyId: newStrategy.id,
      actions: [
        { actionId: carried, choice: 'carry', dueDate: '2030-03-31', note: 'Half the districts trained' },
        { actionId: closed, choice: 'close', note: 'Pathway published; refresh folded into P2' },
        { actionId: dropped, choice: 'drop', note: 'Commissioned nationally instead' },
      ],
      kpis: [
        { kpiId: helpline.id, series: 'new' },
        { kpiId: referrals.id, series: 'retire' },
      ],
    };

    // Not before the new strategy is approved.
    expect((await http().get(`${base}/carry-forward`).expect(200)).body).toMatchObject({
      state: 'not-yet',
      actions: [{ ref: 'P1.1' }, { ref: 'P1.2' }, { ref: 'P1.3' }],
    });
    await http().post(`${base}/carry-forward`).send(decisions).expect(409);

    await http().post(`${base}/start`).send({}).expect(201);
    const ask = await catcher.waitFor((m: CaughtMessage) => m.to.includes(cabinet.email), 60_000);
    await request(waymark.api.getHttpServer())
      .post((ask.text ?? '').match(GATE_LINK)![0])
      .type('form')
      .send({ decision: 'approve', decidedBy: 'Cllr Cabinet' })
      .expect(303);
    await eventually(async () => {
      expect((await http().get(`${base}/progress`).expect(200)).body.state).toBe('APPROVED');
    }, 30_000);

    // All or nothing: an undecided action, a taken ref and a stranger's action are named; nothing is written.
    const actionsBefore = await prisma.action.count({ where: { partnershipId } });
    const refused = await http()
      .post(`${base}/carry-forward`)
      .send({
        ...decisions,
        actions: [
          { ...decisions.actions[0], ref: 'P1.1' },
          decisions.actions[1],
          { actionId: finished, choice: 'drop', note: 'x' },
        ],
      })
      .expect(422);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'actions.2.actionId', message: 'Not an unfinished action of the old strategy' },
        { field: 'actions', message: 'No decision for P1.3' },
      ]),
    );
    await http()
      .post('/api/actions')
      .send({
        strategyId: newStrategy.id,
        ref: 'P1.1',
        title: 'Refresh the coercive control training',
        text: 'A refresher for officers trained before 2029.',
        leadContactId: fixture.lead.id,
        dueDate: '2030-01-31',
      })
      .expect(201);
    const taken = await http().post(`${base}/carry-forward`).send(decisions).expect(422);
    expect(taken.body.errors).toEqual([
      { field: 'actions.0.ref', message: 'The new plan has an action P1.1 already: give another ref' },
    ]);
    expect(await prisma.action.count({ where: { partnershipId } })).toBe(actionsBefore + 1);
    expect(await prisma.carryForwardDecision.count({ where: { reviewId: review.id } })).toBe(0);

    const chosen = {
      ...decisions,
      actions: [{ ...decisions.actions[0], ref: 'P2.1' }, ...decisions.actions.slice(1)],
    };
    const done = (await http().post(`${base}/carry-forward`).send(chosen).expect(200)).body;
    expect(done.state).toBe('carried-forward');
    expect(
      done.actions.map((a: { ref: string; decision: { choice: string } }) => [a.ref, a.decision.choice]),
    ).toEqual([
      ['P1.1', 'carry'],
      ['P1.2', 'close'],
      ['P1.3', 'drop'],
    ]);
    expect(done.kpis).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'TRAINED', series: 'continues' }),
        expect.objectContaining({ code: 'HELPLINE', series: 'new from 2029-04-01' }),
        expect.objectContaining({ code: 'REFERRALS', series: 'retired' }),
      ]),
    );

    // The carried action: same lead and text, the new due date, its status and history linked.
    const newAction = await prisma.action.findFirstOrThrow({
      where: { strategyId: newStrategy.id, ref: 'P2.1' },
      include: { kpis: true, leadOrganisations: true },
    });
    expect(newAction).toMatchObject({
      title: 'Train response officers in coercive control',
      leadContactId: fixture.lead.id,
      carriedFromActionId: carried,
      status: 'AT_RISK',
      percentComplete: 40,
    });
    expect(newAction.dueDate?.toISOString().slice(0, 10)).toBe('2030-03-31');
    expect(newAction.kpis.map((k) => k.kpiId)).toEqual([training.id]);
    expect(newAction.leadOrganisations.map((o) => o.organisationId)).toEqual([fixture.organisation.id]);

    // The old actions are closed through their workflows, which end; the finished one is untouched.
    const old = async (id: string) => prisma.action.findUniqueOrThrow({ where: { id } });
    expect(await old(carried)).toMatchObject({
      status: 'AT_RISK',
      closingNote:
        'Carried forward into Testshire Domestic Abuse Strategy 2029-2032 as P2.1: Half the districts trained',
    });
    expect(await old(closed)).toMatchObject({
      status: 'COMPLETE',
      closingNote: 'Pathway published; refresh folded into P2',
    });
    expect(await old(dropped)).toMatchObject({
      status: 'CANCELLED',
      closingNote: 'Commissioned nationally instead',
    });
    expect((await old(finished)).closingNote).toBe('Map published');
    for (const id of [carried, closed, dropped])
      await eventually(async () => {
        expect((await temporal.workflow.getHandle(actionWorkflowId(id)).describe()).status.name).toBe(
          'COMPLETED',
        );
      }, 30_000);
    expect((await temporal.workflow.getHandle(actionWorkflowId(newAction.id)).describe()).status.name).toBe(
      'RUNNING',
    );
    expect(
      await prisma.updateRequest.count({
        where: { actionId: { in: [carried, closed, dropped] }, state: 'OPEN' },
      }),
    ).toBe(0);

    // KPIs: one continues in the new strategy, one starts a new series there, one is retired.
    const kpiNow = (id: string) => prisma.kpi.findUniqueOrThrow({ where: { id } });
    expect(await kpiNow(training.id)).toMatchObject({ strategyId: newStrategy.id, seriesBreakFrom: null });
    expect((await kpiNow(helpline.id)).strategyId).toBe(newStrategy.id);
    expect((await kpiNow(referrals.id)).archivedAt).not.toBeNull();
    await http()
      .post(`/api/kpis/${helpline.id}/values`)
      .send({ periodKey: '2028-29', value: 120 })
      .expect(201);
    await http()
      .post(`/api/kpis/${helpline.id}/values`)
      .send({ periodKey: '2029-30', value: 80 })
      .expect(201);
    const values = await prisma.kpiValue.findMany({
      where: { kpiId: helpline.id },
      orderBy: { periodKey: 'asc' },
    });
    expect(values.map((v) => [v.periodKey, v.seriesBreak])).toEqual([
      ['2028-29', false],
      ['2029-30', true],
    ]);

    // Asked again: the same decisions change nothing; other decisions are refused.
    await http().post(`${base}/carry-forward`).send(chosen).expect(200);
    expect(await prisma.action.count({ where: { strategyId: newStrategy.id } })).toBe(2);
    await http()
      .post(`${base}/carry-forward`)
      .send({
        ...chosen,
        actions: [{ ...chosen.actions[0] }, { ...chosen.actions[1], choice: 'drop' }, chosen.actions[2]],
      })
      .expect(409);

    const events = await prisma.auditEvent.findMany({
      where: { partnershipId, event: { startsWith: 'action.' } },
    });
    expect(events.filter((e) => e.event === 'action.carried-forward').map((e) => e.entityId)).toEqual([
      carried,
    ]);
    const summary = await prisma.auditEvent.findFirstOrThrow({
      where: { partnershipId, event: 'strategy-review.carried-forward' },
    });
    expect(summary.after).toMatchObject({
      carried: 1,
      closed: 1,
      dropped: 1,
      kpis: { continued: 1, newSeries: 1, retired: 1 },
    });

    await recordHistory(waymark.config.TEMPORAL_ADDRESS, actionWorkflowId(carried), 'action-carried-forward');
  });
});
