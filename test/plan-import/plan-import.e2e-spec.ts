// Importing action plan spreadsheets through POST /api/strategies/:id/import, and exporting them, against the
// real API on real PostgreSQL (test/global-setup.ts). Fixtures: test/fixtures/plans/plan-fixtures.ts.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import request from 'supertest';
import { NestExpressApplication } from '@nestjs/platform-express';
import { PrismaService } from '@waymark/db';
import { MAX_UNZIPPED_PLAN_BYTES, type ImportReport } from '@waymark/plan-import';
import { SANDWELL } from '../../prisma/seed/sandwell.data';
import { PLAN_FIXTURES, PlanFixture, planFixture } from '../fixtures/plans/plan-fixtures';
import { countPlan, createPlanPartnership } from '../fixtures/plans/plan-partnership';
import { authed, createCaller } from '../support/auth';
import { binary } from '../support/binary';
import { apiOnly } from '../support/waymark';
import { withBombEntry } from '../support/zip-bomb';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('importing an action plan spreadsheet', () => {
  let api: NestExpressApplication;
  let prisma: PrismaService;

  beforeAll(async () => {
    ({ api, prisma } = await apiOnly());
  });

  afterAll(async () => {
    await api?.close();
  });

  /** supertest as a coordinator of the strategy's partnership, by strategy (set up by setUp). */
  const agents = new Map<string, ReturnType<typeof authed>>();
  const httpFor = (strategyId: string) => {
    const agent = agents.get(strategyId);
    if (!agent) throw new Error(`No caller for strategy ${strategyId}: create it with setUp`);
    return agent;
  };

  const upload = (
    strategyId: string,
    content: Buffer,
    options: { dryRun?: boolean; mapping?: unknown } = {},
  ) => {
    const req = httpFor(strategyId)
      .post(`/api/strategies/${strategyId}/import${options.dryRun ? '?dryRun=true' : ''}`)
      .attach('file', content, 'upload.bin');
    return options.mapping === undefined ? req : req.field('mapping', JSON.stringify(options.mapping));
  };

  async function setUp(fixture: PlanFixture) {
    const { partnership, strategy } = await createPlanPartnership(prisma, fixture.organisations);
    const counts = () => countPlan(prisma, strategy.id, partnership.id);
    agents.set(strategy.id, authed(api.getHttpServer(), await createCaller(prisma, partnership.id)));
    return { partnership, strategy, counts, content: await fixture.build() };
  }

  describe.each(PLAN_FIXTURES.map((f) => [f.file, f] as const))('%s', (_file, fixture) => {
    it(`${fixture.description}: dry run, import, re-import`, async () => {
      const { strategy, counts, content } = await setUp(fixture);
      const empty = await counts();

      const dry = await upload(strategy.id, content, { dryRun: true });
      expect(await counts()).toEqual(empty);
      const expected = fixture.expected;

      if (expected.status === 422) {
        const res = await upload(strategy.id, content).expect(422);
        expect(await counts()).toEqual(empty);
        expect(res.body.detail).toMatch(expected.message);
        if (expected.code === 'rows') {
          // A dry run reports the same rows and problems, without refusing.
          expect(dry.status).toBe(200);
          expect(dry.body.summary.errors).toBeGreaterThan(0);
          expect(res.body.applied).toBe(false);
          expect(res.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual(
            dry.body.problems.filter((p: { severity: string }) => p.severity === 'error'),
          );
        } else {
          expect(dry.status).toBe(422);
          expect(res.body.problems).toEqual([
            expect.objectContaining({ code: expected.code, severity: 'error' }),
          ]);
        }
        return;
      }

      expect(dry.status).toBe(200);
      const dryReport: ImportReport = dry.body;
      // What each column will be read as comes first, in words.
      expect(Object.keys(dryReport)[0]).toBe('columnsRead');
      expect(dryReport.columnsRead).toMatch(/^Sheet ".+", headers on rows? \d+/);
      expect(dryReport).toMatchObject({ dryRun: true, applied: false, summary: expected.summary });

      const res = await upload(strategy.id, content).expect(200);
      const report: ImportReport = res.body;
      expect(report).toMatchObject({ dryRun: false, applied: true, summary: expected.summary });
      // The dry run told the truth: same outcome for every row, same problems.
      expect(report.rows.map((r) => [r.row, r.outcome, r.ref])).toEqual(
        dryReport.rows.map((r) => [r.row, r.outcome, r.ref]),
      );
      expect(report.problems).toEqual(dryReport.problems);
      const codes = new Set(report.problems.map((p) => p.code));
      for (const code of expected.problems) expect(codes).toContain(code);
      if (expected.unknownLeads)
        expect(report.unknownLeads.map((u) => u.name)).toEqual(expected.unknownLeads);
      if (expected.prioritiesCreated) {
        expect(report.prioritiesCreated.map((p) => p.ref)).toEqual(expected.prioritiesCreated);
      }

      const after = await counts();
      const created = report.summary.created;
      expect(after.actions).toBe(created);
      expect(after.priorities).toBe(report.summary.prioritiesCreated);
      expect(after.leads).toBe(
        report.rows.reduce((n, r) => n + (r.outcome === 'created' ? r.leads.length : 0), 0),
      );
      const events = await prisma.auditEvent.findMany({ where: { partnershipId: strategy.partnershipId } });
      expect(events).toHaveLength(created + report.summary.prioritiesCreated);
      expect(new Set(events.map((e) => `${e.actorType}/${e.channel}`))).toEqual(
        new Set(['COORDINATOR/import']),
      );
      expect(
        events
          .filter((e) => e.event === 'action.created')
          .map((e) => e.entityId)
          .sort(),
      ).toEqual(
        report.rows
          .filter((r) => r.outcome === 'created')
          .map((r) => r.actionId)
          .sort(),
      );

      // Importing the same file again changes nothing and duplicates nothing.
      const again: ImportReport = (await upload(strategy.id, content).expect(200)).body;
      expect(again.summary).toMatchObject({
        created: 0,
        updated: 0,
        unchanged: created,
        prioritiesCreated: 0,
      });
      expect(await counts()).toEqual(after);
    });
  });

  it("keeps Sandwell's dates and leads as its strategy gives them", async () => {
    const fixture = planFixture('sandwell-implementation-plan.xlsx');
    const { strategy, content } = await setUp(fixture);
    await upload(strategy.id, content).expect(200);
    const actions = await prisma.action.findMany({
      where: { strategyId: strategy.id },
      include: { leadOrganisations: { include: { organisation: true } }, priority: true },
    });
    const names = new Map(SANDWELL.organisations.map((o) => [o.key, o.name]));
    for (const seed of SANDWELL.actions) {
      const action = actions.find((a) => a.ref === seed.ref)!;
      expect({
        ref: action.ref,
        parse: action.dueDateParse,
        due: action.dueDate?.toISOString().slice(0, 10) ?? undefined,
      }).toEqual({
        ref: seed.ref,
        parse: seed.dueDateParse,
        due: seed.dueDate,
      });
      expect(action.priority?.ref).toBe(seed.priority);
      expect(action.text).toBe(seed.text);
      const linked = action.leadOrganisations.map((l) => l.organisation.name);
      expect(linked).toEqual(expect.arrayContaining(seed.leadOrganisations.map((k) => names.get(k))));
    }
  });

  it('updates by reference: changed rows are updated and audited with before and after, the rest unchanged', async () => {
    const fixture = planFixture('herefordshire-work-plan.csv');
    const { strategy, content } = await setUp(fixture);
    await upload(strategy.id, content).expect(200);
    const edited = Buffer.from(
      content
        .toString('utf8')
        .replace('Herefordshire Council / Police', 'Police')
        .replace(
          'Ensure there is strong leadership across all organisations on domestic abuse.',
          'Ensure there is strong leadership on domestic abuse in every organisation.',
        ),
    );
    const report: ImportReport = (await upload(strategy.id, edited).expect(200)).body;
    expect(report.summary).toMatchObject({ created: 0, updated: 2, unchanged: 12 });
    expect(report.rows.filter((r) => r.outcome === 'updated').map((r) => [r.ref, r.changes])).toEqual([
      ['1.1', ['leadText', 'leadOrganisations']],
      ['3.1', ['text']],
    ]);
    const action = await prisma.action.findFirstOrThrow({
      where: { strategyId: strategy.id, ref: '1.1' },
      include: { leadOrganisations: { include: { organisation: true } } },
    });
    expect(action.leadOrganisations.map((l) => l.organisation.name)).toEqual(['West Mercia Police']);
    const updated = await prisma.auditEvent.findFirstOrThrow({
      where: { event: 'action.updated', entityId: action.id },
    });
    expect(updated).toMatchObject({
      actorType: 'COORDINATOR',
      channel: 'import',
      before: expect.objectContaining({ leadText: 'Herefordshire Council / Police' }),
      after: expect.objectContaining({ leadText: 'Police', changes: ['leadText', 'leadOrganisations'] }),
    });
  });

  it('exports the plan as .xlsx in the same layout, and importing the export changes nothing', async () => {
    const fixture = planFixture('messy-plan.xlsx');
    const { strategy, content, counts } = await setUp(fixture);
    await upload(strategy.id, content).expect(200);
    const before = await counts();

    const res = await httpFor(strategy.id)
      .get(`/api/strategies/${strategy.id}/export`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+ action plan\.xlsx"$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual([
      'Ref',
      'Priority',
      'Title',
      'Action',
      'Lead Partner/s',
      'Lead officer',
      'Supporting partners',
      'Start',
      'Date for completion',
      'Measure',
    ]);
    expect(sheet.getRow(4).getCell(1).value).toBe('P1.1');
    expect(sheet.getCell('B5').isMerged && sheet.getCell('B5').master.address).toBe('B4');
    expect(sheet.getRow(8).getCell(9).value).toBe('(Start) April 2022 (Completion March 2023)');

    const again: ImportReport = (await upload(strategy.id, res.body).expect(200)).body;
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 5, errors: 0 });
    expect(await counts()).toEqual(before);
  });

  it('reads a sheet with unusual headers through an explicit mapping', async () => {
    const { strategy } = await setUp(planFixture('row-errors.csv'));
    const content = Buffer.from(
      'Item,Thing to do,Who is on it,Deadline\nX1,Map the pathways.,Police,Q1 2024/25\n',
    );
    const refused = await upload(strategy.id, content).expect(422);
    expect(refused.body.problems[0].code).toBe('no-headers');
    expect(refused.body.detail).toMatch(
      /^Could not recognise the header row: .*these rows look like headers: row 1 \("Item", "Thing to do", "Who is on it", "Deadline"\); give a mapping/,
    );
    expect(refused.body.headerLookalikes).toEqual([
      { sheet: 'CSV', row: 1, labels: ['Item', 'Thing to do', 'Who is on it', 'Deadline'] },
    ]);
    const report: ImportReport = (
      await upload(strategy.id, content, {
        mapping: { columns: { ref: 'A', text: 'Thing to do', lead: 'Who is on it' } },
      }).expect(200)
    ).body;
    expect(report.rows[0]).toMatchObject({
      ref: 'X1',
      outcome: 'created',
      leads: ['West Midlands Police'],
      dueDate: { text: 'Q1 2024/25', date: '2024-06-30', parse: 'PARSED' },
    });
  });

  it('refuses bad requests clearly and writes nothing', async () => {
    const { strategy, counts } = await setUp(planFixture('row-errors.csv'));
    const before = await counts();
    const csv = Buffer.from('Action\nDo it.\n');
    const http = () => httpFor(strategy.id);

    await http().post(`/api/strategies/${strategy.id}/import`).expect(400);
    const noFile = await http()
      .post(`/api/strategies/${strategy.id}/import`)
      .field('mapping', '{}')
      .expect(400);
    expect(noFile.body.detail).toMatch(/multipart form field "file"/);
    await upload(strategy.id, csv, { mapping: 'not json' }).expect(400);
    const badMapping = await upload(strategy.id, csv, { mapping: { columns: { colour: 'B' } } }).expect(400);
    expect(JSON.stringify(badMapping.body)).toMatch(/mapping/);
    await http()
      .post(`/api/strategies/${strategy.id}/import?dryRun=maybe`)
      .attach('file', csv, 'a.csv')
      .expect(400);
    await http()
      .post('/api/strategies/00000000-0000-4000-8000-000000000000/import')
      .attach('file', csv, 'a.csv')
      .expect(404);
    await http().post('/api/strategies/not-a-uuid/import').attach('file', csv, 'a.csv').expect(400);
    await http()
      .post(`/api/strategies/${strategy.id}/import`)
      .attach('file', Buffer.alloc(10 * 1024 * 1024 + 1, 'a'), 'big.csv')
      .expect(413);
    await http()
      .post(`/api/strategies/${strategy.id}/import`)
      .attach('file', Buffer.alloc(0), 'empty.csv')
      .expect(422);
    // The name says .csv; the content is a workbook, and is read as one.
    const xlsx = await planFixture('messy-plan.xlsx').build();
    const dry: ImportReport = (await upload(strategy.id, xlsx, { dryRun: true }).expect(200)).body;
    expect(dry.file.kind).toBe('xlsx');
    expect(await counts()).toEqual(before);
  });

  it('refuses a workbook that unzips to more than the plan limit, counted as it inflates, and writes nothing', async () => {
    const { strategy, counts } = await setUp(planFixture('messy-plan.xlsx'));
    const before = await counts();
    const xlsx = await planFixture('messy-plan.xlsx').build();
    const size = MAX_UNZIPPED_PLAN_BYTES + 1024 * 1024;
    // The plan with 51 MB of zeros beside it, declared honestly or as 1 kB: neither is unzipped whole.
    for (const declared of [size, 1024]) {
      const bomb = withBombEntry(xlsx, 'xl/media/image1.png', size, declared);
      expect(bomb.length).toBeLessThan(200_000);
      const res = await upload(strategy.id, bomb, { dryRun: true }).expect(422);
      expect(res.body.problems).toEqual([
        expect.objectContaining({ code: declared === size ? 'too-large' : 'unreadable-file' }),
      ]);
    }
    expect(await counts()).toEqual(before);
  });

  describe('whatever is uploaded (fuzzed)', () => {
    const word = fc.constantFrom(
      'Ref',
      'Theme',
      'Action',
      'What we will do',
      'Lead Partner/s',
      'Responsible',
      'By when',
      'Date for completion',
      'Start',
      'Measure',
      'RAG',
      'Theme 1 - Prevention',
      'Priority 2: Provision',
      'Police / CSP',
      'NHS & CCG',
      'Police, Housing and Health',
      'BCWA and grassroots organisations',
      'TBC',
      '2022/23',
      'March 2023',
      'Q3 2023/24',
      '(Start) April 2022 (Completion March 2023)',
      'during 2024',
      'Note: see below',
      '1.1',
      '1.1',
      'A1',
      '',
    );
    const cell = fc.oneof(
      { weight: 3, arbitrary: word },
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    const headers = fc.shuffledSubarray(
      ['Ref', 'Theme', 'Action', 'Lead Partner/s', 'By when', 'Start', 'Measure'],
      {
        minLength: 1,
      },
    );
    // Usually a header row first, so that most uploads get as far as the rows.
    const grid = fc
      .tuple(
        fc.option(headers, { freq: 3, nil: null }),
        fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 15 }),
      )
      .map(([header, rows]) => (header ? [header, ...rows] : rows));
    const toCsv = (rows: string[][], delimiter: string) =>
      rows
        .map((r) => r.map((c) => (/[",;\t\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter))
        .join('\n');
    const toXlsx = async (rows: string[][], merges: [number, number, number][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Plan');
      rows.forEach((r, i) =>
        r.forEach(
          (c, j) =>
            (ws.getCell(i + 1, j + 1).value = c.replace(
              /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
              '',
            )),
        ),
      );
      for (const [row, col, height] of merges) {
        try {
          ws.mergeCells(row, col, row + height, col);
        } catch {
          // overlapping merges are refused by exceljs itself; the sheet goes up without that one
        }
      }
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const upload$ = fc.oneof(
      fc.tuple(grid, fc.constantFrom(',', ';', '\t')).map(
        ([rows, d]) =>
          async () =>
            Buffer.from(toCsv(rows, d)),
      ),
      fc
        .tuple(
          grid,
          fc.array(
            fc.tuple(
              fc.integer({ min: 1, max: 12 }),
              fc.integer({ min: 1, max: 6 }),
              fc.integer({ min: 1, max: 3 }),
            ),
            { maxLength: 3 },
          ),
        )
        .map(
          ([rows, merges]) =>
            () =>
              toXlsx(rows, merges),
        ),
      fc.tuple(grid, fc.integer({ min: 0, max: 4000 })).map(
        ([rows, cut]) =>
          async () =>
            (await toXlsx(rows, [])).subarray(0, cut),
      ),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => async () => Buffer.from(bytes)),
    );

    it('never answers 5xx, and writes all of an import or none of it', async () => {
      const { strategy, counts } = await setUp(planFixture('sandwell-implementation-plan.xlsx'));
      await fc.assert(
        fc.asyncProperty(upload$, fc.boolean(), async (build, dryRun) => {
          const before = await counts();
          const res = await upload(strategy.id, await build(), { dryRun });
          expect(res.status).toBeLessThan(500);
          const after = await counts();
          if (res.status === 200 && !dryRun) {
            const { summary } = res.body as ImportReport;
            expect(after.actions - before.actions).toBe(summary.created);
            expect(after.priorities - before.priorities).toBe(summary.prioritiesCreated);
            expect(after.audit - before.audit).toBe(
              summary.created + summary.updated + summary.prioritiesCreated,
            );
          } else {
            expect(after).toEqual(before);
          }
        }),
        { numRuns: 50 },
      );
    });
  });

  it('shows the import and export in the OpenAPI document', async () => {
    const doc = (await request(api.getHttpServer()).get('/docs-json').expect(200)).body;
    expect(
      doc.paths['/api/strategies/{id}/import'].post.requestBody.content['multipart/form-data'],
    ).toBeDefined();
    expect(doc.paths['/api/strategies/{id}/export'].get).toBeDefined();
    expect(JSON.stringify(doc.components.schemas)).toContain('unknownLeads');
  });
});
