// One action chased and answered, end to end, on real components: the API and the worker as npm start
// runs them, real PostgreSQL and Temporal (test/global-setup.ts) and a real SMTP server (the catcher).
import { MailCatcherHandle, startMailCatcher } from '@waymark/devstack';
import { ActionControls, ChaseMailer, PeriodPlanner } from '@waymark/chasing';
import { ActionWorkflows, TemporalClient } from '@waymark/temporal';
import { UpdateRequestsService, hashToken } from '@waymark/update-requests';
import { actionWorkflowId, chaseStateQuery, chaseWorkflowId } from '@waymark/workflows';
import { createActionActivities } from '../../apps/worker/src/activities/action.activities';
import { recordHistory } from '../support/histories';
import { TestCaller, authed, createCaller } from '../support/auth';
import { createPartnership } from '../support/fixtures';
import { RunningWaymark, startWaymark } from '../support/waymark';
import { eventually } from '../support/eventually';

describe('an action is chased and answered, end to end', () => {
  let catcher: MailCatcherHandle;
  let waymark: RunningWaymark;
  let fixture: Awaited<ReturnType<typeof createPartnership>>;
  let caller: TestCaller;

  beforeAll(async () => {
    catcher = await startMailCatcher({ log: () => undefined });
    waymark = await startWaymark({ SMTP_URL: catcher.smtpUrl });
    fixture = await createPartnership(waymark.prisma);
    caller = await createCaller(waymark.prisma, fixture.partnership.id);
  });

  afterAll(async () => {
    await waymark?.stop();
    await catcher?.stop();
  });

  const http = () => authed(waymark.api.getHttpServer(), caller);

  it('walks the slice: create, email, form, invalid then valid answer, workflow answered, audit', async () => {
    // 1. A coordinator creates an action; its workflow starts.
    const created = await http()
      .post('/api/actions')
      .send({
        strategyId: fixture.strategy.id,
        priorityId: fixture.priority.id,
        ref: 'P1.1',
        title: 'Train response officers in coercive control',
        text: 'We will train all response officers to recognise coercive and controlling behaviour.',
        leadContactId: fixture.lead.id,
        dueDate: 'March 2027',
      })
      .expect(201);
    const actionId: string = created.body.id;
    expect(created.body).toMatchObject({
      ref: 'P1.1',
      dueDate: '2027-03-31',
      dueDateText: 'March 2027',
      dueDateParse: 'PARSED',
      status: 'NOT_STARTED',
      workflow: { available: true, started: true },
    });

    // 2. The workflow emails the lead: HTML and plain text, a secure link, the privacy reminder.
    const email = await catcher.waitFor((m) => m.to.includes(fixture.lead.email), 60_000);
    expect(email.subject).toBe('Update needed: P1.1 Train response officers in coercive control');
    expect(email.html).toContain('Dear Sam Fictional');
    expect(email.text ?? '').toMatch(/not include personal information about victims/i);
    const linkPattern = new RegExp(`${waymark.baseUrl}/u/([A-Za-z0-9_-]{43})`);
    const link = (email.text ?? '').match(linkPattern);
    expect(link).not.toBeNull();
    expect(email.html).toContain(link![0]);
    const token = link![1];

    // Only the token's hash is stored; the outbox keeps no body.
    const stored = await waymark.prisma.updateRequest.findFirstOrThrow({ where: { actionId } });
    expect(stored.tokenHash).toBe(hashToken(token));
    const dump = JSON.stringify(
      await Promise.all([
        waymark.prisma.updateRequest.findMany({ where: { actionId } }),
        waymark.prisma.outboundEmail.findMany({ where: { updateRequestId: stored.id } }),
        waymark.prisma.auditEvent.findMany({ where: { partnershipId: fixture.partnership.id } }),
      ]),
      (_k, v) => (typeof v === 'bigint' ? String(v) : v),
    );
    expect(dump).not.toContain(token);

    // 3. The link shows the form.
    const form = await http().get(`/u/${token}`).expect(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    expect(form.text).toContain('Train response officers in coercive control');
    expect(form.text).toContain('name="status"');
    expect(
      (await waymark.prisma.updateRequest.findUniqueOrThrow({ where: { id: stored.id } })).openedAt,
    ).not.toBeNull();

    // An invalid answer shows the errors, keeps the input and records nothing.
    const invalid = await http()
      .post(`/u/${token}`)
      .type('form')
      .send({ status: '', percentComplete: '150', commentary: 'Half the teams trained & booked' })
      .expect(400);
    expect(invalid.text).toContain('There is a problem');
    expect(invalid.text).toContain('Select the status of this action');
    expect(invalid.text).toContain('Percent complete must be a whole number from 0 to 100');
    expect(invalid.text).toContain('Half the teams trained &amp; booked');
    expect(invalid.text).toContain('value="150"');
    expect(await waymark.prisma.update.count({ where: { actionId } })).toBe(0);
    expect((await waymark.prisma.updateRequest.findUniqueOrThrow({ where: { id: stored.id } })).state).toBe(
      'OPEN',
    );

    // 4. A valid answer is recorded and confirmed.
    const answered = await http()
      .post(`/u/${token}`)
      .type('form')
      .send({
        status: 'ON_TRACK',
        percentComplete: '40',
        commentary: 'Two of five teams trained.',
        blockers: '',
      })
      .expect(303);
    expect(answered.headers.location).toBe(`/u/${token}/confirmation`);
    const confirmation = await http().get(`/u/${token}/confirmation`).expect(200);
    expect(confirmation.text).toContain('Update received');
    expect(confirmation.text).toContain('Two of five teams trained.');
    expect(confirmation.text).toContain('40%');
    // The confirmation email follows the answer (the lead does not wait for SMTP).
    await catcher.waitFor(
      (m) => m.subject.startsWith('Update received') && m.to.includes(fixture.lead.email),
    );

    // 5. The API shows the update and the workflow's live state (it records the answer).
    const view = await eventually(async () => {
      const res = await http().get(`/api/actions/${actionId}`).expect(200);
      expect(res.body.workflow.state).toMatchObject({ phase: 'answered', requestsSent: 1 });
      return res.body;
    });
    expect(view).toMatchObject({
      status: 'ON_TRACK',
      percentComplete: 40,
      latestUpdate: {
        channel: 'FORM',
        status: 'ON_TRACK',
        percentComplete: 40,
        commentary: 'Two of five teams trained.',
      },
      currentRequest: { state: 'ANSWERED', periodKey: stored.periodKey },
    });
    expect(view.workflow.state.lastUpdate).toMatchObject({ requestId: stored.id, status: 'ON_TRACK' });
    expect(view.workflow.state.nextChaseAt).toBe(stored.periodEnd.toISOString());
    expect(view.stale).toBe(false);

    // 6. Every change wrote an audit event.
    const events = await waymark.prisma.auditEvent.findMany({
      where: { partnershipId: fixture.partnership.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.event)).toEqual([
      'action.created',
      'update-request.opened',
      'chase.request-sent',
      'update.submitted',
    ]);
    expect(events[3]).toMatchObject({
      actorType: 'LEAD',
      actorId: fixture.lead.id,
      channel: 'form',
      before: expect.objectContaining({ status: 'NOT_STARTED' }),
      after: expect.objectContaining({ status: 'ON_TRACK', percentComplete: 40 }),
    });

    // Sending again (a retried activity) does not mail twice.
    const mailer = waymark.worker.get(ChaseMailer);
    const again = {
      leadContactId: fixture.lead.id,
      periodKey: stored.periodKey,
      step: 'request:1',
      kind: 'request' as const,
    };
    await expect(mailer.send({ ...again, requestIds: [stored.id], enforceLimits: false })).resolves.toEqual({
      outcome: 'already-sent',
    });
    // The lead has the request and the confirmation of their answer, one each.
    expect(
      catcher
        .messages()
        .filter((m) => m.to.includes(fixture.lead.email))
        .map((m) => m.subject),
    ).toEqual([
      'Update needed: P1.1 Train response officers in coercive control',
      'Update received: P1.1 Train response officers in coercive control',
    ]);

    await recordHistory(waymark.config.TEMPORAL_ADDRESS, actionWorkflowId(actionId), 'action-answered');
    await recordHistory(
      waymark.config.TEMPORAL_ADDRESS,
      chaseWorkflowId(fixture.lead.id, stored.periodKey),
      'chase-answered',
    );
  });

  it('sends a chase email exactly once, however often and however concurrently the send is retried', async () => {
    const { lead, strategy, partnership } = fixture;
    const action = await waymark.prisma.action.create({
      data: {
        partnershipId: partnership.id,
        strategyId: strategy.id,
        ref: 'P1.9',
        title: 'Retried send',
        text: 'An action whose send activity is retried.',
        leadContactId: lead.id,
      },
    });
    const requests = waymark.worker.get(UpdateRequestsService);
    const period = {
      periodKey: 'retry-test',
      deadline: new Date(Date.now() + 60_000),
      periodEnd: new Date(Date.now() + 120_000),
    };
    const opened = await requests.open(action.id, period);
    expect(opened).toMatchObject({ leadContactId: lead.id, answered: false });
    expect(await requests.open(action.id, period)).toEqual(opened);

    const mailer = waymark.worker.get(ChaseMailer);
    const send = () =>
      mailer.send({
        leadContactId: lead.id,
        periodKey: 'retry-test',
        step: 'request:1',
        kind: 'request',
        requestIds: [opened.requestId],
        enforceLimits: false,
      });
    const outcomes = await Promise.all([send(), send(), send(), send()]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual([
      'already-sent',
      'already-sent',
      'already-sent',
      'sent',
    ]);
    await catcher.waitFor((m) => m.subject.includes('Retried send'), 10_000);
    expect(catcher.messages().filter((m) => m.subject.includes('Retried send'))).toHaveLength(1);
    const request = await waymark.prisma.updateRequest.findUniqueOrThrow({ where: { id: opened.requestId } });
    expect(request.sentAt).not.toBeNull();
  });

  it('begins a period once, however often and however concurrently beginPeriod is retried', async () => {
    const { lead, strategy, partnership } = fixture;
    const action = await waymark.prisma.action.create({
      data: {
        partnershipId: partnership.id,
        strategyId: strategy.id,
        ref: 'P1.10',
        title: 'Retried period start',
        text: 'An action whose beginPeriod activity is retried.',
        leadContactId: lead.id,
      },
    });
    const w = waymark.worker;
    const activities = createActionActivities({
      planner: w.get(PeriodPlanner),
      requests: w.get(UpdateRequestsService),
      mailer: w.get(ChaseMailer),
      controls: w.get(ActionControls),
      workflows: w.get(ActionWorkflows),
    });
    const begun = await Promise.all([1, 2, 3].map(() => activities.beginPeriod({ actionId: action.id })));
    const { plan, opened } = begun[0];
    expect(plan.live).toBe(true);
    expect(opened).toMatchObject({
      chaseWorkflowId: chaseWorkflowId(lead.id, plan.periodKey),
      answered: false,
    });
    // One request, which every attempt found; the lead's chase holds it.
    expect(begun.map((b) => b.opened)).toEqual([opened, opened, opened]);
    expect(await waymark.prisma.updateRequest.count({ where: { actionId: action.id } })).toBe(1);
    const chase = w.get(TemporalClient).client.workflow.getHandle(opened!.chaseWorkflowId);
    await eventually(async () => {
      const state = await chase.query(chaseStateQuery);
      expect([...state.pending, ...state.answered]).toContain(opened!.requestId);
    });
  });

  it('refuses a bad action with a clear error and changes nothing', async () => {
    const before = await waymark.prisma.action.count();
    const res = await http()
      .post('/api/actions')
      .send({
        strategyId: fixture.strategy.id,
        ref: '',
        title: 'x',
        leadContactId: 'not-a-uuid',
        dueDate: '',
      })
      .expect(400);
    expect(JSON.stringify(res.body)).toMatch(/leadContactId/);
    const unknownLead = await http()
      .post('/api/actions')
      .send({
        strategyId: fixture.strategy.id,
        ref: 'P1.2',
        title: 'Unknown lead',
        text: 'An action whose lead is not in this partnership.',
        leadContactId: '00000000-0000-4000-8000-000000000000',
        dueDate: '2027-03-31',
      })
      .expect(422);
    expect(unknownLead.body.errors).toEqual([
      { field: 'leadContactId', message: 'No such contact in this partnership' },
    ]);
    expect(await waymark.prisma.action.count()).toBe(before);
  });

  it("answers an unknown or malformed link with a friendly page and no one else's data", async () => {
    const unknown = await http()
      .get(`/u/${'A'.repeat(43)}`)
      .expect(404);
    expect(unknown.text).toContain('We do not recognise this link');
    const hostile = await http().get('/u/%3Cscript%3Ealert(1)%3C%2Fscript%3E').expect(404);
    expect(hostile.text).not.toContain('<script>alert(1)</script>');
    expect(hostile.text).not.toMatch(/Error|at \w+ \(/);
    await http()
      .post(`/u/${'B'.repeat(43)}`)
      .type('form')
      .send({ status: 'ON_TRACK', commentary: 'x' })
      .expect(404);
  });

  it('reports every component up in /health', async () => {
    const res = await http().get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      components: {
        database: { status: 'up' },
        temporal: { status: 'up' },
        smtp: { status: 'up' },
        searchAttributes: { status: 'up' },
      },
    });
  });
});
