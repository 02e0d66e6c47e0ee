// Access to the admin API on the real API, worker, PostgreSQL, Temporal and SMTP: bearer tokens, roles,
// problem+json errors, and partnership scoping of every admin route (enumerated from the OpenAPI document).
import request from 'supertest';
import { createCaller, httpAs } from '../support/auth';
import { consoleAgent, consoleRoutes, createConsoleUser } from '../support/console';
import { createPartnership } from '../support/fixtures';
import { waymarkSuite } from '../support/suite';
import { footprint } from '../admin/admin-services';

const PROBLEM = /^application\/problem\+json/;

describe('access to the admin API', () => {
  const suite = waymarkSuite();
  const anonymous = () => request(suite.waymark.api.getHttpServer());

  it('answers 401 problem+json without a token, with an unknown, revoked or expired one', async () => {
    const { prisma } = suite.waymark;
    const partnershipId = suite.fixture.partnership.id;
    const revoked = await createCaller(prisma, partnershipId, 'COORDINATOR', { revokedAt: new Date() });
    const expired = await createCaller(prisma, partnershipId, 'COORDINATOR', {
      expiresAt: new Date(Date.now() - 1000),
    });
    const headers = [{}, { authorization: 'Bearer wmk_not-a-real-token' }, revoked.header, expired.header];
    for (const header of headers) {
      const res = await anonymous().get('/api/me').set(header).expect(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toEqual({
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: 'A valid bearer token is required',
        instance: '/api/me',
      });
    }
    await anonymous()
      .get('/health')
      .expect((res) => expect([200, 503]).toContain(res.status));
  });

  it('sets security headers; Swagger UI stays public and allowed by the CSP', async () => {
    const docs = await anonymous().get('/docs/').expect(200);
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(docs.text).toContain('swagger-ui');
  });

  it("allows no inline script but the page's own, by a nonce new on every response, everywhere but /docs", async () => {
    const scriptSrc = (res: { headers: Record<string, string> }) =>
      /script-src ([^;]*)/.exec(res.headers['content-security-policy'])![1];
    const first = await anonymous()
      .get(`/u/${'C'.repeat(43)}`)
      .expect(404);
    const second = await anonymous()
      .get(`/u/${'C'.repeat(43)}`)
      .expect(404);
    const nonce = /^'self' 'nonce-([A-Za-z0-9+/=]{24})'$/.exec(scriptSrc(first))?.[1];
    expect(nonce).toBeDefined();
    expect(scriptSrc(second)).not.toBe(scriptSrc(first));
    // Every inline script on the page carries it (GOV.UK Frontend's two).
    const inline = [...first.text.matchAll(/<script([^>]*)>(?!<\/script>)/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);
    for (const path of ['/health', '/api/me', '/assets/govuk-frontend.min.js'])
      expect(scriptSrc(await anonymous().get(path))).toMatch(/^'self' 'nonce-[^']+'$/);
  });

  it('lets an admin create users and issue and revoke tokens; the token is shown once and hashed', async () => {
    const { prisma } = suite.waymark;
    const partnershipId = suite.fixture.partnership.id;
    const admin = await httpAs(suite.waymark, partnershipId, 'ADMIN');
    const user = (
      await admin
        .post('/api/users')
        .send({ email: 'Viewer@Example.org', name: 'Val Viewer', role: 'BOARD_VIEWER' })
        .expect(201)
    ).body;
    expect(user).toMatchObject({ email: 'viewer@example.org', role: 'BOARD_VIEWER', partnershipId });
    await admin
      .post('/api/users')
      .send({ email: 'viewer@example.org', name: 'Again', role: 'BOARD_VIEWER' })
      .expect(409);
    expect((await admin.get('/api/users').expect(200)).body.map((u: { id: string }) => u.id)).toContain(
      user.id,
    );

    const issued = (await admin.post(`/api/users/${user.id}/tokens`).send({ name: 'laptop' }).expect(201))
      .body;
    expect(issued.token).toMatch(/^wmk_[A-Za-z0-9_-]{43}$/);
    const stored = await prisma.apiToken.findUniqueOrThrow({ where: { id: issued.id } });
    expect(JSON.stringify(stored)).not.toContain(issued.token);
    // Every token expires: in API_TOKEN_DAYS (90) days unless asked for sooner, never later or in the past.
    const inDays = (days: number) => Date.now() + days * 24 * 60 * 60 * 1000;
    expect(stored.expiresAt!.getTime()).toBeGreaterThan(inDays(90) - 60_000);
    expect(stored.expiresAt!.getTime()).toBeLessThanOrEqual(inDays(90));
    const sooner = new Date(inDays(7)).toISOString();
    const week = await admin.post(`/api/users/${user.id}/tokens`).send({ name: 'week', expiresAt: sooner });
    expect(week.status).toBe(201);
    expect(week.body.expiresAt).toBe(sooner);
    for (const expiresAt of [new Date(inDays(91)).toISOString(), new Date(inDays(-1)).toISOString()]) {
      const refused = await admin
        .post(`/api/users/${user.id}/tokens`)
        .send({ name: 'no', expiresAt })
        .expect(400);
      expect(refused.body.detail).toMatch(/in the next 90 days/);
    }

    const viewer = () =>
      request.agent(suite.waymark.api.getHttpServer()).set('authorization', `Bearer ${issued.token}`);
    expect((await viewer().get('/api/me').expect(200)).body).toEqual({
      userId: user.id,
      partnershipId,
      role: 'BOARD_VIEWER',
    });
    // Board viewers read only; only admins manage users.
    await viewer().get('/api/kpis').expect(200);
    const forbidden = await viewer()
      .post('/api/kpis')
      .send({ code: 'X', name: 'X', unit: 'COUNT', frequency: 'QUARTERLY' })
      .expect(403);
    expect(forbidden.headers['content-type']).toMatch(PROBLEM);
    await suite.http().get('/api/users').expect(403);
    expect(await prisma.kpi.count({ where: { partnershipId, code: 'X' } })).toBe(0);

    await admin.delete(`/api/tokens/${issued.id}`).expect(204);
    await viewer().get('/api/me').expect(401);
  });

  it('names the failing fields of a bad request in problem+json', async () => {
    const res = await suite.http().post('/api/actions').send({ strategyId: 'nope', title: 7 }).expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request', instance: '/api/actions' });
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['strategyId', 'title']));
  });

  /**
   * Every admin route, asked by another partnership's coordinator with this partnership's IDs, answers 404
   * and changes nothing. Routes come from the OpenAPI document: a new route without an entry here fails.
   */
  it("answers 404 on every admin route for another partnership's records", async () => {
    const { prisma } = suite.waymark;
    const f = suite.fixture;
    const partnershipId = f.partnership.id;
    const board = await prisma.board.create({ data: { partnershipId, name: 'Scoping board' } });
    const meeting = await prisma.boardMeeting.create({
      data: { boardId: board.id, meetsOn: new Date('2027-03-01') },
    });
    const outcome = await prisma.outcome.create({
      data: { priorityId: f.priority.id, text: 'Scoped outcome' },
    });
    const member = await prisma.boardMember.create({
      data: { boardId: board.id, contactId: f.lead.id, category: 'POLICING_CRIMINAL_JUSTICE' },
    });
    const action = (
      await suite
        .http()
        .post('/api/actions')
        .send({
          strategyId: f.strategy.id,
          ref: 'SCOPE-1',
          title: 'Scoped',
          text: 'Scoped.',
          leadContactId: f.lead.id,
          dueDate: 'March 2027',
        })
        .expect(201)
    ).body;
    const kpi = (
      await suite
        .http()
        .post('/api/kpis')
        .send({ code: 'SCOPE', name: 'Scoped', unit: 'COUNT', frequency: 'QUARTERLY' })
        .expect(201)
    ).body;

    const unclear = await prisma.inboundMessage.create({
      data: {
        partnershipId,
        messageId: `<scope-${Date.now()}@example.org>`,
        receivedVia: 'webhook',
        fromAddress: f.lead.email,
        subject: 'Re: update',
        outcome: 'NOT_UNDERSTOOD',
      },
    });
    const service = await prisma.safeAccommodationService.create({
      data: {
        partnershipId,
        name: 'Scoped refuge',
        providerOrganisationId: f.organisation.id,
        accommodationType: 'REFUGE',
      },
    });
    const annualReturn = (
      await suite.http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)
    ).body;
    const evidence = await prisma.evidence.create({
      data: { partnershipId, actionId: action.id, kind: 'LINK', url: 'https://intranet.example.org/scoped' },
    });
    const review = (
      await suite
        .http()
        .post(`/api/strategies/${f.strategy.id}/reviews`)
        .send({ title: 'Scoped review' })
        .expect(201)
    ).body;
    const reviewPlan = (
      await suite
        .http()
        .post(`/api/reviews/${review.id}/gates`)
        .send({ ref: 'G1', body: 'Cabinet', approves: 'The strategy', preconditions: ['Scoped condition'] })
        .expect(201)
    ).body;
    const gate = reviewPlan.gates[0];
    const stage = await prisma.reviewStage.create({
      data: {
        reviewId: review.id,
        key: 'scoped',
        name: 'Scoped',
        startsOn: new Date('2028-01-01'),
        endsOn: new Date('2028-02-01'),
        position: 0,
      },
    });
    const activity = await prisma.engagementActivity.create({
      data: {
        reviewId: review.id,
        ref: 'E1',
        groupName: 'Scoped group',
        members: 'Scoped',
        aim: 'Scoped',
        position: 0,
      },
    });
    const response = await prisma.engagementResponse.create({
      data: { activityId: activity.id, answers: [], channel: 'api', enteredBy: 'scoped' },
    });
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    await prisma.evidenceFile.create({
      data: {
        sha256: 'scoped-engagement-file',
        content: new Uint8Array(pdf),
        sizeBytes: pdf.length,
        contentType: 'application/pdf',
      },
    });
    const engagementFile = await prisma.engagementFile.create({
      data: {
        responseId: response.id,
        fileName: 'scoped.pdf',
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
        sha256: 'scoped-engagement-file',
      },
    });
    // What each path's IDs are, and what the body names, all this partnership's.
    const ids: Record<string, string> = {
      action: action.id,
      strategy: f.strategy.id,
      board: board.id,
      kpi: kpi.id,
    };
    const cases: Record<string, { path: string; body?: object }> = {
      'POST /api/actions': { path: '/api/actions', body: { strategyId: ids.strategy } },
      'GET /api/actions/{id}': { path: `/api/actions/${ids.action}` },
      'GET /api/actions/{id}/evidence': { path: `/api/actions/${ids.action}/evidence` },
      'GET /api/evidence/{id}/content': { path: `/api/evidence/${evidence.id}/content` },
      'POST /api/evidence/{id}/quarantine': {
        path: `/api/evidence/${evidence.id}/quarantine`,
        body: { reason: 'Not yours' },
      },
      'POST /api/evidence/{id}/release': { path: `/api/evidence/${evidence.id}/release` },
      'POST /api/evidence/{id}/erase': {
        path: `/api/evidence/${evidence.id}/erase`,
        body: { reason: 'Not yours' },
      },
      'POST /api/inbound/triage/{id}/resolve': {
        path: `/api/inbound/triage/${unclear.id}/resolve`,
        body: { note: 'Not yours' },
      },
      'POST /api/actions/{id}/pause': { path: `/api/actions/${ids.action}/pause`, body: {} },
      'POST /api/actions/{id}/resume': { path: `/api/actions/${ids.action}/resume` },
      'POST /api/actions/{id}/nudge': { path: `/api/actions/${ids.action}/nudge` },
      'POST /api/actions/{id}/reassign': { path: `/api/actions/${ids.action}/reassign`, body: {} },
      'PUT /api/actions/{id}/due-date': { path: `/api/actions/${ids.action}/due-date`, body: {} },
      'POST /api/actions/{id}/proposed-date-decision': {
        path: `/api/actions/${ids.action}/proposed-date-decision`,
        body: {},
      },
      'POST /api/actions/{id}/complete': { path: `/api/actions/${ids.action}/complete`, body: {} },
      'POST /api/actions/{id}/cancel': { path: `/api/actions/${ids.action}/cancel`, body: {} },
      'POST /api/kpis': { path: '/api/kpis', body: { strategyId: ids.strategy } },
      'GET /api/kpis/{id}': { path: `/api/kpis/${ids.kpi}` },
      'PATCH /api/kpis/{id}': { path: `/api/kpis/${ids.kpi}`, body: { name: 'Taken' } },
      'POST /api/kpis/{id}/values': { path: `/api/kpis/${ids.kpi}/values`, body: {} },
      'GET /api/kpi-collections/{partnershipId}/{periodKey}': {
        path: `/api/kpi-collections/${partnershipId}/2026-27-Q1`,
      },
      'POST /api/strategies/{id}/import': { path: `/api/strategies/${ids.strategy}/import` },
      'GET /api/strategies/{id}/export': { path: `/api/strategies/${ids.strategy}/export` },
      'GET /api/return-templates/{id}': { path: `/api/return-templates/${annualReturn.template.id}` },
      'GET /api/returns/{id}': { path: `/api/returns/${annualReturn.id}` },
      'GET /api/returns/{id}/workbook': { path: `/api/returns/${annualReturn.id}/workbook` },
      'GET /api/returns/{id}/collection': { path: `/api/returns/${annualReturn.id}/collection` },
      'POST /api/returns/{id}/collection': {
        path: `/api/returns/${annualReturn.id}/collection`,
        body: { respondBy: '2099-01-01T00:00:00Z' },
      },
      'GET /api/returns/{id}/report': { path: `/api/returns/${annualReturn.id}/report` },
      'PUT /api/returns/{id}/explanations': {
        path: `/api/returns/${annualReturn.id}/explanations`,
        body: { explanations: { 'children-share': 'Taken over' } },
      },
      'PUT /api/returns/{id}/figures': {
        path: `/api/returns/${annualReturn.id}/figures`,
        body: { answers: { Q04_INDIVIDUALS_TOTAL: { '': 1 } } },
      },
      'POST /api/returns/{id}/approval': {
        path: `/api/returns/${annualReturn.id}/approval`,
        body: { signatory: { name: 'Taken Over', email: 'taken.over@example.org' } },
      },
      'POST /api/returns/{id}/amendments': {
        path: `/api/returns/${annualReturn.id}/amendments`,
        body: { reason: 'Taken over' },
      },
      'PUT /api/returns/{id}/submission': {
        path: `/api/returns/${annualReturn.id}/submission`,
        body: { sentOn: '2026-06-01', reference: 'Taken over' },
      },
      'PUT /api/returns/{id}/submission-deadline': {
        path: `/api/returns/${annualReturn.id}/submission-deadline`,
        body: { deadline: '2026-07-31' },
      },
      'GET /api/returns/{id}/versions': { path: `/api/returns/${annualReturn.id}/versions` },
      'GET /api/returns/{id}/versions/{version}': { path: `/api/returns/${annualReturn.id}/versions/1` },
      'GET /api/returns/{id}/versions/{version}/workbook': {
        path: `/api/returns/${annualReturn.id}/versions/1/workbook`,
      },
      'GET /api/returns/{id}/versions/{version}/report': {
        path: `/api/returns/${annualReturn.id}/versions/1/report`,
      },
      'GET /api/strategies/{id}/review-clock': { path: `/api/strategies/${ids.strategy}/review-clock` },
      'POST /api/strategies/{id}/publications': {
        path: `/api/strategies/${ids.strategy}/publications`,
        body: { publishedOn: '2026-06-01', kind: 'ALTERED' },
      },
      'POST /api/strategies/{id}/reviews': {
        path: `/api/strategies/${ids.strategy}/reviews`,
        body: { title: 'Taken over' },
      },
      'GET /api/strategies/{id}/reviews': { path: `/api/strategies/${ids.strategy}/reviews` },
      'GET /api/reviews/{id}': { path: `/api/reviews/${review.id}` },
      'PATCH /api/reviews/{id}': { path: `/api/reviews/${review.id}`, body: { title: 'Taken over' } },
      'POST /api/reviews/{id}/stages': {
        path: `/api/reviews/${review.id}/stages`,
        body: { key: 'taken', name: 'Taken', startsOn: '2028-01-01', endsOn: '2028-02-01' },
      },
      'PATCH /api/reviews/{id}/stages/{stageId}': {
        path: `/api/reviews/${review.id}/stages/${stage.id}`,
        body: { name: 'Taken over' },
      },
      'POST /api/reviews/{id}/stages/{stageId}/archive': {
        path: `/api/reviews/${review.id}/stages/${stage.id}/archive`,
      },
      'POST /api/reviews/{id}/activities': {
        path: `/api/reviews/${review.id}/activities`,
        body: { ref: 'E9', group: 'Taken', members: 'Taken', aim: 'Taken over' },
      },
      'PATCH /api/reviews/{id}/activities/{activityId}': {
        path: `/api/reviews/${review.id}/activities/${activity.id}`,
        body: { aim: 'Taken over' },
      },
      'POST /api/reviews/{id}/activities/{activityId}/archive': {
        path: `/api/reviews/${review.id}/activities/${activity.id}/archive`,
      },
      'POST /api/reviews/{id}/gates': {
        path: `/api/reviews/${review.id}/gates`,
        body: { ref: 'G9', body: 'Taken', approves: 'Taken over' },
      },
      'PATCH /api/reviews/{id}/gates/{gateId}': {
        path: `/api/reviews/${review.id}/gates/${gate.id}`,
        body: { body: 'Taken over' },
      },
      'POST /api/reviews/{id}/gates/{gateId}/archive': {
        path: `/api/reviews/${review.id}/gates/${gate.id}/archive`,
      },
      'PUT /api/reviews/{id}/gates/order': {
        path: `/api/reviews/${review.id}/gates/order`,
        body: { refs: ['G1'] },
      },
      'PUT /api/reviews/{id}/gates/{gateId}/preconditions/{preconditionId}': {
        path: `/api/reviews/${review.id}/gates/${gate.id}/preconditions/${gate.preconditions[0].id}`,
        body: { met: true },
      },
      'GET /api/reviews/{id}/plan.xlsx': { path: `/api/reviews/${review.id}/plan.xlsx` },
      'POST /api/reviews/{id}/start': { path: `/api/reviews/${review.id}/start`, body: {} },
      'GET /api/reviews/{id}/progress': { path: `/api/reviews/${review.id}/progress` },
      'POST /api/reviews/{id}/gates/{gateId}/resubmit': {
        path: `/api/reviews/${review.id}/gates/${gate.id}/resubmit`,
        body: {},
      },
      'POST /api/reviews/{id}/publication': {
        path: `/api/reviews/${review.id}/publication`,
        body: { publishedOn: '2026-11-30', kind: 'ALTERED', url: 'https://council.example.org/taken' },
      },
      'GET /api/reviews/{id}/responses': { path: `/api/reviews/${review.id}/responses` },
      'GET /api/reviews/{id}/responses/{responseId}/files/{fileId}': {
        path: `/api/reviews/${review.id}/responses/${response.id}/files/${engagementFile.id}`,
      },
      'POST /api/reviews/{id}/activities/{activityId}/responses': {
        path: `/api/reviews/${review.id}/activities/${activity.id}/responses`,
        body: { answers: [{ question: 'Taken', answer: 'Taken over' }] },
      },
      'POST /api/reviews/{id}/plan': { path: `/api/reviews/${review.id}/plan` },
      'GET /api/reviews/{id}/carry-forward': { path: `/api/reviews/${review.id}/carry-forward` },
      'POST /api/reviews/{id}/carry-forward': {
        path: `/api/reviews/${review.id}/carry-forward`,
        body: { newStrategyId: ids.strategy, actions: [] },
      },
      'GET /api/strategies/{id}/reports/board': { path: `/api/strategies/${ids.strategy}/reports/board` },
      'GET /api/strategies/{id}/review-pack': { path: `/api/strategies/${ids.strategy}/review-pack` },
      'GET /api/strategies/{id}/review-pack/narrative': {
        path: `/api/strategies/${ids.strategy}/review-pack/narrative`,
      },
      'PUT /api/boards/{id}/report-schedule': { path: `/api/boards/${ids.board}/report-schedule`, body: {} },
      'GET /api/boards/{id}/meetings': { path: `/api/boards/${ids.board}/meetings` },
      'POST /api/boards/{id}/meetings': {
        path: `/api/boards/${ids.board}/meetings`,
        body: { meetsOn: '2027-04-01' },
      },
      'PATCH /api/boards/{id}/meetings/{meetingId}': {
        path: `/api/boards/${ids.board}/meetings/${meeting.id}`,
        body: { meetsOn: '2027-05-01' },
      },
      'DELETE /api/boards/{id}/meetings/{meetingId}': {
        path: `/api/boards/${ids.board}/meetings/${meeting.id}`,
      },
      'PUT /api/kpi-collections/schedule/{partnershipId}': {
        path: `/api/kpi-collections/schedule/${partnershipId}`,
        body: {},
      },
      'POST /api/kpis/{id}/archive': { path: `/api/kpis/${ids.kpi}/archive` },
      'PATCH /api/actions/{id}': { path: `/api/actions/${ids.action}`, body: { title: 'Taken over' } },
      'POST /api/actions/{id}/archive': { path: `/api/actions/${ids.action}/archive` },
      'POST /api/boards/{boardId}/members': { path: `/api/boards/${ids.board}/members`, body: {} },
      'GET /api/boards/{boardId}/members': { path: `/api/boards/${ids.board}/members` },
      'GET /api/progress/priorities': { path: `/api/progress/priorities?strategyId=${ids.strategy}` },
      ...Object.fromEntries(
        Object.entries({
          organisations: [f.organisation.id, { name: 'Taken over' }],
          contacts: [f.lead.id, { name: 'Taken over' }],
          boards: [ids.board, { name: 'Taken over' }],
          'board-members': [member.id, { role: 'Taken over' }],
          strategies: [ids.strategy, { title: 'Taken over' }],
          priorities: [f.priority.id, { title: 'Taken over' }],
          outcomes: [outcome.id, { text: 'Taken over' }],
          'safe-accommodation-services': [service.id, { name: 'Taken over' }],
        } as Record<string, [string, object]>).flatMap(([family, [id, body]]) => [
          [`GET /api/${family}/{id}`, { path: `/api/${family}/${id}` }],
          [`PATCH /api/${family}/{id}`, { path: `/api/${family}/${id}`, body }],
          [`POST /api/${family}/{id}/archive`, { path: `/api/${family}/${id}/archive` }],
        ]),
      ),
    };
    // Routes scoped by the caller alone (they take no partnership's IDs but their own). Creating
    // admin records and listing them: a foreign ID in a create body or a list filter is a 422 or an empty list
    // (test/admin).
    const adminFamilies = [
      'organisations',
      'contacts',
      'boards',
      'strategies',
      'priorities',
      'outcomes',
      'safe-accommodation-services',
    ];
    const callerScoped = new Set([
      'GET /api/partnership',
      'PATCH /api/partnership',
      // The caller's own partnership's contacts sheet (test/plan-import/contacts-sheet).
      'POST /api/partnership/contacts/import',
      'GET /api/partnership/contacts/export',
      ...adminFamilies.flatMap((family) => [`GET /api/${family}`, `POST /api/${family}`]),
      'GET /api/actions',
      'GET /api/kpis',
      'GET /api/kpis/graph',
      'PUT /api/reference-figures',
      'POST /api/kpi-collections',
      'GET /api/return-templates',
      'POST /api/return-templates',
      'POST /api/returns',
      // The caller's own partnership's policy (test/annual-return/report).
      'GET /api/annual-report-policy',
      'PUT /api/annual-report-policy',
      ...['organisations', 'response-rates', 'overdue', 'stale'].map((p) => `GET /api/progress/${p}`),
      'GET /api/me',
      'GET /api/users',
      'POST /api/users',
      'POST /api/users/{id}/tokens',
      'DELETE /api/tokens/{id}',
      'GET /api/inbound/triage',
      // Events of the caller's partnership only (test/audit).
      'GET /api/audit',
      // Public, with its own shared secret; it names no record.
      'POST /api/inbound/mime',
    ]);

    const doc = (await anonymous().get('/docs-json').expect(200)).body as { paths: Record<string, object> };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .filter((route) => !callerScoped.has(route));
    expect(routes.filter((route) => !(route in cases))).toEqual([]);

    // The action's workflow has asked its lead: nothing else changes the records from here on.
    await suite.catcher.waitFor((m) => m.to.includes(f.lead.email), 60_000);
    const other = await createPartnership(prisma);
    const outsider = await httpAs(suite.waymark, other.partnership.id);
    const snapshot = async () => ({
      audit: await prisma.auditEvent.count({ where: { partnershipId, channel: 'api' } }),
      action: await prisma.action.findUniqueOrThrow({ where: { id: ids.action } }),
      kpi: await prisma.kpi.findUniqueOrThrow({ where: { id: ids.kpi } }),
      publications: await prisma.strategyPublication.count({ where: { strategyId: ids.strategy } }),
      figures: await prisma.returnFigure.count({ where: { returnId: annualReturn.id } }),
      annualReturn: await prisma.annualReturn.findUniqueOrThrow({ where: { id: annualReturn.id } }),
      approvals: await prisma.returnApproval.count({ where: { returnId: annualReturn.id } }),
      values: await prisma.kpiValue.count({ where: { kpi: { partnershipId } } }),
      board: await prisma.board.findUniqueOrThrow({ where: { id: ids.board } }),
      meetings: await prisma.boardMeeting.findMany({ where: { boardId: ids.board } }),
      records: await footprint(prisma, partnershipId),
      service: await prisma.safeAccommodationService.findUniqueOrThrow({ where: { id: service.id } }),
      unclear: await prisma.inboundMessage.findUniqueOrThrow({ where: { id: unclear.id } }),
      evidence: await prisma.evidence.findUniqueOrThrow({ where: { id: evidence.id } }),
      reviews: await prisma.strategyReview.findMany({
        where: { partnershipId },
        include: { stages: true, activities: true, gates: { include: { preconditions: true } } },
      }),
    });
    const before = await snapshot();
    for (const route of routes) {
      const [method] = route.split(' ');
      const { path, body } = cases[route];
      const call = outsider[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
      const res = await (body ? call.send(body) : call);
      expect({ route, status: res.status, type: res.headers['content-type'] }).toEqual({
        route,
        status: 404,
        type: expect.stringMatching(PROBLEM),
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  /**
   * Every console page, asked by another partnership's signed-in coordinator with this partnership's IDs,
   * answers the console's 404 page and changes nothing: the same guarantee as the admin API's. Routes come
   * from the API's router: a new console route without an entry here fails.
   */
  it("answers 404 on every console page for another partnership's records", async () => {
    const { prisma } = suite.waymark;
    const partnershipId = suite.fixture.partnership.id;
    const f = suite.fixture;
    const action = (
      await suite
        .http()
        .post('/api/actions')
        .send({
          strategyId: f.strategy.id,
          ref: 'CONSOLE-1',
          title: 'Scoped',
          text: 'Scoped.',
          leadContactId: f.lead.id,
          dueDate: 'March 2027',
        })
        .expect(201)
    ).body as { id: string };
    const cases: Record<string, { path: string; body?: Record<string, string> }> = {
      'GET /console': { path: `/console?strategyId=${f.strategy.id}` },
      'GET /console/actions/:id': { path: `/console/actions/${action.id}` },
      'GET /console/actions/:id/:control': { path: `/console/actions/${action.id}/cancel` },
      'POST /console/actions/:id/:control': {
        path: `/console/actions/${action.id}/cancel`,
        body: { note: 'Taken over', confirmed: 'yes' },
      },
    };
    const reply = await prisma.inboundMessage.create({
      data: {
        partnershipId,
        messageId: `<console-scope-${Date.now()}@example.org>`,
        receivedVia: 'webhook',
        fromAddress: f.lead.email,
        subject: 'Re: update',
        outcome: 'NOT_UNDERSTOOD',
      },
    });
    const evidence = await prisma.evidence.create({
      data: { partnershipId, actionId: action.id, kind: 'LINK', url: 'https://intranet.example.org/console' },
    });
    cases['GET /console/replies/:id'] = { path: `/console/replies/${reply.id}` };
    cases['GET /console/replies/:id/resolve'] = { path: `/console/replies/${reply.id}/resolve` };
    cases['POST /console/replies/:id/resolve'] = { path: `/console/replies/${reply.id}/resolve` };
    cases['GET /console/evidence'] = { path: `/console/evidence?action=${action.id}` };
    cases['GET /console/evidence/:id'] = { path: `/console/evidence/${evidence.id}` };
    cases['GET /console/evidence/:id/download'] = { path: `/console/evidence/${evidence.id}/download` };
    cases['GET /console/evidence/:id/quarantine'] = { path: `/console/evidence/${evidence.id}/quarantine` };
    cases['POST /console/evidence/:id/quarantine'] = {
      path: `/console/evidence/${evidence.id}/quarantine`,
      body: { reason: 'Not yours' },
    };
    cases['POST /console/evidence/:id/release'] = { path: `/console/evidence/${evidence.id}/release` };
    cases['GET /console/evidence/:id/erase'] = { path: `/console/evidence/${evidence.id}/erase` };
    cases['POST /console/evidence/:id/erase'] = {
      path: `/console/evidence/${evidence.id}/erase`,
      body: { reason: 'Not yours' },
    };
    // KPIs: a KPI of this partnership, its (absent) conflict's form and the settlement.
    const kpi = (
      await suite
        .http()
        .post('/api/kpis')
        .send({ code: 'CONSOLE-KPI', name: 'A KPI the console names', unit: 'COUNT', frequency: 'QUARTERLY' })
        .expect(201)
    ).body as { id: string };
    const settlement = { keep: 'accepted', reason: 'Taken', conflictRevision: '1' };
    const conflict = `/console/kpis/${kpi.id}/conflicts/2026-27-Q1`;
    cases['GET /console/kpis/:id'] = { path: `/console/kpis/${kpi.id}` };
    cases['GET /console/kpis/:id/conflicts/:periodKey'] = { path: conflict };
    cases['POST /console/kpis/:id/conflicts/:periodKey'] = { path: conflict, body: settlement };
    cases['POST /console/kpis/:id/conflicts/:periodKey/settle'] = {
      path: `${conflict}/settle`,
      body: settlement,
    };
    cases['POST /console/plan/:id/check'] = { path: `/console/plan/${suite.fixture.strategy.id}/check` };
    cases['POST /console/plan/:id/import'] = { path: `/console/plan/${suite.fixture.strategy.id}/import` };
    cases['GET /console/plan/:id/export'] = { path: `/console/plan/${suite.fixture.strategy.id}/export` };
    const consoleBoard = await prisma.board.create({ data: { partnershipId, name: 'Console walk board' } });
    cases['GET /console/board/:id'] = { path: `/console/board/${consoleBoard.id}` };
    cases['GET /console/board/:id/reports/:reportId'] = {
      path: `/console/board/${consoleBoard.id}/reports/${consoleBoard.id}`,
    };
    const consoleReturn = (
      await suite.http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)
    ).body as { id: string };
    cases['GET /console/statutory/returns/:id'] = { path: `/console/statutory/returns/${consoleReturn.id}` };
    cases['GET /console/statutory/returns/:id/workbook'] = {
      path: `/console/statutory/returns/${consoleReturn.id}/workbook`,
    };
    cases['GET /console/statutory/returns/:id/versions/:version/workbook'] = {
      path: `/console/statutory/returns/${consoleReturn.id}/versions/1/workbook`,
    };
    const consoleReview =
      (await suite.http().get(`/api/strategies/${f.strategy.id}/reviews`).expect(200)).body[0] ??
      (
        await suite
          .http()
          .post(`/api/strategies/${f.strategy.id}/reviews`)
          .send({ title: 'Console walk review' })
          .expect(201)
      ).body;
    cases['GET /console/statutory/reviews/:id'] = { path: `/console/statutory/reviews/${consoleReview.id}` };
    // Pages that name no record but the caller's own (they show the caller's partnership only); a foreign ID
    // in the action list's filters lists nothing (as the API's list).
    const callerScoped = new Set([
      'GET /console/actions',
      'GET /console/replies',
      'GET /console/sign-in',
      'POST /console/sign-in',
      'GET /console/sign-in/link/:token',
      'POST /console/sign-in/link/:token',
      'GET /console/sign-in/oidc',
      'GET /console/sign-in/oidc/callback',
      'POST /console/sign-in/oidc/choose',
      'GET /console/account',
      'POST /console/sign-out',
      'POST /console/sign-out/everywhere',
      'GET /console/kpis',
      'GET /console/kpis/reference-figures',
      'GET /console/plan',
      'GET /console/plan/contacts/export',
      'POST /console/plan/contacts/:step',
      'GET /console/board',
      'GET /console/statutory',
      // Admins only (this walk's outsider is a coordinator): another partnership's admin gets the 404 page on
      // each, in test/console/users.browser.e2e-spec.ts.
      'GET /console/users',
      'POST /console/users',
      'GET /console/users/:id',
      'POST /console/users/:id/tokens',
      'POST /console/users/:id/tokens/:tokenId/revoke',
      'GET /console/users/:id/archive',
      'POST /console/users/:id/archive',
    ]);
    const all = consoleRoutes(suite.waymark);
    expect(all).toEqual(expect.arrayContaining([...callerScoped]));
    const routes = all.filter((route) => !callerScoped.has(route));
    expect(routes.filter((route) => !(route in cases))).toEqual([]);

    const other = await createPartnership(prisma);
    const outsider = await consoleAgent(suite, (await createConsoleUser(prisma, other.partnership.id)).email);
    const snapshot = async () => ({
      audit: await prisma.auditEvent.count({ where: { partnershipId, channel: 'console' } }),
      records: await footprint(prisma, partnershipId),
      reply: await prisma.inboundMessage.findUniqueOrThrow({ where: { id: reply.id } }),
      evidence: await prisma.evidence.findUniqueOrThrow({ where: { id: evidence.id } }),
    });
    const before = await snapshot();
    for (const route of routes) {
      const [method] = route.split(' ');
      const { path, body } = cases[route];
      const call = outsider.agent[method.toLowerCase() as 'get' | 'post'](path);
      const res = await (method === 'GET' ? call : call.type('form').send({ ...body, _csrf: outsider.csrf }));
      expect({ route, status: res.status, page: /Page not found/.test(res.text) }).toEqual({
        route,
        status: 404,
        page: true,
      });
    }
    expect(await snapshot()).toEqual(before);
  });
});
