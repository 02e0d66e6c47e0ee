import ExcelJS from 'exceljs';
import { readOoxml } from '../../../test/support/ooxml';
import { loadWorkbook } from '../../../test/support/workbook-rows';
import { layOutSheet } from './layout';
import { SharedStyles } from './shared-styles';
import { StreamedWorkbook, type TableRow } from './streamed-workbook';
import {
  type ColumnSpec,
  FILLS,
  FONTS,
  NUMBER_FORMATS,
  addChartImage,
  setUpPrinting,
} from './workbook-styles';

// A 1-by-1 white PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC',
  'base64',
);

const LINK = 'https://evidence.example.org/partnership/annual-review/documents';

const COLUMNS: readonly ColumnSpec[] = [
  { header: 'Ref', width: 9 },
  { header: 'Action', width: 30, kind: 'wrap' },
  { header: 'Due date', width: 11, kind: 'date' },
  { header: 'Percent complete', width: 9, kind: 'percent' },
  { header: 'Link', width: 30 },
];

const row = (i: number): TableRow => ({
  values: [
    `P1.${i}`,
    `Extend the Sanctuary Scheme to private rented tenancies, part ${i} of a long plan`,
    new Date(Date.UTC(2027, 2, 31)),
    i / 100,
    { text: `${LINK}/${i}`, hyperlink: `${LINK}/${i}` },
  ],
  styles: i % 2 === 0 ? { 1: { font: FONTS.header, fill: FILLS.editable } } : undefined,
});

/** A sheet laid out whole in a document workbook: a title, a merged note, a page break and two pictures. */
function laidOutSheet(): ExcelJS.Worksheet {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Summary', { properties: { tabColor: { argb: 'FF0B0C0C' } } });
  sheet.getCell('A1').value = 'Board progress report';
  sheet.getCell('A1').font = FONTS.title;
  sheet.getCell('A2').value = 'A note that runs across two columns';
  sheet.mergeCells('A2:B2');
  sheet.getCell('B4').value = 12;
  sheet.getCell('B4').numFmt = NUMBER_FORMATS.integer;
  setUpPrinting(sheet);
  layOutSheet(sheet);
  sheet.getRow(5).addPageBreak();
  const chart = { png: PNG, width: 200, height: 100 };
  addChartImage(workbook, sheet, chart, { col: 0, row: 6 });
  addChartImage(workbook, sheet, chart, { col: 2, row: 12 });
  return sheet;
}

describe('StreamedWorkbook', () => {
  let bytes: Buffer;
  beforeAll(async () => {
    const book = new StreamedWorkbook({
      creator: 'Waymark',
      created: new Date('2026-11-23T10:00:00Z'),
      title: 'T',
    });
    await book.addSheet(laidOutSheet());
    await book.addTable({
      name: 'Action register',
      columns: COLUMNS,
      rows: Array.from({ length: 600 }, (_, i) => row(i + 1)),
    });
    await book.addTable({
      name: 'Wide',
      columns: Array.from({ length: 14 }, (_, i) => ({ header: `Column ${i + 1}`, width: 20 })),
      rows: [{ values: Array.from({ length: 14 }, () => 'a value long enough to need the whole width') }],
      keyColumns: 'A:B',
      filterColumns: 3,
    });
    bytes = await book.finish();
  });

  it('writes a table a row at a time, with its columns’ formats, cells styled apart, widths and heights from content', async () => {
    const workbook = await loadWorkbook(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Action register', 'Wide']);
    expect(workbook.creator).toBe('Waymark');
    const sheet = workbook.getWorksheet('Action register')!;
    expect(sheet.rowCount).toBe(601);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(COLUMNS.map((c) => c.header));
    expect(sheet.getCell('A1').fill).toEqual(FILLS.header);
    // Headings over figures sit on the right, as the figures do.
    expect(sheet.getCell('D1').alignment).toMatchObject({ horizontal: 'right', wrapText: true });
    expect(sheet.getCell('C600').value).toEqual(new Date(Date.UTC(2027, 2, 31)));
    expect(sheet.getCell('C600').numFmt).toBe(NUMBER_FORMATS.date);
    expect(sheet.getCell('D600').numFmt).toBe(NUMBER_FORMATS.percent);
    expect(sheet.getCell('B600').alignment).toMatchObject({ wrapText: true });
    expect(sheet.getCell('A3').fill).toEqual(FILLS.editable);
    expect(sheet.getCell('A3').font).toMatchObject({ bold: true, name: 'Arial' });
    expect(sheet.getCell('A2').fill).not.toMatchObject({ pattern: 'solid' });
    expect(sheet.getCell('E2').value).toEqual({
      text: `${LINK}/1`,
      hyperlink: `${LINK}/1`,
    });
    // The link is longer than its column's cap: it wraps.
    expect(sheet.getCell('E2').alignment).toMatchObject({ wrapText: true });
    expect(sheet.getColumn(1).width).toBeLessThan(9);
    expect(sheet.getColumn(2).width).toBe(30);
    expect(sheet.getRow(1).height).toBeGreaterThan(15);
    expect(sheet.getRow(2).height).toBeGreaterThan(15);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:E601');
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true });
    expect(sheet.headerFooter.oddHeader).toContain('OFFICIAL');
    expect(sheet.headerFooter.oddFooter).toContain('Action register');
  });

  it('prints a table too wide for one page at 70% at 80% across pages, its key columns and header repeated', async () => {
    const wide = (await loadWorkbook(bytes)).getWorksheet('Wide')!;
    expect(wide.pageSetup).toMatchObject({
      fitToPage: false,
      scale: 80,
      printTitlesColumn: 'A:B',
      printTitlesRow: '1:1',
    });
    expect(wide.autoFilter).toBe('A1:C2');
    const ooxml = await readOoxml(bytes);
    expect(ooxml.sheet('Wide').fitToPage).toBe(false);
    expect(ooxml.definedNames).toContainEqual({
      name: '_xlnm.Print_Titles',
      localSheetId: '2',
      value: "'Wide'!$A:$B,'Wide'!$1:$1",
    });
  });

  it('writes a sheet laid out whole as it was: cells, merges, heights, page breaks, print set-up and pictures', async () => {
    const sheet = (await loadWorkbook(bytes)).getWorksheet('Summary')!;
    const original = laidOutSheet();
    expect(sheet.getCell('A1').value).toBe('Board progress report');
    expect(sheet.getCell('A1').font).toMatchObject(FONTS.title);
    expect(sheet.getRow(1).height).toBe(original.getRow(1).height);
    expect(sheet.getCell('B2').isMerged).toBe(true);
    expect(sheet.getCell('B4').numFmt).toBe(NUMBER_FORMATS.integer);
    expect(sheet.getColumn(1).width).toBe(original.getColumn(1).width);
    expect(sheet.properties.tabColor).toEqual({ argb: 'FF0B0C0C' });
    const images = sheet.getImages();
    expect(images.map((i) => [i.range.tl.nativeCol, i.range.tl.nativeRow])).toEqual([
      [0, 6],
      [2, 12],
    ]);
    const ooxml = await readOoxml(bytes);
    // exceljs does not read page breaks back.
    expect(ooxml.sheet('Summary').xml.rowBreaks).toMatchObject({ brk: { '@id': '5', '@man': '1' } });
    const [image] = ooxml.sheet('Summary').images;
    expect(await ooxml.file(image)).toEqual(PNG);
    expect(ooxml.sheet('Action register').images).toEqual([]);
  });
});

describe('SharedStyles', () => {
  it('gives cells styled alike one style object, a date’s apart from a number’s', () => {
    const sheet = new ExcelJS.Workbook().addWorksheet('Sheet');
    const styles = new SharedStyles();
    sheet.getCell('A1').value = 'a';
    sheet.getCell('A1').font = FONTS.header;
    sheet.getCell('A2').value = 'b';
    sheet.getCell('A2').font = { ...FONTS.header };
    sheet.getCell('A3').value = 'c';
    sheet.getCell('A3').font = FONTS.body;
    sheet.getCell('B1').value = 1;
    sheet.getCell('B2').value = new Date();
    for (const address of ['A1', 'A2', 'A3', 'B1', 'B2']) styles.share(sheet.getCell(address));
    expect(sheet.getCell('A2').style).toBe(sheet.getCell('A1').style);
    expect(sheet.getCell('A3').style).not.toBe(sheet.getCell('A1').style);
    expect(sheet.getCell('B2').style).not.toBe(sheet.getCell('B1').style);
  });
});
