// The action plan, KPIs and progress over HTTP: the action list's filters, changes and archiving (which
// ends the action's workflow), the KPI list and archive, the progress views, and the OpenAPI document.
import { TemporalClient } from '@waymark/temporal';
import { actionWorkflowId } from '@waymark/workflows';
import { eventually } from '../support/eventually';
import { adminHttpSuite, unique } from './admin-http';

const DAY = 24 * 60 * 60 * 1000;

describe('action plan, KPIs and progress over HTTP', () => {
  const h = adminHttpSuite();
  const prisma = () => h.suite.waymark.prisma;
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((item) => item.id);

  /** Actions written straight to the database, each with the traits one filter selects. */
  const plan = {} as Record<'overdue' | 'stale' | 'red' | 'complete' | 'ledByCharity', string>;
  beforeAll(async () => {
    const { partnership, strategy, priority, lead } = h.ours;
    const charity = await prisma().organisation.create({
      data: { partnershipId: partnership.id, name: `Refuge ${unique()}`, kind: 'CHARITY' },
    });
    const action = async (ref: string, data: Record<string, unknown>) =>
      (
        await prisma().action.create({
          data: {
            partnershipId: partnership.id,
            strategyId: strategy.id,
            ref,
            title: `Action ${ref}`,
            text: `We will deliver ${ref}.`,
            leadContactId: lead.id,
            lastUpdateAt: new Date(),
            status: 'ON_TRACK',
            ...data,
          },
        })
      ).id;
    plan.overdue = await action('F-OVERDUE', { dueDate: new Date(Date.now() - 30 * DAY) });
    plan.stale = await action('F-STALE', { lastUpdateAt: new Date('2025-01-15T10:00:00Z') });
    plan.red = await action('F-RED', { rag: 'RED', status: 'OFF_TRACK', priorityId: priority.id });
    plan.complete = await action('F-COMPLETE', {
      status: 'COMPLETE',
      dueDate: new Date(Date.now() - 30 * DAY),
    });
    plan.ledByCharity = await action('F-CHARITY', {
      leadOrganisations: { create: { organisationId: charity.id } },
    });
  });

  it('lists actions by status, RAG, lead organisation, priority, strategy, overdue and stale', async () => {
    const list = async (query: string) =>
      ids(await h.as('get', `/api/actions?strategyId=${h.ours.strategy.id}&${query}`).expect(200));
    expect(await list('overdue=true')).toEqual([plan.overdue]);
    expect(await list('stale=true')).toEqual([plan.stale]);
    expect(await list('rag=RED')).toEqual([plan.red]);
    expect(await list('status=COMPLETE,OFF_TRACK')).toEqual([plan.complete, plan.red]);
    expect(await list(`priorityId=${h.ours.priority.id}`)).toEqual([plan.red]);
    const charity = await prisma().actionLeadOrganisation.findFirstOrThrow({
      where: { actionId: plan.ledByCharity },
    });
    expect(await list(`leadOrganisationId=${charity.organisationId}`)).toEqual([plan.ledByCharity]);
    expect(await list('overdue=false')).not.toContain(plan.overdue);
    const all = await list('sort=ref&order=desc');
    expect(await h.walk(`/api/actions?strategyId=${h.ours.strategy.id}&sort=ref&order=desc`, 2)).toEqual(all);
    expect(ids(await h.as('get', '/api/actions', h.theirs.partnership.id).expect(200))).toEqual([]);
    await h.as('get', '/api/actions?status=LOST').expect(400);
    await h.as('get', '/api/actions?overdue=maybe').expect(400);
  });

  it('creates an action in the caller partnership only, and reads it', async () => {
    const body = {
      strategyId: h.ours.strategy.id,
      ref: `N-${unique()}`,
      title: 'Commission a refuge for survivors with complex needs',
      text: 'We will commission ten refuge spaces for survivors with complex needs.',
      leadContactId: h.ours.lead.id,
      dueDate: 'March 2028',
    };
    const before = await h.footprint(h.theirs.partnership.id);
    await h.as('post', '/api/actions', h.theirs.partnership.id).send(body).expect(404);
    expect(await h.footprint(h.theirs.partnership.id)).toEqual(before);

    const created = await h.as('post', '/api/actions').send(body).expect(201);
    expect(created.body).toMatchObject({ ref: body.ref, dueDate: '2028-03-31' });
    await h.as('get', `/api/actions/${created.body.id}`).expect(200);
    await h.as('get', `/api/actions/${created.body.id}`, h.theirs.partnership.id).expect(404);
  });

  it('changes what the plan says about an action; a bad change changes nothing', async () => {
    const id = plan.stale;
    const changed = await h
      .as('patch', `/api/actions/${id}`)
      .send({ title: 'Renamed action', rag: 'AMBER', leadOrganisationIds: [h.ours.organisation.id] })
      .expect(200);
    expect(changed.body).toMatchObject({ id, title: 'Renamed action' });
    const leads = await prisma().actionLeadOrganisation.findMany({ where: { actionId: id } });
    expect(leads.map((l) => l.organisationId)).toEqual([h.ours.organisation.id]);

    const before = await h.footprint();
    const foreign = await h
      .as('patch', `/api/actions/${id}`)
      .send({ title: 'Nope', priorityId: h.theirs.priority.id })
      .expect(422);
    expect(JSON.stringify(foreign.body)).toContain('priorityId');
    await h.as('patch', `/api/actions/${id}`).send({ percentComplete: 101 }).expect(400);
    await h.as('patch', `/api/actions/${id}`).send({ status: 'COMPLETE' }).expect(400);
    await h.as('patch', `/api/actions/${id}`, h.theirs.partnership.id).send({ title: 'Mine' }).expect(404);
    await h.as('post', `/api/actions/${id}/archive`, h.theirs.partnership.id).expect(404);
    expect(await h.footprint()).toEqual(before);
  });

  it('archives an action: hidden from the plan, its workflow ended, so no more chasing', async () => {
    const created = await h
      .as('post', '/api/actions')
      .send({
        strategyId: h.ours.strategy.id,
        ref: `A-${unique()}`,
        title: 'An action that is dropped',
        text: 'We will deliver something the board later drops.',
        leadContactId: h.ours.lead.id,
        dueDate: 'March 2028',
      })
      .expect(201);
    const id = created.body.id;
    const temporal = h.suite.waymark.api.get(TemporalClient);
    const handle = temporal.client.workflow.getHandle(actionWorkflowId(id));
    await eventually(async () => expect((await handle.describe()).status.name).toBe('RUNNING'));

    const archived = await h.as('post', `/api/actions/${id}/archive`).expect(200);
    expect(archived.body.workflow).toMatchObject({ available: true });
    expect((await handle.describe()).status.name).toBe('TERMINATED');
    expect(ids(await h.as('get', `/api/actions?strategyId=${h.ours.strategy.id}&limit=100`))).not.toContain(
      id,
    );
    expect(archived.body.archivedAt).not.toBeNull();
    // Archiving again is harmless: the record keeps its archivedAt, the workflow stays ended.
    const again = await h.as('post', `/api/actions/${id}/archive`).expect(200);
    expect(again.body.archivedAt).toBe(archived.body.archivedAt);
  });

  it('lists KPIs with filters and archives them, refusing an input a derived KPI still uses', async () => {
    const define = (body: Record<string, unknown>) =>
      h
        .as('post', '/api/kpis')
        .send({ unit: 'COUNT', frequency: 'QUARTERLY', ...body })
        .expect(201);
    const input = (await define({ code: 'ARCH-IN', name: 'Referrals to the refuge' })).body;
    const derived = (
      await define({ code: 'ARCH-DOUBLE', name: 'Twice the referrals', formula: '{ARCH-IN} * 2' })
    ).body;
    const listed = await h.as('get', '/api/kpis?derived=true&q=arch').expect(200);
    expect(ids(listed)).toEqual([derived.id]);
    expect(listed.body.nextCursor).toBeNull();

    const before = await h.footprint();
    const refused = await h.as('post', `/api/kpis/${input.id}/archive`).expect(409);
    expect(JSON.stringify(refused.body)).toContain('ARCH-DOUBLE');
    await h.as('post', `/api/kpis/${derived.id}/archive`, h.theirs.partnership.id).expect(404);
    await h.as('get', '/api/kpis?unit=LITRES').expect(400);
    expect(await h.footprint()).toEqual(before);

    await h.as('post', `/api/kpis/${derived.id}/archive`).expect(200);
    await h.as('post', `/api/kpis/${input.id}/archive`).expect(200);
    expect(ids(await h.as('get', '/api/kpis?q=arch').expect(200))).toEqual([]);
    expect(ids(await h.as('get', '/api/kpis?q=arch&includeArchived=true').expect(200))).toHaveLength(2);
  });

  it('shows progress by priority and organisation, response rates, overdue and stale lists', async () => {
    const byPriority = await h
      .as('get', `/api/progress/priorities?strategyId=${h.ours.strategy.id}`)
      .expect(200);
    expect(byPriority.body).toContainEqual(
      expect.objectContaining({ priority: expect.objectContaining({ id: h.ours.priority.id }), red: 1 }),
    );
    await h.as('get', `/api/progress/priorities?strategyId=${h.theirs.strategy.id}`).expect(404);
    await h.as('get', '/api/progress/priorities').expect(400);

    const byOrganisation = await h.as('get', '/api/progress/organisations').expect(200);
    expect(byOrganisation.body.map((row: { organisation: { id: string } }) => row.organisation.id)).toContain(
      h.ours.organisation.id,
    );
    expect(JSON.stringify(byOrganisation.body)).not.toContain(h.theirs.organisation.id);
    expect(Array.isArray((await h.as('get', '/api/progress/response-rates').expect(200)).body)).toBe(true);

    const overdue = ids(await h.as('get', '/api/progress/overdue?limit=100').expect(200));
    expect(overdue).toContain(plan.overdue);
    expect(overdue).not.toContain(plan.complete);
    const stale = ids(await h.as('get', `/api/progress/stale?strategyId=${h.ours.strategy.id}`).expect(200));
    expect(stale).not.toContain(plan.overdue);
    await h.as('get', '/api/progress/overdue?overdue=false').expect(400);
    expect(ids(await h.as('get', '/api/progress/overdue', h.theirs.partnership.id).expect(200))).toEqual([]);
  });

  it('documents every admin route, with its zod schemas, at /docs-json', async () => {
    const { body: doc } = await h.suite.http().get('/docs-json').expect(200);
    const routes = [
      ['get', '/api/partnership'],
      ['patch', '/api/partnership'],
      ...['organisations', 'contacts', 'boards', 'strategies', 'priorities', 'outcomes'].flatMap((family) => [
        ['post', `/api/${family}`],
        ['get', `/api/${family}`],
        ['get', `/api/${family}/{id}`],
        ['patch', `/api/${family}/{id}`],
        ['post', `/api/${family}/{id}/archive`],
      ]),
      ['post', '/api/boards/{boardId}/members'],
      ['get', '/api/boards/{boardId}/members'],
      ['get', '/api/board-members/{id}'],
      ['patch', '/api/board-members/{id}'],
      ['post', '/api/board-members/{id}/archive'],
      ['get', '/api/actions'],
      ['patch', '/api/actions/{id}'],
      ['post', '/api/actions/{id}/archive'],
      ['get', '/api/kpis'],
      ['post', '/api/kpis/{id}/archive'],
      ...['priorities', 'organisations', 'response-rates', 'overdue', 'stale'].map((p) => [
        'get',
        `/api/progress/${p}`,
      ]),
    ];
    for (const [method, path] of routes) {
      const operation = doc.paths[path]?.[method];
      expect({ method, path, documented: Boolean(operation) }).toEqual({ method, path, documented: true });
      expect(operation.security).toEqual([{ bearer: [] }]);
      if (method !== 'get' && !path.endsWith('/archive')) {
        const body = JSON.stringify(operation.requestBody);
        expect({ path, body }).toEqual({ path, body: expect.stringContaining('#/components/schemas/') });
      }
    }
    const schemas = doc.components.schemas;
    expect(schemas.CreateOrganisationDto.properties).toHaveProperty('aliases');
    expect(schemas.UpdateOutcomeDto.properties).toHaveProperty('text');
    const listActions = doc.paths['/api/actions'].get.parameters.map((p: { name: string }) => p.name);
    expect(listActions).toEqual(
      expect.arrayContaining(['status', 'rag', 'overdue', 'stale', 'cursor', 'limit']),
    );
  });
});
