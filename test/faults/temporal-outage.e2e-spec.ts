// Temporal unreachable while a lead answers: the update form still records the answer (PostgreSQL) and shows
// the lead their confirmation; the action's workflow is told once Temporal is back, by housekeeping (the
// update is marked unsignalled until then), and only once. The workflow keeps the latest update whatever
// order, and however often, updates are told. Against a Temporal dev server of the test's own, stopped and
// started again on the same address with its state on disk. The same, by one mechanism (AnswerSignals), for
// a data owner's KPI figures, a provider's answers for the annual return and a consultee's response to the
// strategy review: recorded and shown at once, the request marked unsignalled, its workflow told by
// housekeeping when Temporal is back (the collection closes, the return's draft is ready), once.
import request from 'supertest';
import { Update } from '@waymark/db';
import { MailCatcherHandle, startMailCatcher } from '@waymark/devstack';
import {
  ActionWorkflows,
  AnnualReturnWorkflows,
  KpiCollectionWorkflows,
  StrategyReviewWorkflows,
  TemporalClient,
} from '@waymark/temporal';
import { actionWorkflowId, housekeepingWorkflow, kpiCollectionWorkflowId } from '@waymark/workflows';
import { createAction, linksIn } from '../chasing/chasing-fixtures';
import { httpAs } from '../support/auth';
import { eventually } from '../support/eventually';
import { createPartnership } from '../support/fixtures';
import { recordHistory } from '../support/histories';
import { runHousekeeping } from '../support/housekeeping';
import { Restartable, restartableTemporal } from '../support/restartable';
import { RunningWaymark, startWaymark } from '../support/waymark';

describe('answers given while Temporal is unreachable', () => {
  let temporal: Restartable;
  let catcher: MailCatcherHandle;
  let waymark: RunningWaymark;

  beforeAll(async () => {
    temporal = await restartableTemporal();
    catcher = await startMailCatcher({ log: () => undefined });
    waymark = await startWaymark({ SMTP_URL: catcher.smtpUrl, TEMPORAL_ADDRESS: temporal.address });
  });
  afterAll(async () => {
    await waymark?.stop();
    await temporal?.close();
    await catcher?.stop();
  });

  const answer = (path: string, commentary: string) =>
    request(waymark.api.getHttpServer())
      .post(path)
      .field('status', 'AT_RISK')
      .field('percentComplete', '40')
      .field('commentary', commentary)
      .field('blockers', '');

  it('records the answer at once, and the workflow learns of it when Temporal is back, once', async () => {
    const f = await createPartnership(waymark.prisma);
    const actionId = await createAction(await httpAs(waymark, f.partnership.id), f, f.lead.id, 'T1');
    const asked = await catcher.waitFor((m) => m.to.includes(f.lead.email), 60_000);
    const path = new URL(linksIn(asked).T1).pathname;
    const workflows = waymark.api.get(ActionWorkflows);
    await eventually(async () => expect((await workflows.state(actionId)).requestId).not.toBeNull());

    await temporal.stop();
    const started = Date.now();
    const res = await answer(path, 'Recorded while Temporal was away.').expect(303);
    const waited = Date.now() - started;
    expect(res.headers.location).toBe(`${path}/confirmation`);
    // The lead waits a few seconds at most, not for Temporal's retries.
    expect(waited).toBeLessThan(10_000);
    const confirmation = await request(waymark.api.getHttpServer()).get(`${path}/confirmation`).expect(200);
    expect(confirmation.text).toContain('Recorded while Temporal was away.');
    const update = await waymark.prisma.update.findFirstOrThrow({
      where: { actionId },
      include: { updateRequest: true },
    });
    expect(update).toMatchObject({ commentary: 'Recorded while Temporal was away.', signalledAt: null });
    expect(update.updateRequest?.state).toBe('ANSWERED');
    // The confirmation email goes through SMTP, which is up.
    await catcher.waitFor(
      (m) => m.to.includes(f.lead.email) && m.subject.startsWith('Update received'),
      30_000,
    );

    await temporal.start();
    // One housekeeping run, as the schedule starts it, under an ID of its own to record its history.
    const housekeepingId = `housekeeping-test/told-late-${update.id}`;
    const result = await waymark.api.get(TemporalClient).client.workflow.execute(housekeepingWorkflow, {
      workflowId: housekeepingId,
      taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
    });
    expect(result.failed).toEqual([]);
    // Other files' updates may be in the shared database: this one is among those told, and told once.
    expect(result.updatesSignalled).toContain(update.id);
    await eventually(async () => {
      const state = await workflows.state(actionId);
      expect(state.lastUpdate).toMatchObject({ updateId: update.id, status: 'AT_RISK', percentComplete: 40 });
    });
    const signalled = await waymark.prisma.update.findUniqueOrThrow({ where: { id: update.id } });
    expect(signalled.signalledAt).not.toBeNull();
    // Told once: the next run does not tell it again.
    expect((await runHousekeeping(waymark)).updatesSignalled).not.toContain(update.id);

    // A later answer with Temporal up is told at once; the earlier one told again (late, or twice) is kept out.
    await answer(path, 'A later answer.').expect(303);
    const later = await waymark.prisma.update.findFirstOrThrow({
      where: { actionId, commentary: 'A later answer.' },
    });
    expect(later.signalledAt).not.toBeNull();
    const told = (u: Update) =>
      workflows.updateSubmitted(actionId, {
        updateId: u.id,
        requestId: u.updateRequestId,
        status: u.status,
        percentComplete: u.percentComplete,
        submittedAt: u.submittedAt.toISOString(),
        proposedDueDate: null,
      });
    await told(update);
    await told(later);
    await told(update);
    expect((await workflows.state(actionId)).lastUpdate?.updateId).toBe(later.id);

    await recordHistory(temporal.address, actionWorkflowId(actionId), 'action-update-told-late');
    await recordHistory(temporal.address, housekeepingId, 'housekeeping-updates-signalled');
  });

  it("records a data owner's figures at once; the collection learns of them when Temporal is back, once, and closes", async () => {
    const f = await createPartnership(waymark.prisma);
    const partnershipId = f.partnership.id;
    const http = await httpAs(waymark, partnershipId);
    for (const [code, name] of [
      ['MARAC-CASES', 'High-risk cases heard at MARAC'],
      ['MARAC-REPEATS', 'Repeat cases heard at MARAC'],
    ]) {
      await http
        .post('/api/kpis')
        .send({ code, name, unit: 'COUNT', frequency: 'QUARTERLY', dataOwnerContactId: f.lead.id })
        .expect(201);
    }
    const periodKey = '2026-27-Q1';
    const respondBy = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    await http.post('/api/kpi-collections').send({ periodKey, respondBy }).expect(201);
    const asked = await catcher.waitFor(
      (m) => m.to.includes(f.lead.email) && /figures needed/.test(m.subject),
      60_000,
    );
    const token = (asked.text ?? '').match(new RegExp(`${waymark.baseUrl}/k/([A-Za-z0-9_-]{43})`))![1];
    const collections = waymark.api.get(KpiCollectionWorkflows);
    await eventually(async () =>
      expect(await collections.state(partnershipId, periodKey)).toMatchObject({
        phase: 'awaiting-values',
        requests: [{ sent: true, answered: false }],
      }),
    );

    await temporal.stop();
    const started = Date.now();
    await request(waymark.api.getHttpServer())
      .post(`/k/${token}`)
      .type('form')
      .send({ 'item-0-value': '240', 'item-1-value': '92', 'item-0-note': '', 'item-1-note': '' })
      .expect(303)
      .expect('location', `/k/${token}/confirmation`);
    // The data owner waits a few seconds at most, not for Temporal's retries.
    expect(Date.now() - started).toBeLessThan(10_000);
    const confirmation = await request(waymark.api.getHttpServer())
      .get(`/k/${token}/confirmation`)
      .expect(200);
    expect(confirmation.text).toContain('Figures received');
    const answered = await waymark.prisma.kpiValueRequest.findFirstOrThrow({ where: { partnershipId } });
    expect(answered).toMatchObject({ state: 'ANSWERED', signalledAt: null });
    expect(answered.answeredAt).not.toBeNull();
    expect(await waymark.prisma.kpiValue.count({ where: { valueRequestId: answered.id } })).toBe(2);

    await temporal.start();
    const housekeepingId = `housekeeping-test/answers-told-late-${answered.id}`;
    const result = await waymark.api.get(TemporalClient).client.workflow.execute(housekeepingWorkflow, {
      workflowId: housekeepingId,
      taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
    });
    expect(result.failed).toEqual([]);
    expect(result.answersSignalled).toContain(`kpi-values/${answered.id}`);
    // Every data owner has answered: the collection closes now, not at the deadline a week away.
    await eventually(async () =>
      expect(await collections.state(partnershipId, periodKey)).toMatchObject({
        phase: 'closed',
        requests: [{ requestId: answered.id, answered: true }],
      }),
    );
    const signalled = await waymark.prisma.kpiValueRequest.findUniqueOrThrow({ where: { id: answered.id } });
    expect(signalled.signalledAt).not.toBeNull();
    // Told once: the next run does not tell it again.
    expect((await runHousekeeping(waymark)).answersSignalled).not.toContain(`kpi-values/${answered.id}`);

    await recordHistory(
      temporal.address,
      kpiCollectionWorkflowId(partnershipId, periodKey),
      'kpi-collection-told-late',
    );
    await recordHistory(temporal.address, housekeepingId, 'housekeeping-answers-signalled');
  });

  it("records a provider's answers at once; the annual return learns of them when Temporal is back, once, and drafts", async () => {
    const f = await createPartnership(waymark.prisma);
    const partnershipId = f.partnership.id;
    const http = await httpAs(waymark, partnershipId);
    const organisation = await waymark.prisma.organisation.create({
      data: { partnershipId, name: 'Oak Housing', kind: 'CHARITY' },
    });
    const contact = await waymark.prisma.contact.create({
      data: {
        partnershipId,
        organisationId: organisation.id,
        name: 'Oak Data',
        email: `oak+${partnershipId.slice(0, 8)}@example.org`,
      },
    });
    await http
      .post('/api/safe-accommodation-services')
      .send({
        name: 'Oak refuge',
        providerOrganisationId: organisation.id,
        accommodationType: 'REFUGE',
        dataContactId: contact.id,
        contractStart: '2024-04-01',
      })
      .expect(201);
    const financialYear = '2025-26';
    const opened = (await http.post('/api/returns').send({ financialYear }).expect(201)).body;
    const respondBy = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    await http.post(`/api/returns/${opened.id}/collection`).send({ respondBy }).expect(201);
    const asked = await catcher.waitFor((m) => m.to.includes(contact.email), 60_000);
    const token = (asked.text ?? '').match(/\/p\/([A-Za-z0-9_-]{43})/)![1];
    const returns = waymark.api.get(AnnualReturnWorkflows);
    await eventually(async () =>
      expect(await returns.state(partnershipId, financialYear)).toMatchObject({
        phase: 'collecting',
        providers: [{ sent: true, answered: false }],
      }),
    );

    await temporal.stop();
    const started = Date.now();
    const cell = (key: string, code = '') => `cell:${key}:${code}`;
    await request(waymark.api.getHttpServer())
      .post(`/p/${token}`)
      .type('form')
      .send({
        [cell('Q04_INDIVIDUALS_TOTAL')]: '38',
        [cell('Q04_INDIVIDUALS_BY_GROUP', 'women')]: '22',
        [cell('Q04_INDIVIDUALS_BY_GROUP', 'men')]: '0',
        [cell('Q04_INDIVIDUALS_BY_GROUP', 'trans-adults')]: '0',
        [cell('Q04_INDIVIDUALS_BY_GROUP', 'children')]: '16',
        [cell('Q01_BEDSPACES', 'refuge')]: '12',
        'not-recorded:Q05_UNABLE_INSTANCES': 'yes',
        action: 'send',
      })
      .expect(303);
    // The provider waits a few seconds at most, not for Temporal's retries.
    expect(Date.now() - started).toBeLessThan(10_000);
    const answered = await waymark.prisma.providerReturnRequest.findFirstOrThrow({
      where: { partnershipId },
    });
    expect(answered).toMatchObject({ state: 'ANSWERED', signalledAt: null });

    await temporal.start();
    const result = await runHousekeeping(waymark);
    expect(result.failed).toEqual([]);
    expect(result.answersSignalled).toContain(`provider-answers/${answered.id}`);
    // Every provider has answered: the draft is ready now, not at the deadline a week away.
    await eventually(async () =>
      expect(await returns.state(partnershipId, financialYear)).toMatchObject({
        phase: 'drafted',
        providers: [{ requestId: answered.id, answered: true }],
      }),
    );
    const signalled = await waymark.prisma.providerReturnRequest.findUniqueOrThrow({
      where: { id: answered.id },
    });
    expect(signalled.signalledAt).not.toBeNull();
    expect((await runHousekeeping(waymark)).answersSignalled).not.toContain(
      `provider-answers/${answered.id}`,
    );
  });

  it("records a consultee's response at once; the review learns of it when Temporal is back, once", async () => {
    const f = await createPartnership(waymark.prisma);
    const partnershipId = f.partnership.id;
    const http = await httpAs(waymark, partnershipId);
    const consultee = await waymark.prisma.contact.create({
      data: {
        partnershipId,
        organisationId: f.organisation.id,
        name: 'Alex Forum',
        email: `forum+${partnershipId.slice(0, 8)}@example.org`,
      },
    });
    const review = (
      await http
        .post(`/api/strategies/${f.strategy.id}/reviews`)
        .send({ title: 'Strategy review 2028' })
        .expect(201)
    ).body;
    const base = `/api/reviews/${review.id}`;
    await http
      .post(`${base}/stages`)
      .send({ key: 'engagement', name: 'Engagement', startsOn: '2026-10-01', endsOn: '2026-11-30' })
      .expect(201);
    await http
      .post(`${base}/activities`)
      .send({
        ref: 'E1',
        group: "Survivors' forum",
        contactId: consultee.id,
        aim: "Hear the survivors' forum on the strategy",
        questions: ['What helped you most?'],
        stageKey: 'engagement',
      })
      .expect(201);
    // Someone must approve the reviewed strategy, in a stage still to come (no one else is asked here).
    await http
      .post(`${base}/stages`)
      .send({ key: 'approval', name: 'Approval', startsOn: '2027-06-01', endsOn: '2027-07-31' })
      .expect(201);
    await http
      .post(`${base}/gates`)
      .send({
        ref: 'G1',
        body: 'Partnership board',
        approverContactId: f.lead.id,
        approves: 'The final strategy',
        kind: 'approval',
        preconditions: [],
        stageKey: 'approval',
      })
      .expect(201);
    const respondBy = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    await http.post(`${base}/start`).send({ respondBy }).expect(201);
    const asked = await catcher.waitFor((m) => m.to.includes(consultee.email), 60_000);
    const link = (asked.text ?? '').match(/\/e\/[A-Za-z0-9_-]{43}/)![0];
    const reviews = waymark.api.get(StrategyReviewWorkflows);
    const ref = { id: review.id, strategyId: f.strategy.id };
    await eventually(async () =>
      expect(await reviews.state(ref)).toMatchObject({ requests: [{ sent: true, answered: false }] }),
    );

    await temporal.stop();
    const started = Date.now();
    await request(waymark.api.getHttpServer())
      .post(link)
      .field('answer-1', 'Being believed the first time.')
      .expect(303);
    // The consultee waits a few seconds at most, not for Temporal's retries.
    expect(Date.now() - started).toBeLessThan(10_000);
    const answered = await waymark.prisma.engagementRequest.findFirstOrThrow({
      where: { reviewId: review.id },
    });
    expect(answered).toMatchObject({ state: 'ANSWERED', signalledAt: null });
    expect(await waymark.prisma.engagementResponse.count({ where: { requestId: answered.id } })).toBe(1);

    await temporal.start();
    const result = await runHousekeeping(waymark);
    expect(result.failed).toEqual([]);
    expect(result.answersSignalled).toContain(`engagement-response/${answered.id}`);
    await eventually(async () =>
      expect(await reviews.state(ref)).toMatchObject({
        requests: [{ requestId: answered.id, answered: true }],
      }),
    );
    const signalled = await waymark.prisma.engagementRequest.findUniqueOrThrow({
      where: { id: answered.id },
    });
    expect(signalled.signalledAt).not.toBeNull();
    expect((await runHousekeeping(waymark)).answersSignalled).not.toContain(
      `engagement-response/${answered.id}`,
    );
  });
});
