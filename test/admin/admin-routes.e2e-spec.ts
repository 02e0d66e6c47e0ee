// The admin API's record families over HTTP: create, read, update, archive, lists with filters and
// cursors, validation, and another partnership's records answered as missing.
import fc from 'fast-check';
import request from 'supertest';
import { AdminHttp, adminHttpSuite, unique } from './admin-http';

interface Family {
  path: string;
  create: (h: AdminHttp) => Record<string, unknown>;
  update: Record<string, unknown>;
  /** A query that selects what `create` makes. */
  filter: (h: AdminHttp) => string;
}

const families: Family[] = [
  {
    path: 'organisations',
    create: () => ({ name: `Refuge North ${unique()}`, kind: 'CHARITY', aliases: ['RN'] }),
    update: { aliases: ['Refuge', 'RN'] },
    filter: () => 'kind=CHARITY',
  },
  {
    path: 'contacts',
    create: (h) => ({
      name: 'Alex Example',
      email: `alex.${unique()}@refuge.example.org`,
      organisationId: h.ours.organisation.id,
    }),
    update: { jobTitle: 'Service manager' },
    filter: (h) => `organisationId=${h.ours.organisation.id}`,
  },
  {
    path: 'boards',
    create: () => ({ name: `DA Local Partnership Board ${unique()}` }),
    update: { reportWorkingDaysBefore: 7 },
    filter: () => 'sort=createdAt',
  },
  {
    path: 'strategies',
    create: () => ({ title: `Strategy ${unique()}`, periodStart: '2029-04-01', periodEnd: '2032-03-31' }),
    update: { reportingCadence: 'MONTHLY' },
    filter: () => 'sort=title&order=desc',
  },
  {
    path: 'priorities',
    create: (h) => ({ strategyId: h.ours.strategy.id, ref: `P-${unique()}`, title: 'Safe accommodation' }),
    update: { position: 3 },
    filter: (h) => `strategyId=${h.ours.strategy.id}`,
  },
  {
    path: 'outcomes',
    create: (h) => ({ priorityId: h.ours.priority.id, text: 'Fewer survivors go without safe housing' }),
    update: { text: 'Fewer survivors are turned away' },
    filter: (h) => `priorityId=${h.ours.priority.id}`,
  },
];

describe('admin API record families over HTTP', () => {
  const h = adminHttpSuite();

  describe.each(families)('/api/$path', (family) => {
    const url = `/api/${family.path}`;

    it('creates, reads, updates, lists and archives', async () => {
      const created = await h.as('post', url).send(family.create(h)).expect(201);
      const id = created.body.id;
      expect((await h.as('get', `${url}/${id}`).expect(200)).body).toEqual(created.body);

      const updated = await h.as('patch', `${url}/${id}`).send(family.update).expect(200);
      expect(updated.body).toMatchObject(family.update);
      expect((await h.as('get', `${url}/${id}`).expect(200)).body).toMatchObject(family.update);

      const listed = await h.walk(`${url}?${family.filter(h)}`, 100);
      expect(listed).toContain(id);

      const archived = await h.as('post', `${url}/${id}/archive`).expect(200);
      expect(archived.body.archivedAt).not.toBeNull();
      expect(await h.walk(`${url}?${family.filter(h)}`, 100)).not.toContain(id);
      expect(await h.walk(`${url}?${family.filter(h)}&includeArchived=true`, 100)).toContain(id);
    });

    it('pages through the list with cursors, each record once', async () => {
      for (let i = 0; i < 3; i += 1) await h.as('post', url).send(family.create(h)).expect(201);
      const all = await h.walk(`${url}?${family.filter(h)}`, 100);
      expect(all.length).toBeGreaterThanOrEqual(3);
      const paged = await h.walk(`${url}?${family.filter(h)}`, 2);
      expect(paged).toEqual(all);
      expect(new Set(paged).size).toBe(paged.length);
    });

    it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
      const before = await h.footprint();
      const missing = await h.as('post', url).send({}).expect(400);
      expect(missing.type).toBe('application/problem+json');
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain(
        Object.keys(family.create(h))[0],
      );
      const extra = await h
        .as('post', url)
        .send({ ...family.create(h), partnershipId: h.theirs.partnership.id })
        .expect(400);
      expect(JSON.stringify(extra.body)).toContain('partnershipId');
      const id = (await h.as('get', `${url}?limit=1`).expect(200)).body.items[0].id;
      await h.as('patch', `${url}/${id}`).send({}).expect(400);
      await h.as('get', `${url}?limit=0`).expect(400);
      await h.as('get', `${url}?sort=password`).expect(400);
      await h.as('get', `${url}?cursor=not-a-cursor`).expect(400);
      await h.as('get', `${url}/not-a-uuid`).expect(400);
      expect(await h.footprint()).toEqual(before);
    });

    it("answers another partnership's record as missing, on every route, and changes nothing", async () => {
      const theirs = h.theirs.partnership.id;
      const body = family.create(h);
      // Their own record, created by their caller (referencing their own strategy/priority/organisation).
      const foreign = Object.fromEntries(
        Object.entries(body).map(([k, v]) => [k, v === h.ours.strategy.id ? h.theirs.strategy.id : v]),
      );
      for (const [k, v] of Object.entries(foreign)) {
        if (v === h.ours.priority.id) foreign[k] = h.theirs.priority.id;
        if (v === h.ours.organisation.id) foreign[k] = h.theirs.organisation.id;
      }
      const { id } = (await h.as('post', url, theirs).send(foreign).expect(201)).body;
      const before = await h.footprint(theirs);
      await h.as('get', `${url}/${id}`).expect(404);
      await h.as('patch', `${url}/${id}`).send(family.update).expect(404);
      await h.as('post', `${url}/${id}/archive`).expect(404);
      expect(await h.walk(`${url}?includeArchived=true`, 100)).not.toContain(id);
      expect(await h.footprint(theirs)).toEqual(before);
    });
  });

  it('asks who is calling: without a valid bearer token, a 401', async () => {
    const anonymous = () => request(h.suite.waymark.api.getHttpServer());
    await anonymous().get('/api/organisations').expect(401);
    await anonymous().post('/api/organisations').send({ name: 'Anyone' }).expect(401);
    await anonymous().get('/api/partnership').set('authorization', 'Bearer wmk_nope').expect(401);
  });

  it('lets a board viewer read but not write, on every family', async () => {
    const before = await h.footprint();
    for (const family of families) {
      const url = `/api/${family.path}`;
      const { id } = (await h.as('get', `${url}?limit=1`, 'viewer').expect(200)).body.items[0];
      await h.as('get', `${url}/${id}`, 'viewer').expect(200);
      await h.as('post', url, 'viewer').send(family.create(h)).expect(403);
      await h.as('patch', `${url}/${id}`, 'viewer').send(family.update).expect(403);
      await h.as('post', `${url}/${id}/archive`, 'viewer').expect(403);
    }
    await h.as('patch', '/api/partnership', 'viewer').send({ name: 'Viewed only' }).expect(403);
    expect(await h.footprint()).toEqual(before);
  });

  it('reads and updates the own partnership, never another', async () => {
    const ours = await h.as('get', '/api/partnership').expect(200);
    expect(ours.body).toMatchObject({ id: h.ours.partnership.id, gssCode: h.ours.partnership.gssCode });
    const changed = await h
      .as('patch', '/api/partnership')
      .send({ coordinatorEmail: `DA.Team+${unique()}@Council.example.org` })
      .expect(200);
    expect(changed.body.coordinatorEmail).toMatch(/^da\.team\+/);
    const before = await h.footprint();
    await h.as('patch', '/api/partnership').send({ gssCode: 'E06000001' }).expect(400);
    await h.as('patch', '/api/partnership').send({ id: h.theirs.partnership.id, name: 'Mine' }).expect(400);
    expect(await h.footprint()).toEqual(before);
  });

  it('manages board members under their board; another partnership cannot see them', async () => {
    const board = (
      await h
        .as('post', '/api/boards')
        .send({ name: `Board ${unique()}` })
        .expect(201)
    ).body;
    const member = await h
      .as('post', `/api/boards/${board.id}/members`)
      .send({ contactId: h.ours.lead.id, category: 'POLICING_CRIMINAL_JUSTICE', isChair: true })
      .expect(201);
    const id = member.body.id;
    await h
      .as('post', `/api/boards/${board.id}/members`)
      .send({ contactId: h.ours.lead.id, category: 'HEALTH' })
      .expect(409);
    await h
      .as('post', `/api/boards/${board.id}/members`)
      .send({ contactId: h.theirs.lead.id, category: 'HEALTH' })
      .expect(422);
    expect((await h.as('get', `/api/board-members/${id}`).expect(200)).body).toMatchObject({ isChair: true });
    await h.as('patch', `/api/board-members/${id}`).send({ role: 'Chair' }).expect(200);
    const listed = await h.as('get', `/api/boards/${board.id}/members?category=POLICING_CRIMINAL_JUSTICE`);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toEqual([id]);

    const theirs = h.theirs.partnership.id;
    const before = await h.footprint();
    await h.as('get', `/api/board-members/${id}`, theirs).expect(404);
    await h.as('patch', `/api/board-members/${id}`, theirs).send({ role: 'Mine' }).expect(404);
    await h.as('post', `/api/board-members/${id}/archive`, theirs).expect(404);
    await h.as('get', `/api/boards/${board.id}/members`, theirs).expect(404);
    await h
      .as('post', `/api/boards/${board.id}/members`, theirs)
      .send({ contactId: h.theirs.lead.id, category: 'HEALTH' })
      .expect(404);
    expect(await h.footprint()).toEqual(before);

    await h.as('post', `/api/board-members/${id}/archive`).expect(200);
    expect((await h.as('get', `/api/boards/${board.id}/members`).expect(200)).body.items).toEqual([]);
  });

  // Fuzzing: any JSON body is answered without a 5xx; a refused one writes nothing, an accepted one is
  // read back as it was answered.
  const json = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.uuid(),
    fc.emailAddress(),
    fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
  );
  const bodies = (fields: string[]) =>
    fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 12 })), json, { maxKeys: 7 });

  it.each([
    ['organisations', ['name', 'kind', 'aliases']],
    ['contacts', ['name', 'email', 'organisationId', 'jobTitle', 'isRoleMailbox', 'managerId']],
  ])('fuzzes /api/%s create and update bodies: never a 5xx, nothing partly written', async (path, fields) => {
    const url = `/api/${path}`;
    const target = (await h.as('get', `${url}?limit=1`).expect(200)).body.items[0].id;
    await fc.assert(
      fc.asyncProperty(bodies(fields), fc.boolean(), async (body, isUpdate) => {
        const before = await h.footprint();
        const res = isUpdate
          ? await h.as('patch', `${url}/${target}`).send(body)
          : await h.as('post', url).send(body);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(await h.footprint()).toEqual(before);
        } else {
          expect((await h.as('get', `${url}/${res.body.id}`).expect(200)).body).toEqual(res.body);
        }
      }),
      { numRuns: 60 },
    );
  });
});
