import ExcelJS from 'exceljs';
import {
  type ReturnAnswers,
  checkRequired,
  defaultReturnTemplate,
  evaluateRules,
} from '@waymark/return-template';
import { readOoxml } from '../../../test/support/ooxml';
import { RETURN_SHEET_NAMES, type ReturnWorkbookInput, buildReturnWorkbook } from './annual-return.workbook';

const template = defaultReturnTemplate();

const INJECTION = '=HYPERLINK("https://example.com/x","click me")';

const answers: ReturnAnswers = {
  Q04_INDIVIDUALS_TOTAL: { '': 120 },
  // men is 0, trans adults not collected, children never answered.
  Q04_INDIVIDUALS_BY_GROUP: { women: 70, men: 0, 'trans-adults': { notCollected: true } },
  Q04_INDIVIDUALS_BY_TYPE: { 'refuge,women': 40, 'dispersed,children': 0 },
  Q06_HOUSEHOLDS_STOPPED: { '': 30 },
  Q06_STOPPED_SANCTUARY: { '': 10 },
  Q06_STOPPED_NON_SANCTUARY: { '': 15 },
  Q07_MONITORING_METHOD: { '': 'both' },
  Q07_QUALITY_NOTES: { '': INJECTION },
  Q08_STRATEGY_PUBLISHED: { '': true },
  Q08_BOARD_APPOINTED: { '': false },
  Q08_STRATEGY_PUBLISHED_ON: { '': '2024-05-01' },
  Q08_STRATEGY_URL: { '': 'https://example.gov.uk/strategy' },
  Q09_ALLOCATION: { '': 250000.5 },
};

// Last year's 50 individuals make this year's 120 a rise of more than 50%: a failing warning.
const lastYear: ReturnAnswers = { Q04_INDIVIDUALS_TOTAL: { '': 50 } };

function input(overrides: Partial<ReturnWorkbookInput> = {}): ReturnWorkbookInput {
  return {
    partnership: { name: 'Herefordshire Council', gssCode: 'E06000019' },
    financialYear: '2025-26',
    template,
    templateVersion: { version: 1, sha256: 'a'.repeat(64) },
    answers,
    provenance: {
      Q04_INDIVIDUALS_TOTAL: {
        '': {
          source: 'providers',
          by: 'Waymark (sum of providers)',
          at: '2026-05-20T09:30:00Z',
          providers: [
            { name: 'West Mercia Women’s Aid', value: 80 },
            { name: 'Refuge', value: 40 },
          ],
        },
      },
      Q07_QUALITY_NOTES: { '': { source: 'coordinator', by: 'Sam Coordinator', at: '2026-05-21T10:00:00Z' } },
    },
    results: [...evaluateRules(template, answers, lastYear), ...checkRequired(template, answers)],
    explanations: {
      'stopped-split': '=1+1 the scheme count is being checked',
      'individuals-year-on-year': 'A second refuge opened in April.',
    },
    notes: { Q04_INDIVIDUALS_BY_GROUP: 'Trans adults are not recorded by one provider.' },
    state: 'draft',
    generatedAt: '2026-06-01T08:15:00Z',
    ...overrides,
  };
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** The row, after a question's label, whose first cell is the given label. */
function rowOf(sheet: ExcelJS.Worksheet, questionLabel: string, rowLabel: string): number {
  let question = 0;
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const first = sheet.getCell(r, 1).value;
    if (first === questionLabel) question = r;
    else if (question && first === rowLabel) return r;
  }
  throw new Error(`No row "${rowLabel}" after "${questionLabel}" on ${sheet.name}`);
}

/** Every label → value pair of the cover's facts (columns A and B). */
function facts(sheet: ExcelJS.Worksheet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  sheet.eachRow((row) => {
    const label = row.getCell(1).value;
    if (typeof label === 'string') out[label] = row.getCell(2).value;
  });
  return out;
}

const label = (list: string, code: string) =>
  template.codeLists[list].codes.find((c) => c.code === code)!.label;

describe('the annual return workbook', () => {
  let bytes: Buffer;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    bytes = await buildReturnWorkbook(input());
    workbook = await load(bytes);
  });

  it('has the cover, one sheet per section in the template’s order, then validation, notes, provenance and code lists', async () => {
    const expected = [
      '00_Cover',
      ...template.sections.map((s) => s.sheetName),
      '10_Validation',
      '11_DataQualityNotes',
      '12_Provenance',
      '13_CodeLists',
    ];
    expect(workbook.worksheets.map((s) => s.name)).toEqual(expected);
    expect((await readOoxml(bytes)).sheetNames).toEqual(expected);
    expect(expected.every((name) => name.length <= 31)).toBe(true);
  });

  it('says on the cover whose return it is, for which year and template, and that a draft is not approved', () => {
    const cover = facts(workbook.getWorksheet(RETURN_SHEET_NAMES.cover)!);
    expect(cover).toMatchObject({
      Authority: 'Herefordshire Council',
      'GSS code': 'E06000019',
      'Financial year': '2025-26',
      'Reporting period': '1 April 2025 to 31 March 2026',
      'Template version': 1,
      'Template SHA-256': 'a'.repeat(64),
      State: 'Draft',
      OFFICIAL: null,
      'DRAFT — not approved': expect.stringContaining('not been approved'),
      // 08:15 UTC on 1 June is 09:15 in London.
      Generated: new Date('2026-06-01T09:15:00Z'),
    });
    expect(cover).not.toHaveProperty('Signatory');
    expect(cover).not.toHaveProperty('Snapshot hash (SHA-256)');
  });

  it('names the signatory, the approval date and the snapshot once approved, without the draft banner', async () => {
    const approved = await load(
      await buildReturnWorkbook(
        input({
          state: 'approved',
          signatory: {
            name: 'Jo Director',
            role: 'Director of Communities',
            approvedAt: '2026-06-30T23:30:00Z',
          },
          snapshotHash: 'b'.repeat(64),
        }),
      ),
    );
    const cover = facts(approved.getWorksheet(RETURN_SHEET_NAMES.cover)!);
    expect(cover).toMatchObject({
      State: 'Approved',
      Signatory: 'Jo Director',
      'Signatory’s role': 'Director of Communities',
      // 23:30 UTC on 30 June is 1 July in London.
      'Approved on': new Date('2026-07-01T00:00:00Z'),
      'Snapshot hash (SHA-256)': 'b'.repeat(64),
    });
    expect(cover).not.toHaveProperty('DRAFT — not approved');
  });

  it('tells blank, 0 and "Not collected" apart, in both readers', async () => {
    const sheet = workbook.getWorksheet('04_Individuals_Characteristics')!;
    const byGroup = 'Individuals supported, by women, men, trans adults and children';
    const cellOf = (code: string) => sheet.getCell(rowOf(sheet, byGroup, label('person-groups', code)), 2);
    const [women, men, trans, children] = ['women', 'men', 'trans-adults', 'children'].map(cellOf);

    expect(women.value).toBe(70);
    expect(men.value).toBe(0);
    expect(men.numFmt).toBe('#,##0');
    expect(men.alignment).toMatchObject({ horizontal: 'right' });
    expect(trans.value).toBe('Not collected');
    expect(trans.font).toMatchObject({ italic: true });
    expect(children.value).toBeNull();
    expect(children.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(men.fill).not.toMatchObject({ pattern: 'solid' });

    const xml = (await readOoxml(bytes)).sheet('04_Individuals_Characteristics');
    expect(xml.cell(men.address)).toMatchObject({ value: 0, numFmt: '#,##0', fill: null });
    expect(xml.cell(women.address)).toMatchObject({ value: 70 });
    expect(xml.cell(trans.address)).toMatchObject({ value: 'Not collected' });
    expect(xml.cell(children.address)).toMatchObject({ value: null, fill: 'FFE8E8E8' });
  });

  it('lays a two-dimension question out as a grid: first dimension down, second across, no totals', () => {
    const sheet = workbook.getWorksheet('04_Individuals_Characteristics')!;
    const question = 'Individuals supported, by accommodation type and group';
    const refuge = rowOf(sheet, question, label('accommodation-types', 'refuge'));
    const header = sheet.getRow(refuge - 1);
    expect(header.getCell(1).value).toBe(template.codeLists['accommodation-types'].label);
    expect([2, 3, 4, 5].map((c) => header.getCell(c).value)).toEqual(
      template.codeLists['person-groups'].codes.map((c) => c.label),
    );
    expect(header.getCell(6).value).toBeNull();
    expect(sheet.getCell(refuge, 2).value).toBe(40);
    const dispersed = rowOf(sheet, question, label('accommodation-types', 'dispersed'));
    expect(sheet.getCell(dispersed, 5).value).toBe(0);
    const last = rowOf(sheet, question, label('accommodation-types', 'emergency-other'));
    // A blank row, then the next question: no total row.
    expect(sheet.getCell(last + 1, 1).value).toBeNull();
    expect(sheet.getCell(last + 2, 1).value).toBe(template.sections[3].questions[3].label);
  });

  it('marks each question mandatory or voluntary, confirmed or provisional, with its guidance', () => {
    const sheet = workbook.getWorksheet('07_Quality')!;
    const notes = template.sections[6].questions.find((q) => q.key === 'Q07_QUALITY_NOTES')!;
    const at = rowOf(sheet, notes.label, 'Q07_QUALITY_NOTES');
    expect(sheet.getCell(at, 2).value).toBe('Voluntary · Provisional · Text · From: Coordinator');
    const total = workbook.getWorksheet('04_Individuals_Characteristics')!;
    const row = rowOf(total, template.sections[3].questions[0].label, 'Q04_INDIVIDUALS_TOTAL');
    expect(total.getCell(row, 2).value).toMatch(/^Mandatory · Confirmed · Count/);
  });

  it('writes money, yes/no, dates, choices and web addresses as a reader expects them', () => {
    const finance = workbook.getWorksheet('09_Finance')!;
    const allocation = finance.getCell(rowOf(finance, 'Grant allocation for the year (£)', 'Answer'), 2);
    expect(allocation.value).toBe(250000.5);
    expect(allocation.numFmt).toBe('"£"#,##0.00');

    const strategy = workbook.getWorksheet('08_Strategy_Board_NeedsAssmt')!;
    const answer = (questionLabel: string) => strategy.getCell(rowOf(strategy, questionLabel, 'Answer'), 2);
    expect(answer('Is the strategy published?').value).toBe('Yes');
    expect(answer('Is a domestic abuse local partnership board appointed?').value).toBe('No');
    const published = answer('Date the current strategy was published');
    expect(published.value).toEqual(new Date('2024-05-01T00:00:00Z'));
    expect(published.numFmt).toBe('dd/mm/yyyy');
    expect(answer('Web address of the published strategy').value).toEqual({
      text: 'https://example.gov.uk/strategy',
      hyperlink: 'https://example.gov.uk/strategy',
    });

    const quality = workbook.getWorksheet('07_Quality')!;
    expect(quality.getCell(rowOf(quality, 'How the authority monitors quality', 'Answer'), 2).value).toBe(
      label('quality-monitoring-methods', 'both'),
    );
  });

  it('keeps a text answer that starts with "=" as text: a string cell, never a formula', async () => {
    const quality = workbook.getWorksheet('07_Quality')!;
    const cell = quality.getCell(rowOf(quality, 'Notes on the quality of support', 'Answer'), 2);
    expect(cell.value).toBe(INJECTION);
    expect(cell.type).toBe(ExcelJS.ValueType.String);

    const ooxml = await readOoxml(bytes);
    expect(ooxml.sheet('07_Quality').cell(cell.address)?.value).toBe(INJECTION);
    for (const name of ooxml.sheetNames) {
      const rows = (ooxml.sheet(name).xml.sheetData as { row?: { c?: Record<string, unknown>[] }[] }).row;
      for (const c of (rows ?? []).flatMap((r) => r.c ?? [])) {
        expect(c).not.toHaveProperty('f');
        if (c['@r'] === cell.address && name === '07_Quality') expect(c['@t']).toBe('s');
      }
    }
  });

  it('lists every rule with failing errors first, outcomes in words, the values read and the explanations', () => {
    const sheet = workbook.getWorksheet(RETURN_SHEET_NAMES.validation)!;
    const rows = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => ({
      key: r.getCell(1).value,
      kind: r.getCell(2).value,
      outcome: r.getCell(3).value,
      values: r.getCell(5).value,
      explanation: r.getCell(7).value,
    }));
    const results = input().results;
    expect(rows).toHaveLength(results.length);
    expect(new Set(rows.map((r) => r.outcome))).toEqual(new Set(['Fail', 'Cannot check', 'Pass']));
    const rank = (r: (typeof rows)[number]) =>
      ({ Fail: 0, 'Cannot check': 2, Pass: 4 })[r.outcome as string]! + (r.kind === 'Error' ? 0 : 1);
    const ranks = rows.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(rows[0]).toMatchObject({ kind: 'Error', outcome: 'Fail' });

    // Sanctuary 10 + non-sanctuary 15 is not the 30 households that stopped.
    const stopped = rows.find((r) => r.key === 'stopped-split');
    expect(stopped).toMatchObject({
      kind: 'Error',
      outcome: 'Fail',
      explanation: '=1+1 the scheme count is being checked',
    });
    expect(stopped?.values).toContain('Q06_HOUSEHOLDS_STOPPED = 30');
    expect(rows.find((r) => r.key === 'individuals-year-on-year')).toMatchObject({
      kind: 'Warning',
      outcome: 'Fail',
      explanation: 'A second refuge opened in April.',
    });
    expect(rows.find((r) => r.key === 'required:Q04_INDIVIDUALS_TOTAL')).toMatchObject({ outcome: 'Pass' });
  });

  it('keeps data-quality notes per question, every answered cell’s provenance and the code lists used', () => {
    const notes = workbook.getWorksheet(RETURN_SHEET_NAMES.notes)!;
    expect(notes.getRow(2).values).toEqual([
      undefined,
      '04_Individuals_Characteristics',
      'Q04_INDIVIDUALS_BY_GROUP',
      'Individuals supported, by women, men, trans adults and children',
      'Trans adults are not recorded by one provider.',
    ]);

    const provenance = workbook.getWorksheet(RETURN_SHEET_NAMES.provenance)!;
    const answered = Object.values(answers).reduce((n, cells) => n + Object.keys(cells).length, 0);
    expect(provenance.rowCount - 1).toBe(answered);
    const total = provenance
      .getRows(2, provenance.rowCount - 1)!
      .find((r) => r.getCell(1).value === 'Q04_INDIVIDUALS_TOTAL')!;
    expect(total.getCell(2).value).toBe(template.sections[3].questions[0].label);
    expect(total.getCell(3).value).toBeNull();
    expect(total.getCell(4).value).toMatchObject({
      text: expect.stringMatching(/^04_Individuals_Characteristics!B\d+$/),
    });
    expect(total.getCell(5).value).toBe(120);
    const where = (total.getCell(4).value as { text: string }).text.split('!')[1];
    expect(workbook.getWorksheet('04_Individuals_Characteristics')!.getCell(where).value).toBe(120);
    expect(total.getCell(6).value).toBe('Providers’ submissions');
    expect(total.getCell(7).value).toBe('Waymark (sum of providers)');
    // 09:30 UTC on 20 May is 10:30 in London.
    expect(total.getCell(8).value).toEqual(new Date('2026-05-20T10:30:00Z'));
    expect(total.getCell(9).value).toBe('West Mercia Women’s Aid: 80\nRefuge: 40');
    const trans = provenance
      .getRows(2, provenance.rowCount - 1)!
      .find((r) => r.getCell(3).value === label('person-groups', 'trans-adults'))!;
    expect(trans.getCell(5).value).toBe('Not collected');
    expect(trans.getCell(6).value).toBe('Not recorded');

    const codeLists = workbook.getWorksheet(RETURN_SHEET_NAMES.codeLists)!;
    const listed = new Set(codeLists.getColumn(1).values.slice(2));
    expect(listed).toEqual(
      new Set(
        template.sections.flatMap((s) =>
          s.questions.flatMap((q) => [...q.dimensions, ...(q.choices ? [q.choices] : [])]),
        ),
      ),
    );
  });

  it('prints every sheet on A4 fitted to the width, landscape for grids, with titles repeated and OFFICIAL', async () => {
    const ooxml = await readOoxml(bytes);
    for (const sheet of workbook.worksheets) {
      expect(sheet.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(sheet.pageSetup.showGridLines).toBeFalsy();
      expect(sheet.headerFooter.oddFooter).toMatch(/OFFICIAL.*Page &P of &N/);
      expect(sheet.pageSetup.printTitlesRow).toBeTruthy();
      const xml = ooxml.sheet(sheet.name);
      expect(xml.fitToPage).toBe(true);
      expect(xml.pageSetup).toMatchObject({ paperSize: '9', fitToWidth: '1', fitToHeight: '0' });
      expect((xml.xml.printOptions as Record<string, string> | undefined)?.['@gridLines']).not.toBe('1');
    }
    const orientation = (name: string) => ooxml.sheet(name).pageSetup.orientation;
    expect(orientation('04_Individuals_Characteristics')).toBe('landscape');
    expect(orientation('03_SupportTypes')).toBe('landscape');
    expect(orientation('09_Finance')).toBe('portrait');
    expect(orientation(RETURN_SHEET_NAMES.validation)).toBe('landscape');

    // Every sheet's columns fit on the page's width at 70% or more (A4 landscape: 770 points between margins).
    const scales = workbook.worksheets.map((sheet) => {
      const points = sheet.columns.reduce((sum, c) => sum + ((c.width ?? 9) * 7 + 5) * 0.75, 0);
      const across = sheet.pageSetup.orientation === 'landscape' ? 770 : 523;
      return [sheet.name, Math.min(1, across / points) >= 0.7];
    });
    expect(scales).toEqual(workbook.worksheets.map((sheet) => [sheet.name, true]));

    const index = ooxml.sheetNames.indexOf('04_Individuals_Characteristics');
    expect(ooxml.definedNames).toContainEqual({
      name: '_xlnm.Print_Titles',
      localSheetId: String(index),
      value: "'04_Individuals_Characteristics'!$1:$2",
    });
  });

  it('sizes the rule column to its keys, gives every row its height, and writes every cell in Arial', () => {
    const validation = workbook.getWorksheet(RETURN_SHEET_NAMES.validation)!;
    const keys = input().results.map((r) => r.key);
    const longest = Math.max(...keys.map((k) => k.length));
    expect(longest).toBeGreaterThan(30);
    expect(validation.getColumn(1).width).toBeGreaterThanOrEqual(longest);

    for (const sheet of workbook.worksheets) {
      sheet.eachRow({ includeEmpty: true }, (row) => expect(row.height).toBeGreaterThanOrEqual(15));
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.value !== null) expect(cell.font?.name).toBe('Arial');
        }),
      );
    }
    // A long question label reads across the sheet, wrapped, in a row tall enough for its lines.
    const support = workbook.getWorksheet('03_SupportTypes')!;
    const heading = support.getCell(4, 1);
    expect(heading.value).toBe(template.sections[2].questions[0].label);
    expect(support.getCell(4, 7).isMerged).toBe(true);
    expect(heading.alignment).toMatchObject({ wrapText: true });
    expect(support.getRow(4).height).toBeGreaterThan(15);
  });

  it('prints a grid too wide for the page across pages at 80%, its row labels repeated on each', async () => {
    const types = template.codeLists['accommodation-types'];
    const many = {
      ...template,
      codeLists: {
        ...template.codeLists,
        'accommodation-types': {
          ...types,
          codes: Array.from({ length: 20 }, (_, i) => ({
            ...types.codes[i % types.codes.length],
            code: `type-${i}`,
          })),
        },
      },
    };
    const wide = await load(await buildReturnWorkbook(input({ template: many, answers: {}, results: [] })));
    const support = wide.getWorksheet('03_SupportTypes')!;
    expect(support.pageSetup).toMatchObject({ fitToPage: false, scale: 80, printTitlesColumn: 'A:A' });
    expect(support.pageSetup.printTitlesRow).toBe('1:2');
    expect(wide.getWorksheet('09_Finance')!.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1 });
  });

  it('refuses a template of another year and a section sheet named like one of the return’s own sheets', async () => {
    await expect(buildReturnWorkbook(input({ financialYear: '2026-27' }))).rejects.toThrow(
      'The template is for 2025-26, not 2026-27',
    );
    const clashing = {
      ...template,
      sections: template.sections.map((s, i) => (i === 0 ? { ...s, sheetName: '10_validation' } : s)),
    };
    await expect(buildReturnWorkbook(input({ template: clashing }))).rejects.toThrow(
      'is one of the return’s own sheets',
    );
  });
});
