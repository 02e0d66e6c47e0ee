// The console's overview, action list, action page and controls over HTTP on the real API, worker, Temporal,
// PostgreSQL and SMTP: the same services as the admin API, the workflow's refusals shown in its words, roles.
import { consoleAgent, createConsoleUser, ConsoleAgent } from '../support/console';
import { waymarkSuite } from '../support/suite';
import { eventually } from '../support/eventually';
import { createAction, linksIn } from '../chasing/chasing-fixtures';

describe('the console over the action plan', () => {
  const suite = waymarkSuite();
  let coordinator: ConsoleAgent;
  let coordinatorId: string;
  let actionId: string;

  beforeAll(async () => {
    const f = suite.fixture;
    actionId = await createAction(suite.http(), f, f.lead.id, 'C-1', '2027-03-31');
    await suite
      .http()
      .patch(`/api/actions/${actionId}`)
      .send({ rag: 'RED', priorityId: f.priority.id })
      .expect(200);
    await suite.catcher.waitFor((m) => m.to.includes(f.lead.email) && 'C-1' in linksIn(m), 30_000);
    const user = await createConsoleUser(suite.waymark.prisma, f.partnership.id);
    coordinatorId = user.userId;
    coordinator = await consoleAgent(suite, user.email);
  });

  it('shows the overview by priority and organisation, with links into the filtered list', async () => {
    const page = await coordinator.agent.get('/console').expect(200);
    expect(page.text).toContain('By priority: Testshire Domestic Abuse Strategy 2026-2029');
    expect(page.text).toMatch(/Requests for 20\d\d-\d\d-Q\d/);
    expect(page.text).toContain('P1 Prevention and early intervention');
    expect(page.text).toContain('Testshire Police');
    // This period's one request, asked and not answered: in the priority's row and the organisation's.
    const asked =
      /<th scope="row" class="govuk-table__header">Testshire Police<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>0%<\/td>/;
    expect(page.text).toMatch(asked);
    const red = `/console/actions?strategyId=${suite.fixture.strategy.id}&amp;priorityId=${suite.fixture.priority.id}&amp;rag=RED`;
    expect(page.text).toContain(red);
    const list = await coordinator.agent.get(red.replace(/&amp;/g, '&')).expect(200);
    expect(list.text).toContain('C-1 Action C-1');
    const none = await coordinator.agent.get('/console/actions?rag=GREEN').expect(200);
    expect(none.text).toContain('No actions match these filters');
    // A filter the API would refuse is left out, and said so.
    const bad = await coordinator.agent.get('/console/actions?rag=PURPLE').expect(400);
    expect(bad.text).toContain('Some filters could not be read');
  });

  it("shows the action's timeline and live state, and pauses it after a check; a refusal in plain English", async () => {
    const { agent, csrf } = coordinator;
    const page = await agent.get(`/console/actions/${actionId}`).expect(200);
    expect(page.text).toContain('Request emailed to the lead');
    expect(page.text).toContain('Asking the lead for an update');
    const form = await agent.get(`/console/actions/${actionId}/pause`).expect(200);
    expect(form.text).toContain('Why (optional)');
    const check = await agent
      .post(`/console/actions/${actionId}/pause`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Service restructure' })
      .expect(200);
    expect(check.text).toContain('Check: Pause chasing');
    expect(check.text).toContain('Service restructure');
    expect(
      (await suite.waymark.prisma.action.findUniqueOrThrow({ where: { id: actionId } })).pausedAt,
    ).toBeNull();
    const done = await agent
      .post(`/console/actions/${actionId}/pause`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Service restructure', confirmed: 'yes' })
      .expect(303);
    expect(done.headers.location).toBe(`/console/actions/${actionId}?done=pause`);
    expect((await agent.get(done.headers.location).expect(200)).text).toContain('Chasing is paused');
    const again = await agent
      .post(`/console/actions/${actionId}/pause`)
      .type('form')
      .send({ _csrf: csrf, confirmed: 'yes' })
      .expect(409);
    expect(again.text).toContain('The action is already paused');
    expect(again.text).toContain('Nothing was changed');
    const audit = await suite.waymark.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: actionId, event: 'action.paused' },
    });
    // Audited as the signed-in user, as from their API token.
    expect(audit).toMatchObject({ actorId: coordinatorId, actorType: 'COORDINATOR' });

    await agent.post(`/console/actions/${actionId}/resume`).type('form').send({ _csrf: csrf }).expect(303);
    await eventually(async () =>
      expect((await agent.get(`/console/actions/${actionId}`).expect(200)).text).toContain(
        'Asking the lead for an update',
      ),
    );
  });

  it('asks for what a control needs, and refuses a form without its token', async () => {
    const { agent, csrf } = coordinator;
    const empty = await agent
      .post(`/console/actions/${actionId}/complete`)
      .type('form')
      .send({ _csrf: csrf, note: '' })
      .expect(400);
    expect(empty.text).toContain('Enter what was achieved');
    const date = await agent
      .post(`/console/actions/${actionId}/due-date`)
      .type('form')
      .send({ _csrf: csrf, 'dueDate-day': '31', 'dueDate-month': '2', 'dueDate-year': '2027' })
      .expect(400);
    expect(date.text).toContain('Enter a real date');
    const forged = await agent
      .post(`/console/actions/${actionId}/cancel`)
      .type('form')
      .send({ note: 'Forged', confirmed: 'yes' })
      .expect(403);
    expect(forged.text).toContain('This form has expired');
    expect(
      (await suite.waymark.prisma.action.findUniqueOrThrow({ where: { id: actionId } })).closedAt,
    ).toBeNull();
    await agent.get(`/console/actions/${actionId}/explode`).expect(404);
    await agent.get('/console/actions/not-a-uuid').expect(404);
  });

  it('lets a board viewer read but not control', async () => {
    const viewer = await consoleAgent(
      suite,
      (await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id, 'BOARD_VIEWER')).email,
    );
    const page = await viewer.agent.get(`/console/actions/${actionId}`).expect(200);
    expect(page.text).not.toContain('>Pause chasing');
    const refused = await viewer.agent
      .post(`/console/actions/${actionId}/nudge`)
      .type('form')
      .send({ _csrf: viewer.csrf })
      .expect(403);
    expect(refused.text).toContain('You cannot do this');
  });
});
