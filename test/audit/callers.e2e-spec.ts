// Every write route of the admin API, walked from the OpenAPI document, on the real API, worker,
// PostgreSQL, Temporal and SMTP: each audit event a request writes names the user who made it (their id,
// and ADMIN or COORDINATOR as their role), the controls the action's workflow applies included. A write
// route with no step here fails the test, so a new route cannot escape it.
import { randomUUID } from 'node:crypto';
import { londonIsoDate } from '@waymark/calendar';
import { defaultReturnTemplate } from '@waymark/return-template';
import request, { type Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { approvableAnswers, signOffLink } from '../annual-return/sign-off-fixtures';
import { TestCaller, authed, createCaller } from '../support/auth';
import { waymarkSuite } from '../support/suite';

const WRITES = ['post', 'put', 'patch', 'delete'];
/** Write routes without a caller: the inbound mail webhook has its own shared secret. */
const PUBLIC = new Set(['POST /api/inbound/mime']);

interface Options {
  /** Who calls: the suite's coordinator unless said. */
  by?: TestCaller;
  /**
   * Why the request writes no audit event of its own (what it starts is audited by a workflow, as that
   * workflow). Without it, the request must write at least one.
   */
  writesNothing?: string;
}

describe('every admin write names its caller in the audit log', () => {
  const suite = waymarkSuite();

  it('records the calling user on every audit event of every write route', async () => {
    const { prisma } = suite.waymark;
    const f = suite.fixture;
    const partnershipId = f.partnership.id;
    const coordinator = suite.caller;
    const admin = await createCaller(prisma, partnershipId, 'ADMIN');
    const covered = new Set<string>();
    const misattributed: object[] = [];

    /** Makes one write request as `route` and checks the audit events it wrote. */
    async function write(
      route: string,
      request: (http: TestAgent) => Test,
      status: number,
      options: Options = {},
    ): Promise<{ id?: string } & Record<string, unknown>> {
      const by = options.by ?? coordinator;
      const last = await prisma.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
      const res = await request(authed(suite.waymark.api.getHttpServer(), by));
      expect({ route, status: res.status }).toEqual({ route, status });
      const events = await prisma.auditEvent.findMany({
        where: { id: { gt: last?.id ?? 0n } },
        orderBy: { id: 'asc' },
      });
      // The workflows' own events (requests opened and sent on their schedule) are theirs, not the caller's.
      const written = events.filter((e) => e.actorType !== 'WORKFLOW');
      for (const e of written) {
        if (e.actorId !== by.userId || e.actorType !== by.role) {
          misattributed.push({ route, event: e.event, actorType: e.actorType, actorId: e.actorId });
        }
      }
      if (written.length === 0 && !options.writesNothing)
        misattributed.push({ route, event: 'none written' });
      covered.add(route);
      return res.body;
    }

    // The admin record families: create and change now, archive at the end.
    const families: Record<string, [object, object]> = {
      organisations: [{ name: `Refuge North ${randomUUID()}`, kind: 'CHARITY' }, { aliases: ['RN'] }],
      contacts: [
        { name: 'Alex Example', email: `alex.${randomUUID()}@refuge.example.org` },
        { jobTitle: 'Service manager' },
      ],
      boards: [{ name: `Board ${randomUUID()}` }, { reportWorkingDaysBefore: 7 }],
      strategies: [
        { title: `Strategy ${randomUUID()}`, periodStart: '2029-04-01', periodEnd: '2032-03-31' },
        { reportingCadence: 'MONTHLY' },
      ],
      priorities: [
        { strategyId: f.strategy.id, ref: 'P-AUDIT', title: 'Safe accommodation' },
        { position: 3 },
      ],
      outcomes: [
        { priorityId: f.priority.id, text: 'Fewer survivors turned away' },
        { text: 'Fewer turned away' },
      ],
      'safe-accommodation-services': [
        {
          name: `Refuge ${randomUUID()}`,
          providerOrganisationId: f.organisation.id,
          accommodationType: 'REFUGE',
        },
        { capacities: [{ unit: 'BEDSPACES', count: 12, effectiveFrom: '2025-04-01' }] },
      ],
    };
    const created: Record<string, string> = {};
    for (const [family, [create, update]] of Object.entries(families)) {
      created[family] = (
        await write(`POST /api/${family}`, (h) => h.post(`/api/${family}`).send(create), 201)
      ).id as string;
      await write(
        `PATCH /api/${family}/{id}`,
        (h) => h.patch(`/api/${family}/${created[family]}`).send(update),
        200,
      );
    }
    const shipped = defaultReturnTemplate();
    await write(
      'POST /api/return-templates',
      (h) => h.post('/api/return-templates').send({ ...shipped, financialYear: '2026-27' }),
      201,
    );
    const annualReturn = await write(
      'POST /api/returns',
      (h) => h.post('/api/returns').send({ financialYear: '2026-27' }),
      201,
    );
    await write(
      'PUT /api/returns/{id}/figures',
      (h) =>
        h
          .put(`/api/returns/${annualReturn.id}/figures`)
          .send({ answers: { Q04_INDIVIDUALS_TOTAL: { '': 12 } } }),
      200,
    );
    await write(
      'PUT /api/returns/{id}/explanations',
      (h) =>
        h
          .put(`/api/returns/${annualReturn.id}/explanations`)
          .send({ explanations: { 'children-share': 'A new refuge opened for women only' } }),
      200,
    );
    // Signed off: sent for approval, approved by the signatory (their page, not the admin API), the deadline
    // and the submission recorded, then amended.
    await write(
      'PUT /api/returns/{id}/figures',
      (h) => h.put(`/api/returns/${annualReturn.id}/figures`).send({ answers: approvableAnswers() }),
      200,
    );
    const signatory = `signatory.${randomUUID()}@council.example.org`;
    await write(
      'POST /api/returns/{id}/approval',
      (h) =>
        h
          .post(`/api/returns/${annualReturn.id}/approval`)
          .send({ signatory: { name: 'Pat Fictional', email: signatory } }),
      201,
    );
    const signOff = signOffLink(await suite.catcher.waitFor((m) => m.to.includes(signatory)));
    await request(suite.waymark.api.getHttpServer())
      .post(`/sign-off/${signOff.token}/approve`)
      .type('form')
      .send({ confirm: 'yes' })
      .expect(303);
    await write(
      'PUT /api/returns/{id}/submission-deadline',
      (h) => h.put(`/api/returns/${annualReturn.id}/submission-deadline`).send({ deadline: '2027-07-31' }),
      200,
    );
    await write(
      'PUT /api/returns/{id}/submission',
      (h) =>
        h
          .put(`/api/returns/${annualReturn.id}/submission`)
          .send({ sentOn: londonIsoDate(new Date()), reference: 'MHCLG-DA-0001' }),
      200,
    );
    await write(
      'POST /api/returns/{id}/amendments',
      (h) =>
        h
          .post(`/api/returns/${annualReturn.id}/amendments`)
          .send({ reason: 'A provider corrected its figures' }),
      201,
    );
    await write(
      'POST /api/returns/{id}/collection',
      (h) => h.post(`/api/returns/${annualReturn.id}/collection`).send({ respondBy: '2099-01-01T00:00:00Z' }),
      201,
      {
        writesNothing:
          "starts the year's return workflow, which audits each provider request it opens as the workflow",
      },
    );
    await write(
      'PUT /api/annual-report-policy',
      (h) => h.put('/api/annual-report-policy').send({ suppressBelow: 10, replaceWith: 'under 10' }),
      200,
    );
    await write(
      'POST /api/strategies/{id}/publications',
      (h) =>
        h
          .post(`/api/strategies/${f.strategy.id}/publications`)
          .send({ publishedOn: '2026-06-01', kind: 'REVIEWED_UNCHANGED' }),
      201,
    );
    await write(
      'PATCH /api/partnership',
      (h) => h.patch('/api/partnership').send({ coordinatorEmail: 'da.team.audit@council.example.org' }),
      200,
      { by: admin },
    );

    // Users and tokens (admins only).
    const user = await write(
      'POST /api/users',
      (h) =>
        h
          .post('/api/users')
          .send({ email: `viewer.${randomUUID()}@example.org`, name: 'Val', role: 'BOARD_VIEWER' }),
      201,
      { by: admin },
    );
    const token = await write(
      'POST /api/users/{id}/tokens',
      (h) => h.post(`/api/users/${user.id}/tokens`).send({ name: 'laptop' }),
      201,
      { by: admin },
    );
    await write('DELETE /api/tokens/{id}', (h) => h.delete(`/api/tokens/${token.id}`), 204, { by: admin });

    // A board: members, meetings and its report schedule.
    const board = await prisma.board.create({
      data: { partnershipId, name: `Audited board ${randomUUID()}` },
    });
    const member = await write(
      'POST /api/boards/{boardId}/members',
      (h) => h.post(`/api/boards/${board.id}/members`).send({ contactId: f.lead.id, category: 'HEALTH' }),
      201,
    );
    await write(
      'PATCH /api/board-members/{id}',
      (h) => h.patch(`/api/board-members/${member.id}`).send({ role: 'Vice chair' }),
      200,
    );
    await write(
      'POST /api/board-members/{id}/archive',
      (h) => h.post(`/api/board-members/${member.id}/archive`),
      200,
    );
    await write(
      'PUT /api/boards/{id}/report-schedule',
      (h) => h.put(`/api/boards/${board.id}/report-schedule`).send({ workingDaysBefore: 9 }),
      200,
    );
    const { meeting } = (await write(
      'POST /api/boards/{id}/meetings',
      (h) => h.post(`/api/boards/${board.id}/meetings`).send({ meetsOn: '2027-04-01' }),
      201,
    )) as { meeting: { id: string } };
    await write(
      'PATCH /api/boards/{id}/meetings/{meetingId}',
      (h) => h.patch(`/api/boards/${board.id}/meetings/${meeting.id}`).send({ meetsOn: '2027-05-03' }),
      200,
    );
    await write(
      'DELETE /api/boards/{id}/meetings/{meetingId}',
      (h) => h.delete(`/api/boards/${board.id}/meetings/${meeting.id}`),
      200,
    );

    // Actions, and the controls over their chase: applied and audited by the action's workflow.
    const newAction = (ref: string) =>
      write(
        'POST /api/actions',
        (h) =>
          h.post('/api/actions').send({
            strategyId: f.strategy.id,
            ref,
            title: `Action ${ref}`,
            text: 'We will do it.',
            leadContactId: f.lead.id,
            dueDate: 'March 2027',
          }),
        201,
      );
    const action = (await newAction('AUDIT-1')).id as string;
    await write(
      'PATCH /api/actions/{id}',
      (h) => h.patch(`/api/actions/${action}`).send({ title: 'Renamed' }),
      200,
    );
    await suite.catcher.waitFor((m) => m.to.includes(f.lead.email), 60_000);
    const control = (route: string, path: string, body?: object, options?: Options) =>
      write(
        `${route.split(' ')[0]} /api/actions/{id}/${path}`,
        (h) => {
          const req = route.startsWith('PUT')
            ? h.put(`/api/actions/${action}/${path}`)
            : h.post(`/api/actions/${action}/${path}`);
          return body ? req.send(body) : req;
        },
        route.includes('nudge') ? 202 : 200,
        options,
      );
    await control('POST pause', 'pause', { reason: 'Restructure' });
    await control('POST resume', 'resume');
    await control('POST nudge', 'nudge', undefined, {
      writesNothing:
        "the lead's chase workflow sends and audits the reminder, naming the user as requestedBy",
    });
    const newLead = await prisma.contact.create({
      data: { partnershipId, name: 'Robin Fictional', email: `robin.${randomUUID()}@example.org` },
    });
    await control('POST reassign', 'reassign', { leadContactId: newLead.id });
    await control('PUT due-date', 'due-date', { dueDate: '2027-06-30', reason: 'Funding moved' });
    const proposal = await prisma.update.create({
      data: {
        partnershipId,
        actionId: action,
        channel: 'FORM',
        status: 'AT_RISK',
        proposedDueDate: new Date('2027-09-30'),
        approvalState: 'PENDING',
      },
    });
    await control('POST proposed-date-decision', 'proposed-date-decision', {
      updateId: proposal.id,
      approve: true,
    });

    // Evidence the lead sent: quarantined, released, erased.
    const evidence = await prisma.evidence.create({
      data: { partnershipId, actionId: action, kind: 'LINK', url: 'https://intranet.example.org/audited' },
    });
    await write(
      'POST /api/evidence/{id}/quarantine',
      (h) => h.post(`/api/evidence/${evidence.id}/quarantine`).send({ reason: 'Looks wrong' }),
      200,
    );
    await write(
      'POST /api/evidence/{id}/release',
      (h) => h.post(`/api/evidence/${evidence.id}/release`),
      200,
    );
    await write(
      'POST /api/evidence/{id}/erase',
      (h) => h.post(`/api/evidence/${evidence.id}/erase`).send({ reason: 'Sent by mistake' }),
      200,
    );

    await control('POST complete', 'complete', { note: 'Delivered' }, { by: admin });
    await write('POST /api/actions/{id}/archive', (h) => h.post(`/api/actions/${action}/archive`), 200);
    const cancelled = (await newAction('AUDIT-2')).id as string;
    await write(
      'POST /api/actions/{id}/cancel',
      (h) => h.post(`/api/actions/${cancelled}/cancel`).send({ note: 'No longer funded' }),
      200,
    );

    // A reply nobody understood, dealt with.
    const unclear = await prisma.inboundMessage.create({
      data: {
        partnershipId,
        messageId: `<audit-${randomUUID()}@example.org>`,
        receivedVia: 'webhook',
        fromAddress: f.lead.email,
        subject: 'Re: update',
        outcome: 'NOT_UNDERSTOOD',
      },
    });
    await write(
      'POST /api/inbound/triage/{id}/resolve',
      (h) => h.post(`/api/inbound/triage/${unclear.id}/resolve`).send({ note: 'Asked again' }),
      200,
    );

    // KPIs: defined, changed, a value entered, a reference figure set, archived; collections started.
    const kpi = (
      await write(
        'POST /api/kpis',
        (h) =>
          h
            .post('/api/kpis')
            .send({ code: 'AUDITED', name: 'Audited', unit: 'COUNT', frequency: 'QUARTERLY' }),
        201,
      )
    ).id as string;
    await write(
      'PATCH /api/kpis/{id}',
      (h) => h.patch(`/api/kpis/${kpi}`).send({ name: 'Audited, renamed' }),
      200,
    );
    await write(
      'POST /api/kpis/{id}/values',
      (h) => h.post(`/api/kpis/${kpi}/values`).send({ periodKey: '2026-27-Q1', value: 12 }),
      201,
    );
    await write(
      'PUT /api/reference-figures',
      (h) =>
        h.put('/api/reference-figures').send({
          code: 'POPULATION',
          periodKey: '2026-27',
          value: 190000,
          source: 'ONS mid-year estimates',
        }),
      200,
    );
    await write('POST /api/kpis/{id}/archive', (h) => h.post(`/api/kpis/${kpi}/archive`), 200);
    await write(
      'POST /api/kpi-collections',
      (h) =>
        h.post('/api/kpi-collections').send({ periodKey: '2026-27-Q1', respondBy: '2099-01-01T00:00:00Z' }),
      201,
      {
        writesNothing:
          "starts the period's collection workflow, which audits each request it opens with the user as startedBy",
      },
    );
    await write(
      'PUT /api/kpi-collections/schedule/{partnershipId}',
      (h) => h.put(`/api/kpi-collections/schedule/${partnershipId}`).send({}),
      200,
      { writesNothing: 'a Temporal Schedule that starts those workflows' },
    );

    // An action plan imported.
    await write(
      'POST /api/strategies/{id}/import',
      (h) =>
        h
          .post(`/api/strategies/${f.strategy.id}/import`)
          .attach(
            'file',
            Buffer.from(
              'Ref,Action,Lead,Due date\nIMP-1,Run a survivors forum.,Testshire Police,March 2027\n',
            ),
            'plan.csv',
          ),
      200,
    );

    // A contacts sheet imported.
    await write(
      'POST /api/partnership/contacts/import',
      (h) =>
        h
          .post('/api/partnership/contacts/import')
          .attach(
            'file',
            Buffer.from(
              `Organisation,Name,Email\nTestshire Police,Kit Audited,kit.${randomUUID()}@police.example.org\n`,
            ),
            'contacts.csv',
          ),
      200,
    );

    // A strategy review's plan: opened, its parts created, changed, reordered, met, imported and archived.
    const review = await write(
      'POST /api/strategies/{id}/reviews',
      (h) => h.post(`/api/strategies/${f.strategy.id}/reviews`).send({ title: 'Strategy review, audited' }),
      201,
    );
    const reviewPath = `/api/reviews/${review.id}`;
    await write(
      'PATCH /api/reviews/{id}',
      (h) => h.patch(reviewPath).send({ title: 'Review, renamed' }),
      200,
    );
    const planned = (await write(
      'POST /api/reviews/{id}/stages',
      (h) =>
        h
          .post(`${reviewPath}/stages`)
          .send({ key: 'engagement', name: 'Engagement', startsOn: '2028-06-01', endsOn: '2028-09-30' }),
      201,
    )) as unknown as { stages: { id: string }[] };
    const stageId = planned.stages[0].id;
    await write(
      'PATCH /api/reviews/{id}/stages/{stageId}',
      (h) => h.patch(`${reviewPath}/stages/${stageId}`).send({ name: 'Engagement and consultation' }),
      200,
    );
    const withActivity = (await write(
      'POST /api/reviews/{id}/activities',
      (h) =>
        h.post(`${reviewPath}/activities`).send({
          ref: 'E1',
          group: 'Police',
          contactId: f.lead.id,
          aim: 'Hear how the strategy worked for the police',
          stageKey: 'engagement',
        }),
      201,
    )) as unknown as { activities: { id: string }[] };
    const activityId = withActivity.activities[0].id;
    await write(
      'PATCH /api/reviews/{id}/activities/{activityId}',
      (h) => h.patch(`${reviewPath}/activities/${activityId}`).send({ questions: ['What worked?'] }),
      200,
    );
    await write(
      'POST /api/reviews/{id}/gates',
      (h) =>
        h.post(`${reviewPath}/gates`).send({ ref: 'G1', body: 'Partnership board', approves: 'The draft' }),
      201,
    );
    const withGates = (await write(
      'POST /api/reviews/{id}/gates',
      (h) =>
        h.post(`${reviewPath}/gates`).send({
          ref: 'G2',
          body: 'Cabinet',
          approves: 'The final strategy',
          preconditions: ['Equality impact assessment completed'],
        }),
      201,
    )) as unknown as { gates: { id: string; preconditions: { id: string }[] }[] };
    const cabinet = withGates.gates[1];
    await write(
      'PATCH /api/reviews/{id}/gates/{gateId}',
      (h) => h.patch(`${reviewPath}/gates/${cabinet.id}`).send({ approverContactId: f.lead.id }),
      200,
    );
    await write(
      'PUT /api/reviews/{id}/gates/order',
      (h) => h.put(`${reviewPath}/gates/order`).send({ refs: ['G2', 'G1'] }),
      200,
    );
    await write(
      'PUT /api/reviews/{id}/gates/{gateId}/preconditions/{preconditionId}',
      (h) =>
        h
          .put(`${reviewPath}/gates/${cabinet.id}/preconditions/${cabinet.preconditions[0].id}`)
          .send({ met: true }),
      200,
    );
    await write(
      'POST /api/reviews/{id}/activities/{activityId}/responses',
      (h) =>
        h
          .post(`${reviewPath}/activities/${activityId}/responses`)
          .send({ answers: [{ question: 'What worked?', answer: 'Joint visits.' }] }),
      201,
    );
    // A gate that sent the review back (its approver's part, by secure link): the coordinator resubmits.
    await prisma.gateRound.create({
      data: {
        gateId: cabinet.id,
        round: 1,
        tokenNonce: 'callers',
        tokenHash: `callers-${cabinet.id}`,
        askedAt: new Date(),
        decision: 'SENT_BACK',
        comments: 'Say more on children',
        decidedBy: 'Cabinet member',
        decidedAt: new Date(),
      },
    });
    await write(
      'POST /api/reviews/{id}/gates/{gateId}/resubmit',
      (h) => h.post(`${reviewPath}/gates/${cabinet.id}/resubmit`).send({ note: 'Revised' }),
      200,
    );
    await write('POST /api/reviews/{id}/start', (h) => h.post(`${reviewPath}/start`).send({}), 201);
    // Every gate passed (the approvers' part): the coordinator records the publication.
    await prisma.strategyReview.update({ where: { id: review.id }, data: { state: 'APPROVED' } });
    await write(
      'POST /api/reviews/{id}/publication',
      (h) =>
        h
          .post(`${reviewPath}/publication`)
          .send({ publishedOn: '2026-11-30', kind: 'ALTERED', url: 'https://council.example.org/strategy' }),
      201,
    );
    // The plan carried into the approved strategy: every unfinished action dropped, its workflow closed.
    const successor = await prisma.strategy.create({
      data: {
        partnershipId: f.partnership.id,
        title: 'Successor strategy',
        periodStart: new Date('2029-04-01'),
        periodEnd: new Date('2032-03-31'),
      },
    });
    const unfinished = (
      await authed(suite.waymark.api.getHttpServer(), coordinator)
        .get(`${reviewPath}/carry-forward`)
        .expect(200)
    ).body.actions as Array<{ id: string }>;
    await write(
      'POST /api/reviews/{id}/carry-forward',
      (h) =>
        h.post(`${reviewPath}/carry-forward`).send({
          newStrategyId: successor.id,
          actions: unfinished.map((a) => ({
            actionId: a.id,
            choice: 'drop',
            note: 'Ends with the strategy',
          })),
        }),
      200,
    );
    await write(
      'POST /api/reviews/{id}/plan',
      (h) =>
        h
          .post(`${reviewPath}/plan`)
          .attach(
            'gates',
            Buffer.from('Ref,Body or person,Approves\nG3,Council leader,Publication\n'),
            'gates.csv',
          ),
      200,
    );
    await write(
      'POST /api/reviews/{id}/gates/{gateId}/archive',
      (h) => h.post(`${reviewPath}/gates/${cabinet.id}/archive`),
      200,
    );
    await write(
      'POST /api/reviews/{id}/activities/{activityId}/archive',
      (h) => h.post(`${reviewPath}/activities/${activityId}/archive`),
      200,
    );
    await write(
      'POST /api/reviews/{id}/stages/{stageId}/archive',
      (h) => h.post(`${reviewPath}/stages/${stageId}/archive`),
      200,
    );

    for (const family of Object.keys(families).reverse()) {
      await write(
        `POST /api/${family}/{id}/archive`,
        (h) => h.post(`/api/${family}/${created[family]}/archive`),
        200,
      );
    }

    expect(misattributed).toEqual([]);
    const doc = (await authed(suite.waymark.api.getHttpServer(), coordinator).get('/docs-json').expect(200))
      .body as { paths: Record<string, object> };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter((method) => WRITES.includes(method))
          .map((method) => `${method.toUpperCase()} ${path}`),
      )
      .filter((route) => !PUBLIC.has(route));
    expect({ untested: routes.filter((route) => !covered.has(route)) }).toEqual({ untested: [] });
    expect({ unknown: [...covered].filter((route) => !routes.includes(route)) }).toEqual({ unknown: [] });
  });
});
