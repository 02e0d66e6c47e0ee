// The annual report over the admin API, on real PostgreSQL: the draft return as a Word document, beside last
// year's return, read back by a second reader; the partnership's small-number policy set, audited and applied;
// bad policies refused naming the field; another partnership's return not found.
import { defaultReturnTemplate } from '@waymark/return-template';
import { DOCX_CONTENT_TYPE } from '@waymark/reports';
import type TestAgent from 'supertest/lib/agent';
import { authed, createCaller, httpAs } from '../support/auth';
import { binary } from '../support/binary';
import { readDocx } from '../support/docx';
import { createPartnership } from '../support/fixtures';
import { waymarkSuite } from '../support/suite';

describe('annual report', () => {
  const suite = waymarkSuite();

  /** Opens the year's return and records the figures; returns its id. */
  async function openWith(http: TestAgent, financialYear: string, answers: object): Promise<string> {
    const { id } = (await http.post('/api/returns').send({ financialYear }).expect(201)).body;
    await http.put(`/api/returns/${id}/figures`).send({ answers }).expect(200);
    return id;
  }

  async function download(http: TestAgent, id: string) {
    const res = await http.get(`/api/returns/${id}/report`).buffer(true).parse(binary).expect(200);
    return { res, doc: await readDocx(res.body as Buffer) };
  }

  const groupsRow = (doc: Awaited<ReturnType<typeof readDocx>>, group: string) =>
    doc.tables
      .find((t) => t[0][0] === 'People supported')!
      .find((row) => row[0] === group)!
      .slice(1);

  it('downloads the draft return as the annual report, beside last year, with small numbers suppressed', async () => {
    const { prisma } = suite.waymark;
    const { partnership } = await createPartnership(prisma);
    const caller = await createCaller(prisma, partnership.id, 'COORDINATOR');
    const http = authed(suite.waymark.api.getHttpServer(), caller);

    // Last year's return, on the year's own template.
    await http
      .post('/api/return-templates')
      .send({ ...defaultReturnTemplate(), financialYear: '2024-25' })
      .expect(201);
    await openWith(http, '2024-25', {
      Q04_INDIVIDUALS_TOTAL: { '': 380 },
      Q04_INDIVIDUALS_BY_GROUP: { women: 200, men: 10, 'trans-adults': 0, children: 170 },
    });
    const id = await openWith(http, '2025-26', {
      Q04_INDIVIDUALS_TOTAL: { '': 412 },
      Q04_INDIVIDUALS_BY_GROUP: { women: 240, men: 3, 'trans-adults': { notCollected: true }, children: 169 },
      Q01_BEDSPACES: { refuge: 24, 'specialist-safe': 0 },
    });

    expect((await http.get('/api/annual-report-policy').expect(200)).body).toEqual({
      suppressBelow: 5,
      replaceWith: 'fewer than 5',
      ownWords: false,
      updatedBy: null,
      updatedAt: null,
    });
    const { res, doc } = await download(http, id);
    expect(res.headers['content-type']).toBe(DOCX_CONTENT_TYPE);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Part4_Annual_Report_${partnership.gssCode}_2025-26.docx"`,
    );
    expect(doc.headers).toEqual(['OFFICIAL']);
    expect(doc.paragraphs).toEqual(
      expect.arrayContaining([
        partnership.name,
        'Status: Draft: not approved',
        'Individuals supported in safe accommodation during the year (deduplicated): 412, up from 380 in 2024-25.',
      ]),
    );
    expect(groupsRow(doc, 'Men')).toEqual(['fewer than 5', '10', 'Not shown']);
    expect(groupsRow(doc, 'Children')).toEqual(['withheld', '170', 'Not shown']);
    expect(groupsRow(doc, 'Trans adults')).toEqual(['Not collected', '0', '']);
    const bedspaces = doc.tables.find((t) => t[1]?.[0] === 'Refuge accommodation')!;
    expect(bedspaces.map((row) => row[1])).toEqual([
      '2025-26',
      '24',
      '0',
      'Not provided',
      'Not provided',
      'Not provided',
      'Not provided',
    ]);
    expect(doc.images.length).toBeGreaterThanOrEqual(2);
    expect(doc.images.every((image) => image.description.startsWith('Bar chart: '))).toBe(true);

    // The coordinator's own policy: set, audited as the coordinator, and applied to the next download.
    const set = (
      await http
        .put('/api/annual-report-policy')
        .send({ suppressBelow: 10, replaceWith: 'under 10' })
        .expect(200)
    ).body;
    expect(set).toMatchObject({
      suppressBelow: 10,
      replaceWith: 'under 10',
      ownWords: true,
      updatedBy: caller.userId,
    });
    const events = await prisma.auditEvent.findMany({
      where: { partnershipId: partnership.id, event: 'annual-report-policy.set' },
    });
    expect(
      events.map((e) => [e.actorId, e.actorType, (e.after as { suppressBelow: number }).suppressBelow]),
    ).toEqual([[caller.userId, 'COORDINATOR', 10]]);
    expect(groupsRow((await download(http, id)).doc, 'Men')).toEqual(['under 10', '10', 'Not shown']);

    // Changed again, to a threshold with words made from it; then off.
    expect(
      (await http.put('/api/annual-report-policy').send({ suppressBelow: 3 }).expect(200)).body,
    ).toMatchObject({ suppressBelow: 3, replaceWith: 'fewer than 3', ownWords: false });
    await http.put('/api/annual-report-policy').send({ suppressBelow: 0 }).expect(200);
    const open = (await download(http, id)).doc;
    expect(groupsRow(open, 'Men')).toEqual(['3', '10', '−7 (−70%)']);
    expect(groupsRow(open, 'Children')).toEqual(['169', '170', '−1 (−1%)']);
    expect(
      await prisma.auditEvent.count({
        where: { partnershipId: partnership.id, event: 'annual-report-policy.set' },
      }),
    ).toBe(3);
  });

  it('refuses a bad policy naming the field, and changes nothing', async () => {
    const { prisma } = suite.waymark;
    const { partnership } = await createPartnership(prisma);
    const http = await httpAs(suite.waymark, partnership.id);
    await http.put('/api/annual-report-policy').send({ suppressBelow: 7 }).expect(200);
    const before = await prisma.annualReportPolicy.findUniqueOrThrow({
      where: { partnershipId: partnership.id },
    });
    const events = () => prisma.auditEvent.count({ where: { partnershipId: partnership.id } });
    const audited = await events();
    for (const [body, field] of [
      [{ suppressBelow: 2 }, 'suppressBelow'],
      [{ suppressBelow: -1 }, 'suppressBelow'],
      [{ suppressBelow: 4.5 }, 'suppressBelow'],
      [{ suppressBelow: '5' }, 'suppressBelow'],
      [{ replaceWith: '   ' }, 'replaceWith'],
      [{ replaceWith: 'x'.repeat(61) }, 'replaceWith'],
      [{ suppressBelow: 5, colour: 'red' }, '(body)'],
    ] as const) {
      const res = await http.put('/api/annual-report-policy').send(body).expect(400);
      expect({ body, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({
        body,
        fields: [field],
      });
    }
    expect(
      await prisma.annualReportPolicy.findUniqueOrThrow({ where: { partnershipId: partnership.id } }),
    ).toEqual(before);
    expect(await events()).toBe(audited);
    // A board viewer reads the policy and the report, and cannot change the policy.
    const viewer = await httpAs(suite.waymark, partnership.id, 'BOARD_VIEWER');
    expect((await viewer.get('/api/annual-report-policy').expect(200)).body.suppressBelow).toBe(7);
    await viewer.put('/api/annual-report-policy').send({ suppressBelow: 0 }).expect(403);
  });

  it("keeps each partnership's report and policy to itself", async () => {
    const { prisma } = suite.waymark;
    const mine = await httpAs(suite.waymark, (await createPartnership(prisma)).partnership.id);
    const id = await openWith(mine, '2025-26', { Q04_INDIVIDUALS_TOTAL: { '': 12 } });
    await mine.put('/api/annual-report-policy').send({ suppressBelow: 20 }).expect(200);
    const theirs = await httpAs(suite.waymark, (await createPartnership(prisma)).partnership.id);
    await theirs.get(`/api/returns/${id}/report`).expect(404);
    expect((await theirs.get('/api/annual-report-policy').expect(200)).body.suppressBelow).toBe(5);
    // Without last year's return, the report says so.
    const { doc } = await download(mine, id);
    expect(doc.paragraphs).toContain('There is no return for last year in Waymark to compare with.');
  });
});
