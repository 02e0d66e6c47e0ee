// A strategy review's plan as data, over the admin API on real PostgreSQL (test/global-setup.ts): a review
// opened for its clock's window, a plan of 24 groups and 10 gates built without code, gates reordered and a
// precondition met, bad input refused naming the field with nothing written, and the plan's spreadsheet round
// trip (export, import unchanged, one cell edited, problems named by sheet, row and column, CSV per sheet).
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { NestExpressApplication } from '@nestjs/platform-express';
import type TestAgent from 'supertest/lib/agent';
import { PrismaService } from '@waymark/db';
import type { ReviewPlanImportReport, ReviewPlanView } from '@waymark/strategy-review';
import { authed, createCaller, TestCaller } from '../support/auth';
import { binary } from '../support/binary';
import { createPartnership } from '../support/fixtures';
import { apiOnly } from '../support/waymark';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const STAGES = [
  ['evidence', 'Evidence: needs assessment refreshed', '2028-04-01', '2028-07-31'],
  ['engagement', 'Engagement', '2028-06-01', '2028-09-30'],
  ['drafting', 'Drafting', '2028-09-01', '2028-10-31'],
  ['consultation', 'Public consultation', '2028-11-01', '2028-12-15'],
  ['approval', 'Approval', '2028-12-16', '2029-02-28'],
  ['publication', 'Publication', '2029-03-01', '2029-03-31'],
] as const;

const GROUPS = [
  "Survivors' forum",
  'Refuge providers',
  'Community support providers',
  'Police',
  'Probation',
  'Integrated care board',
  'Acute hospital trust',
  'Mental health trust',
  'Housing options',
  'Registered providers',
  "Children's services",
  'Adult social care',
  'Schools forum',
  'Tier 2 district councils',
  'Community safety partnership',
  'Police and crime commissioner',
  'By-and-for organisations',
  'Faith and community groups',
  'Substance misuse services',
  'Youth service',
  'Councillors',
  'Health scrutiny committee',
  'Perpetrator programme',
  'Sexual violence services',
];

const GATES = [
  ['Partnership board', 'The draft strategy for consultation', 'approval', []],
  ['Director of public health', 'The needs assessment', 'approval', []],
  ['Corporate leadership team', 'The draft strategy', 'approval', []],
  ['Cabinet member', 'The draft strategy for consultation', 'approval', []],
  ['Tier 2 authorities', 'The draft strategy', 'formal-comment', []],
  ['Scrutiny committee', 'The draft strategy', 'formal-comment', []],
  ['Partnership board', 'The final strategy', 'approval', ['Consultation responses analysed']],
  ['Equalities officer', 'The equality impact assessment', 'approval', []],
  ['Cabinet', 'The final strategy', 'approval', ['Equality impact assessment completed']],
  ['Council leader', 'Publication', 'approval', []],
] as const;

describe('a strategy review plan as data', () => {
  let api: NestExpressApplication;
  let prisma: PrismaService;

  beforeAll(async () => {
    ({ api, prisma } = await apiOnly());
  });

  afterAll(async () => {
    await api?.close();
  });

  async function setUp() {
    const f = await createPartnership(prisma);
    await prisma.strategy.update({
      where: { id: f.strategy.id },
      data: { firstPublishedOn: new Date('2022-01-05') },
    });
    const caller = await createCaller(prisma, f.partnership.id);
    const http = authed(api.getHttpServer(), caller);
    return { ...f, caller, http };
  }

  /** Everything a review's plan holds, and the audit trail of the partnership: equal = nothing written. */
  const footprint = async (reviewId: string, partnershipId: string) => ({
    review: await prisma.strategyReview.findUniqueOrThrow({
      where: { id: reviewId },
      include: { stages: true, activities: true, gates: { include: { preconditions: true } } },
    }),
    audit: await prisma.auditEvent.count({ where: { partnershipId } }),
  });

  async function newReview(http: TestAgent, strategyId: string): Promise<ReviewPlanView> {
    return (
      await http
        .post(`/api/strategies/${strategyId}/reviews`)
        .send({ title: 'Domestic abuse strategy review 2028', windowNumber: 2 })
        .expect(201)
    ).body;
  }

  async function buildPlan(http: TestAgent, reviewId: string, contactId: string): Promise<ReviewPlanView> {
    let plan!: ReviewPlanView;
    for (const [key, name, startsOn, endsOn] of STAGES)
      plan = (
        await http.post(`/api/reviews/${reviewId}/stages`).send({ key, name, startsOn, endsOn }).expect(201)
      ).body;
    for (const [i, group] of GROUPS.entries())
      plan = (
        await http
          .post(`/api/reviews/${reviewId}/activities`)
          .send({
            ref: `E${i + 1}`,
            group,
            ...(i === 3 ? { contactId } : { members: `${group}: members as the lead describes them` }),
            aim: `Hear how the strategy worked for ${group.toLowerCase()}`,
            questions: ['What worked?', 'What should change?'],
            opensOn: '2028-06-01',
            closesOn: '2028-07-15',
            stageKey: 'engagement',
          })
          .expect(201)
      ).body;
    for (const [i, [body, approves, kind, preconditions]] of GATES.entries())
      plan = (
        await http
          .post(`/api/reviews/${reviewId}/gates`)
          .send({
            ref: `G${i + 1}`,
            body,
            approves,
            kind,
            preconditions,
            ...(i === 8 ? { approverContactId: contactId } : {}),
          })
          .expect(201)
      ).body;
    return plan;
  }

  it('opens a review for a window of the clock, and holds a plan of 24 groups and 10 gates', async () => {
    const { http, strategy, lead, partnership, caller } = await setUp();
    const review = await newReview(http, strategy.id);
    expect(review).toMatchObject({
      strategyId: strategy.id,
      state: 'PLANNING',
      window: { number: 2, start: '2028-01-05', end: '2031-01-04' },
      stages: [],
    });
    await http
      .post(`/api/strategies/${strategy.id}/reviews`)
      .send({ title: 'Twice', windowNumber: 2 })
      .expect(409);
    const plan = await buildPlan(http, review.id, lead.id);
    expect(plan.stages.map((s) => s.key)).toEqual(STAGES.map(([key]) => key));
    expect(plan.activities).toHaveLength(24);
    expect(plan.activities[3]).toMatchObject({
      ref: 'E4',
      group: 'Police',
      contact: { id: lead.id, email: lead.email },
      stageKey: 'engagement',
      questions: ['What worked?', 'What should change?'],
    });
    expect(plan.gates.map((g) => g.ref)).toEqual(GATES.map((_, i) => `G${i + 1}`));
    expect(plan.gates[5]).toMatchObject({ body: 'Scrutiny committee', kind: 'formal-comment' });
    expect((await http.get(`/api/strategies/${strategy.id}/reviews`).expect(200)).body).toHaveLength(1);

    // Gates reordered: the equalities officer before the board's final approval.
    const order = plan.gates.map((g) => g.ref);
    const reordered = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G8', 'G7', 'G9', 'G10'];
    expect(
      (
        await http.put(`/api/reviews/${review.id}/gates/order`).send({ refs: reordered }).expect(200)
      ).body.gates.map((g: { ref: string }) => g.ref),
    ).toEqual(reordered);
    expect(order).not.toEqual(reordered);
    await http
      .put(`/api/reviews/${review.id}/gates/order`)
      .send({ refs: ['G1', 'G2'] })
      .expect(422)
      .expect((res) => expect(res.body.errors[0].field).toBe('refs'));

    // A precondition met, by the caller; changing the gate's other preconditions keeps it met.
    const cabinet = plan.gates[8];
    const eia = cabinet.preconditions[0];
    const met = (
      await http
        .put(`/api/reviews/${review.id}/gates/${cabinet.id}/preconditions/${eia.id}`)
        .send({ met: true, note: 'Signed off by the equalities officer' })
        .expect(200)
    ).body as ReviewPlanView;
    expect(met.gates.find((g) => g.ref === 'G9')!.preconditions[0]).toMatchObject({
      name: 'Equality impact assessment completed',
      met: true,
      metBy: caller.userId,
    });
    const changed = (
      await http
        .patch(`/api/reviews/${review.id}/gates/${cabinet.id}`)
        .send({ preconditions: ['Legal advice received', 'Equality impact assessment completed'] })
        .expect(200)
    ).body as ReviewPlanView;
    expect(changed.gates.find((g) => g.ref === 'G9')!.preconditions.map((p) => [p.name, p.met])).toEqual([
      ['Legal advice received', false],
      ['Equality impact assessment completed', true],
    ]);

    // Archived: gone from the plan, its ref kept.
    const archived = (
      await http.post(`/api/reviews/${review.id}/gates/${plan.gates[9].id}/archive`).expect(200)
    ).body as ReviewPlanView;
    expect(archived.gates.map((g) => g.ref)).not.toContain('G10');
    await http
      .post(`/api/reviews/${review.id}/gates`)
      .send({ ref: 'G10', body: 'Again', approves: 'Again' })
      .expect(409)
      .expect((res) => expect(res.body.errors[0].field).toBe('ref'));

    const events = await prisma.auditEvent.findMany({
      where: {
        partnershipId: partnership.id,
        entityType: {
          in: ['ReviewStage', 'EngagementActivity', 'ApprovalGate', 'GatePrecondition', 'StrategyReview'],
        },
      },
    });
    expect(events.length).toBeGreaterThanOrEqual(1 + 6 + 24 + 10 + 4);
    expect(events.every((e) => e.actorId === caller.userId && e.actorType === 'COORDINATOR')).toBe(true);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const { http, strategy, partnership, lead } = await setUp();
    const review = await newReview(http, strategy.id);
    const plan = await buildPlan(http, review.id, lead.id);
    const other = await createPartnership(prisma);
    const before = await footprint(review.id, partnership.id);
    const refused: [string, string, object, number, string][] = [
      [
        'post',
        'stages',
        { key: 'late', name: 'Late', startsOn: '2028-05-01', endsOn: '2028-04-01' },
        400,
        'endsOn',
      ],
      [
        'post',
        'stages',
        { key: 'has space', name: 'X', startsOn: '2028-05-01', endsOn: '2028-06-01' },
        400,
        'key',
      ],
      ['patch', `stages/${plan.stages[0].id}`, { endsOn: '2020-01-01' }, 422, 'endsOn'],
      ['post', 'activities', { ref: 'E99', group: 'Nobody', aim: 'An aim' }, 400, 'contactId'],
      [
        'post',
        'activities',
        { ref: 'E99', group: 'X group', aim: 'An aim', contactId: other.lead.id },
        422,
        'contactId',
      ],
      [
        'post',
        'activities',
        { ref: 'E99', group: 'X group', aim: 'An aim', members: 'M', stageKey: 'nope' },
        422,
        'stageKey',
      ],
      ['patch', `activities/${plan.activities[0].id}`, { members: null }, 422, 'contactId'],
      ['post', 'activities', { ref: 'E1', group: 'Again', aim: 'An aim', members: 'M' }, 409, 'ref'],
      ['post', 'gates', { ref: 'G99', body: 'Cabinet', approves: 'It', kind: 'veto' }, 400, 'kind'],
      [
        'post',
        'gates',
        { ref: 'G99', body: 'Cabinet', approves: 'It', preconditions: ['EIA', 'eia'] },
        400,
        'preconditions',
      ],
      ['patch', `gates/${plan.gates[0].id}`, { approverContactId: other.lead.id }, 422, 'approverContactId'],
    ];
    for (const [method, path, body, status, field] of refused) {
      const res = await http[method as 'post' | 'patch'](`/api/reviews/${review.id}/${path}`).send(body);
      expect({
        path,
        body,
        status: res.status,
        fields: res.body.errors?.map((e: { field: string }) => e.field),
      }).toEqual({
        path,
        body,
        status,
        fields: expect.arrayContaining([field]),
      });
    }
    await http.post(`/api/reviews/${review.id}/stages/${plan.stages[1].id}/archive`).expect(409);
    expect(await footprint(review.id, partnership.id)).toEqual(before);

    const draft = await prisma.strategy.create({
      data: {
        partnershipId: partnership.id,
        title: 'Draft',
        periodStart: new Date('2026-04-01'),
        periodEnd: new Date('2029-03-31'),
      },
    });
    await http
      .post(`/api/strategies/${draft.id}/reviews`)
      .send({ title: 'Too early' })
      .expect(422)
      .expect((res) => expect(res.body.errors[0].field).toBe('firstPublishedOn'));
    await http
      .post(`/api/strategies/${strategy.id}/reviews`)
      .send({ title: 'Far ahead', windowNumber: 9 })
      .expect(422);
  });

  const exportPlan = async (http: TestAgent, reviewId: string) => {
    const res = await http.get(`/api/reviews/${reviewId}/plan.xlsx`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+ plan\.xlsx"$/);
    return res.body as Buffer;
  };
  const importPlan = (http: TestAgent, reviewId: string, content: Buffer, field = 'file') =>
    http.post(`/api/reviews/${reviewId}/plan`).attach(field, content, 'plan.bin');

  it('round-trips the plan through its spreadsheet: unchanged is unchanged, one cell is one change', async () => {
    const { http, strategy, partnership, lead, caller } = await setUp();
    const review = await newReview(http, strategy.id);
    await buildPlan(http, review.id, lead.id);
    const exported = await exportPlan(http, review.id);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Stages', 'Engagement', 'Gates']);
    for (const sheet of workbook.worksheets) {
      expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
      expect(sheet.headerFooter.oddHeader).toMatch(/^&C.*OFFICIAL$/);
    }
    const gates = workbook.getWorksheet('Gates')!;
    expect((gates.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Ref',
      'Body or person',
      'Approver (email)',
      'Approves',
      'Kind',
      'Stage',
      'Preconditions',
      'Preconditions met',
    ]);
    expect(workbook.getWorksheet('Engagement')!.rowCount).toBe(25);

    // Unchanged: nothing written, not even an audit event.
    const before = await footprint(review.id, partnership.id);
    const same = (await importPlan(http, review.id, exported).expect(200)).body as ReviewPlanImportReport;
    expect(same.applied).toBe(true);
    expect(same.sheets.Engagement).toMatchObject({ given: true, created: 0, updated: 0, unchanged: 24 });
    expect(same.sheets.Gates).toMatchObject({ created: 0, updated: 0, unchanged: 10 });
    expect(await footprint(review.id, partnership.id)).toEqual(before);

    // One cell edited, one row added: that change only.
    const engagement = workbook.getWorksheet('Engagement')!;
    engagement.getCell('E5').value = 'Hear how the police response changed';
    engagement.addRow([
      'E25',
      'Domestic abuse champions',
      lead.email,
      '',
      'Test the training offer',
      '1. Who was trained?\n2. What changed?',
      new Date('2028-07-01T00:00:00Z'),
      null,
      'engagement',
    ]);
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());
    const dry = (
      await http
        .post(`/api/reviews/${review.id}/plan?dryRun=true`)
        .attach('file', edited, 'plan.xlsx')
        .expect(200)
    ).body as ReviewPlanImportReport;
    expect(dry).toMatchObject({ dryRun: true, applied: false });
    expect(await footprint(review.id, partnership.id)).toEqual(before);
    const report = (await importPlan(http, review.id, edited).expect(200)).body as ReviewPlanImportReport;
    expect(report.sheets.Engagement.rows.filter((r) => r.outcome !== 'unchanged')).toEqual([
      expect.objectContaining({ ref: 'E4', outcome: 'updated', changes: ['aim'] }),
      expect.objectContaining({ ref: 'E25', outcome: 'created' }),
    ]);
    expect(report.sheets.Stages.updated + report.sheets.Gates.updated).toBe(0);
    const after = await footprint(review.id, partnership.id);
    expect(after.audit).toBe(before.audit + 2);
    const changedRows = after.review.activities.filter(
      (a) => JSON.stringify(a) !== JSON.stringify(before.review.activities.find((b) => b.id === a.id)),
    );
    expect(changedRows.sort((a, b) => a.position - b.position).map((a) => [a.ref, a.aim])).toEqual([
      ['E4', 'Hear how the police response changed'],
      ['E25', 'Test the training offer'],
    ]);
    const events = await prisma.auditEvent.findMany({
      where: { partnershipId: partnership.id, channel: 'import' },
    });
    expect(events.map((e) => [e.event, e.actorId])).toEqual([
      ['engagement-activity.created', caller.userId],
      ['engagement-activity.updated', caller.userId],
    ]);
    const plan = (await http.get(`/api/reviews/${review.id}`).expect(200)).body as ReviewPlanView;
    expect(plan.activities.at(-1)).toMatchObject({
      ref: 'E25',
      contact: { id: lead.id },
      questions: ['Who was trained?', 'What changed?'],
      opensOn: '2028-07-01',
      closesOn: null,
      stageKey: 'engagement',
    });
  });

  it('imports all or nothing, naming sheet, row and column; and takes a CSV file per sheet', async () => {
    const { http, strategy, partnership, lead } = await setUp();
    const review = await newReview(http, strategy.id);
    await buildPlan(http, review.id, lead.id);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportPlan(http, review.id)) as unknown as ExcelJS.Buffer);
    workbook.getWorksheet('Stages')!.getCell('B2').value = 'Evidence, renamed';
    workbook.getWorksheet('Engagement')!.getCell('C3').value = `nobody.${randomUUID()}@example.org`;
    workbook.getWorksheet('Gates')!.getCell('E4').value = 'veto';
    const before = await footprint(review.id, partnership.id);
    const refused = (
      await importPlan(http, review.id, Buffer.from(await workbook.xlsx.writeBuffer())).expect(422)
    ).body as ReviewPlanImportReport;
    expect(refused.applied).toBe(false);
    expect(refused.problems.map((p) => `${p.sheet}!${p.column}${p.row} ${p.field}`)).toEqual([
      'Engagement!C3 contactId',
      'Gates!E4 kind',
    ]);
    expect(await footprint(review.id, partnership.id)).toEqual(before);

    const csv =
      'Ref,Body or person,Approves,Kind\nG3,Corporate leadership team,The draft strategy,approval\nG11,Full council,The final strategy,formal comment\n';
    const report = (await importPlan(http, review.id, Buffer.from(csv), 'gates').expect(200))
      .body as ReviewPlanImportReport;
    expect(report.sheets.Stages.given).toBe(false);
    expect(report.sheets.Gates.rows.map((r) => [r.ref, r.outcome, r.changes])).toEqual([
      ['G3', 'updated', ['order']],
      ['G11', 'created', []],
    ]);
    const plan = (await http.get(`/api/reviews/${review.id}`).expect(200)).body as ReviewPlanView;
    expect(plan.gates.map((g) => g.ref)).toEqual([
      'G3',
      'G11',
      'G1',
      'G2',
      'G4',
      'G5',
      'G6',
      'G7',
      'G8',
      'G9',
      'G10',
    ]);
    expect(plan.gates[1]).toMatchObject({ kind: 'formal-comment', approver: null });

    await importPlan(http, review.id, Buffer.from('Ref,Approves\n'), 'file')
      .expect(422)
      .expect((res) => expect(res.body.problems[0].message).toContain('.xlsx'));
    await http.post(`/api/reviews/${review.id}/plan`).expect(400);
  });

  it("answers 404 for another partnership's review", async () => {
    const { http, strategy, lead } = await setUp();
    const review = await newReview(http, strategy.id);
    await buildPlan(http, review.id, lead.id);
    const other = await createPartnership(prisma);
    const outsider: TestCaller = await createCaller(prisma, other.partnership.id);
    const them = authed(api.getHttpServer(), outsider);
    await them.get(`/api/reviews/${review.id}`).expect(404);
    await them.get(`/api/reviews/${review.id}/plan.xlsx`).expect(404);
  });
});
