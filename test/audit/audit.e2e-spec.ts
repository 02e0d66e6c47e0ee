// The audit API on the real API, worker, PostgreSQL, Temporal and SMTP: who made each admin change (also
// under concurrent requests), GET /api/audit by record, actor, event and period, pagination, and scoping.
import type { Test } from 'supertest';
import { TestCaller, authed, createCaller, httpAs } from '../support/auth';
import { createPartnership } from '../support/fixtures';
import { waymarkSuite } from '../support/suite';

const PROBLEM = /^application\/problem\+json/;

interface AuditItem {
  id: string;
  partnershipId: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  event: string;
  entityType: string;
  entityId: string;
  channel: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe('audit', () => {
  const suite = waymarkSuite();

  it('records which user made each admin change, each request its own caller when they run at once', async () => {
    const { prisma } = suite.waymark;
    const partnershipId = suite.fixture.partnership.id;
    const callers = await Promise.all(
      (['ADMIN', 'COORDINATOR', 'COORDINATOR'] as const).map((role) =>
        createCaller(prisma, partnershipId, role),
      ),
    );
    const agents = callers.map((caller) => ({ caller, http: httpFor(caller) }));
    const created = await Promise.all(
      agents.flatMap(({ caller, http }) =>
        [1, 2, 3, 4].map(async (n) => ({
          userId: caller.userId,
          role: caller.role,
          id: (
            await http()
              .post('/api/organisations')
              .send({ name: `Org ${n} of ${caller.userId}` })
              .expect(201)
          ).body.id as string,
        })),
      ),
    );
    const events = await prisma.auditEvent.findMany({
      where: { entityId: { in: created.map((c) => c.id) }, event: 'organisation.created' },
    });
    expect(events).toHaveLength(created.length);
    for (const { id, userId, role } of created) {
      expect(events.find((e) => e.entityId === id)).toMatchObject({
        actorType: role,
        actorId: userId,
      });
    }
  });

  it('lists events by record, actor, event and period, newest first, with before and after values', async () => {
    const partnershipId = suite.fixture.partnership.id;
    const { prisma } = suite.waymark;
    const admin = await createCaller(prisma, partnershipId, 'ADMIN');
    const http = httpFor(admin);
    const start = new Date();
    const org = (await http().post('/api/organisations').send({ name: 'Audited org' }).expect(201)).body;
    await http().patch(`/api/organisations/${org.id}`).send({ name: 'Audited org, renamed' }).expect(200);

    const byRecord = await list(http, { entityType: 'Organisation', entityId: org.id });
    expect(byRecord.map((e) => e.event)).toEqual(['organisation.updated', 'organisation.created']);
    expect(byRecord[0]).toMatchObject({
      partnershipId,
      actorType: 'ADMIN',
      actorId: admin.userId,
      channel: 'api',
      before: { name: 'Audited org' },
      after: { name: 'Audited org, renamed' },
    });
    expect(byRecord[0].id).toMatch(/^\d+$/);
    expect(byRecord[1]).toMatchObject({ before: null, after: { name: 'Audited org' } });

    const byActor = await list(http, { actorId: admin.userId });
    expect(byActor.map((e) => e.id)).toEqual(byRecord.map((e) => e.id));
    const byEvent = await list(http, { event: 'organisation.updated', actorId: admin.userId });
    expect(byEvent.map((e) => e.id)).toEqual([byRecord[0].id]);

    const created = new Date(byRecord[1].occurredAt);
    expect(created.getTime()).toBeGreaterThanOrEqual(start.getTime() - 1000);
    const inPeriod = await list(http, { from: start.toISOString(), entityId: org.id });
    expect(inPeriod).toHaveLength(2);
    const before = await list(http, { to: created.toISOString(), entityId: org.id });
    expect(before).toEqual([]);
    const fromCreation = await list(http, { from: created.toISOString(), to: new Date().toISOString() });
    expect(fromCreation.map((e) => e.id)).toEqual(expect.arrayContaining(byRecord.map((e) => e.id)));
  });

  it('pages through every event with a cursor, newest first, no event twice', async () => {
    const { prisma } = suite.waymark;
    const partnershipId = suite.fixture.partnership.id;
    const expected = await prisma.auditEvent.findMany({
      where: { partnershipId },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    });
    expect(expected.length).toBeGreaterThan(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await suite
        .http()
        .get('/api/audit')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((e: AuditItem) => e.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected.map((e) => String(e.id)));
  });

  it('refuses bad queries naming the field, and board viewers', async () => {
    const partnershipId = suite.fixture.partnership.id;
    const bad = [
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2027-01-02T00:00:00Z', to: '2027-01-01T00:00:00Z' }, 'to'],
      [{ limit: '0' }, 'limit'],
      [{ unknown: 'x' }, ''],
    ] as const;
    for (const [query, field] of bad) {
      const res = await suite.http().get('/api/audit').query(query).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const cursor of ['nonsense', cursorWith('not-a-number'), cursorWith('1 OR 1=1')]) {
      const res = await suite.http().get('/api/audit').query({ cursor }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
    const viewer = await httpAs(suite.waymark, partnershipId, 'BOARD_VIEWER');
    const forbidden = await viewer.get('/api/audit').expect(403);
    expect(forbidden.headers['content-type']).toMatch(PROBLEM);
  });

  it("never shows another partnership's events", async () => {
    const { prisma } = suite.waymark;
    const partnershipId = suite.fixture.partnership.id;
    const org = (await suite.http().post('/api/organisations').send({ name: 'Ours only' }).expect(201)).body;
    const other = await createPartnership(prisma);
    const outsider = await httpAs(suite.waymark, other.partnership.id);
    const theirs = (await outsider.post('/api/organisations').send({ name: 'Theirs only' }).expect(201)).body;

    const asOutsider = (query: object) =>
      outsider
        .get('/api/audit')
        .query({ limit: 100, ...query })
        .expect(200);
    expect((await asOutsider({ entityType: 'Organisation', entityId: org.id })).body.items).toEqual([]);
    expect((await asOutsider({ actorId: suite.caller.userId })).body.items).toEqual([]);
    const all = (await asOutsider({})).body.items as AuditItem[];
    expect(all.map((e) => e.entityId)).toContain(theirs.id);
    expect(all.every((e) => e.partnershipId === other.partnership.id)).toBe(true);

    const ours = (await list(() => suite.http(), { entityId: theirs.id })).concat(
      await list(() => suite.http(), { limit: '100' }),
    );
    expect(ours.every((e) => e.partnershipId === partnershipId)).toBe(true);
    expect(ours.map((e) => e.entityId)).not.toContain(theirs.id);
  });

  function httpFor(caller: TestCaller) {
    return () => authed(suite.waymark.api.getHttpServer(), caller);
  }
});

async function list(
  http: () => { get(path: string): Test },
  query: Record<string, string>,
): Promise<AuditItem[]> {
  const res = await http().get('/api/audit').query(query).expect(200);
  return res.body.items as AuditItem[];
}

function cursorWith(id: string): string {
  return Buffer.from(
    JSON.stringify({ f: 'occurredAt', o: 'desc', v: new Date().toISOString(), d: 1, id }),
  ).toString('base64url');
}
