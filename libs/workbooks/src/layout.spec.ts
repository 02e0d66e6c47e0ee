import ExcelJS from 'exceljs';
import {
  ACROSS_PAGES_SCALE,
  choosePrintScale,
  fitColumnWidths,
  fitRowHeights,
  layOutTable,
  keepTogether,
  pageStarts,
  textPoints,
  useHouseFont,
  wrappedLines,
} from './layout';
import { ALIGNMENTS, type ColumnSpec, FONTS, setUpPrinting, setUpTableSheet } from './workbook-styles';

const newSheet = () => new ExcelJS.Workbook().addWorksheet('Sheet');

describe('text measures', () => {
  it('measures capitals wider than narrow letters, and bold wider than regular', () => {
    expect(textPoints('WWWW')).toBeGreaterThan(textPoints('iiii') * 2);
    expect(textPoints('Board', 10, true)).toBeGreaterThan(textPoints('Board'));
    expect(textPoints('Board', 20)).toBeCloseTo(textPoints('Board') * 2);
  });

  it('wraps between words, and breaks a word longer than the line', () => {
    const word = textPoints('refuge');
    expect(wrappedLines('refuge refuge refuge', word * 3.5)).toBe(1);
    expect(wrappedLines('refuge refuge refuge', word * 2.5)).toBe(2);
    expect(wrappedLines('refuge refuge refuge', word * 1.2)).toBe(3);
    expect(wrappedLines('one\ntwo', 500)).toBe(2);
    expect(wrappedLines('DA-REFUGE-OCCUPANCY1', textPoints('DA-REFUGE-OCCUPANCY1') / 2.5)).toBe(3);
  });
});

describe('fitColumnWidths', () => {
  it('makes a column wide enough for its longest word, cap or not, and wraps what is longer than the cap', () => {
    const sheet = newSheet();
    sheet.getCell('A1').value = 'DA-REFUGE-OCCUPANCY1';
    sheet.getCell('B1').value = 'a long sentence that will not fit in the narrow column the cap allows';
    sheet.getCell('C1').value = 'x';
    fitColumnWidths(sheet, { max: 20, min: 6 });
    // The code in Arial 10 takes 134 points: 27 characters of the default font, with room to spare.
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(26);
    expect(sheet.getColumn(1).width).toBeLessThanOrEqual(28);
    expect(sheet.getColumn(2).width).toBe(20);
    expect(sheet.getCell('B1').alignment).toMatchObject({ wrapText: true });
    expect(sheet.getColumn(3).width).toBe(6);
  });

  it('sizes a header by its longest word, keeps a width given, and leaves out ignored cells', () => {
    const sheet = newSheet();
    setUpTableSheet(sheet, [
      { header: 'Times chased this period', width: 30, kind: 'integer' },
      { header: 'Trend', width: 36 },
      { header: 'Note', width: 30 },
    ]);
    sheet.addRow([3, null, 'A title running across']);
    fitColumnWidths(sheet, { columns: { 2: 36 }, ignore: (cell) => cell.address === 'C2' });
    expect(sheet.getColumn(1).width).toBeLessThan(12);
    expect(sheet.getColumn(2).width).toBe(36);
    expect(sheet.getColumn(3).width).toBeLessThan(8);
    // The heading of a column of numbers sits over them, on the right.
    expect(sheet.getCell('A1').alignment).toMatchObject({ horizontal: 'right' });
    expect(sheet.getCell('C1').alignment?.horizontal).toBeUndefined();
  });
});

describe('fitting a table to the page', () => {
  /** A table with an Action column as wide as given, laid out; returns the print scale. */
  const laidOut = (actionWidth: number) => {
    const sheet = newSheet();
    const columns: ColumnSpec[] = [
      { header: 'Ref', width: 9 },
      { header: 'Action', width: actionWidth, kind: 'wrap' },
      { header: 'Commentary', width: 80, kind: 'wrap' },
      { header: 'Due date', width: 10, kind: 'date' },
      { header: 'Status', width: 11 },
    ];
    setUpTableSheet(sheet, columns);
    const words =
      'deliver domestic abuse awareness training to frontline staff in every partner organisation';
    sheet.addRow([
      'P1.1',
      `${words}. `.repeat(4),
      `${words}. ${words}.`,
      new Date(Date.UTC(2027, 2, 31)),
      'Not started',
    ]);
    return { sheet, scale: layOutTable(sheet, columns, 'A:B') };
  };

  it('narrows wrapping columns a little, not below three quarters, to print at 70% on one page width', () => {
    const { sheet, scale } = laidOut(110);
    expect(scale).toBeGreaterThanOrEqual(0.7);
    expect(sheet.pageSetup.fitToPage).toBe(true);
    expect(sheet.getColumn(2).width).toBeLessThan(110);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(110 * 0.75);
    // The figures and short text keep their widths.
    expect(sheet.getColumn(1).width).toBeLessThan(9);
  });

  it('splits a sheet across pages at 80% when narrowing would not do', () => {
    const { sheet, scale } = laidOut(300);
    expect(scale).toBe(ACROSS_PAGES_SCALE);
    expect(sheet.getColumn(2).width).toBeGreaterThan(250);
  });

  it('never cuts a heading’s word or a figure, cap or not', () => {
    const sheet = newSheet();
    setUpTableSheet(sheet, [
      { header: 'Requests answered', width: 5, kind: 'integer' },
      { header: 'Spent', width: 5, kind: 'money' },
    ]);
    sheet.addRow([3, 1234567.5]);
    fitColumnWidths(sheet, { columns: { 1: { max: 5 }, 2: { max: 5 } } });
    expect(sheet.getColumn(1).width).toBeGreaterThan(textPoints('Requests', 10, true) / 5.25);
    expect(sheet.getColumn(2).width).toBeGreaterThan(textPoints('£1,234,567.50') / 5.25);
  });

  it('indents the text after a column of figures, and its heading, so that the two do not read as one', () => {
    const sheet = newSheet();
    setUpTableSheet(sheet, [
      { header: 'Latest value', width: 12, kind: 'decimal' },
      { header: 'Value status', width: 12 },
      { header: 'Note', width: 12, kind: 'wrap' },
    ]);
    expect(sheet.getCell('A1').alignment).toMatchObject({ horizontal: 'right' });
    expect(sheet.getCell('A1').alignment.indent).toBeUndefined();
    expect(sheet.getCell('B1').alignment).toMatchObject({ horizontal: 'left', indent: 1 });
    expect(sheet.getColumn(2).alignment).toMatchObject({ horizontal: 'left', indent: 1 });
    expect(sheet.getColumn(3).alignment?.indent).toBeUndefined();
  });
});

describe('fitRowHeights', () => {
  it('gives every row a height, taller for wrapped text and large fonts, never lower than one set', () => {
    const sheet = newSheet();
    sheet.getColumn(1).width = 20;
    sheet.getCell('A1').value = 'one line';
    sheet.getCell('A2').value = 'a commentary long enough to wrap over several lines in a narrow column';
    sheet.getCell('A2').alignment = ALIGNMENTS.wrap;
    sheet.getCell('A4').value = 'Title';
    sheet.getCell('A4').font = FONTS.title;
    sheet.getRow(5).height = 52;
    sheet.getCell('A5').value = 'short';
    fitRowHeights(sheet);
    expect(sheet.getRow(1).height).toBe(15);
    expect(sheet.getRow(2).height).toBeGreaterThan(45);
    expect(sheet.getRow(3).height).toBe(15);
    expect(sheet.getRow(4).height).toBeGreaterThan(20);
    expect(sheet.getRow(5).height).toBe(52);
  });

  it('shares a merged cell’s lines among the rows it spans', () => {
    const sheet = newSheet();
    sheet.getColumn(1).width = 10;
    const text = 'P1 Prevention and early intervention across every partner organisation';
    sheet.getCell('A1').value = text;
    sheet.getCell('A1').alignment = ALIGNMENTS.wrap;
    sheet.mergeCells('A1:A4');
    fitRowHeights(sheet);
    const lines = wrappedLines(text, ((10 * 7 + 5) * 3) / 4 - 6);
    expect(sheet.getRow(1).height).toBe(Math.max(15, Math.ceil((lines * 13 + 3) / 4)));
  });
});

describe('print scale and page breaks', () => {
  it('fits a sheet to the page width at 70% or more, and prints a wider one at 80% with key columns repeated', () => {
    const fits = newSheet();
    setUpPrinting(fits);
    fits.columns = Array.from({ length: 10 }, () => ({ width: 18 }));
    expect(choosePrintScale(fits, 'A:B')).toBeGreaterThanOrEqual(0.7);
    expect(fits.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });

    const wide = newSheet();
    setUpPrinting(wide, '1:1');
    wide.columns = Array.from({ length: 13 }, () => ({ width: 20 }));
    expect(choosePrintScale(wide, 'A:C')).toBe(ACROSS_PAGES_SCALE);
    expect(wide.pageSetup).toMatchObject({ fitToPage: false, scale: 80, printTitlesColumn: 'A:C' });
  });

  it('finds where pages start', () => {
    const sheet = newSheet();
    setUpPrinting(sheet);
    for (let r = 1; r <= 60; r += 1) sheet.getCell(r, 1).value = r;
    fitRowHeights(sheet);
    // A4 landscape less margins, with 5% to spare: 28 rows of 15 points to a page.
    expect(pageStarts(sheet, 1)).toEqual([29, 57]);
  });

  it('keeps a table and a picture on one page each, breaking the pages explicitly', () => {
    const breaks = (sheet: ExcelJS.Worksheet) =>
      (sheet as unknown as { rowBreaks: { id: number }[] }).rowBreaks.map((b) => b.id);
    const sheet = newSheet();
    setUpPrinting(sheet);
    for (let r = 1; r <= 60; r += 1) sheet.getCell(r, 1).value = r;
    fitRowHeights(sheet);
    // Rows 20 to 35 cross the first page's end (row 28), a picture at row 40 would cross the second's.
    keepTogether(
      sheet,
      [
        { first: 20, last: 35 },
        { first: 45, last: 45, picture: 200 },
      ],
      1,
    );
    expect(breaks(sheet)).toEqual([19, 44]);

    // A block taller than a page breaks as any rows do.
    const long = newSheet();
    setUpPrinting(long);
    for (let r = 1; r <= 60; r += 1) long.getCell(r, 1).value = r;
    fitRowHeights(long);
    keepTogether(long, [{ first: 5, last: 60 }], 1);
    expect(breaks(long)).toEqual([28, 56]);

    const room = newSheet();
    setUpPrinting(room);
    for (let r = 1; r <= 5; r += 1) room.getCell(r, 1).value = r;
    fitRowHeights(room);
    keepTogether(room, [{ first: 3, last: 3, picture: 200 }], 1);
    expect(breaks(room)).toEqual([]);
  });

  it('puts every written cell in the house font', () => {
    const sheet = newSheet();
    sheet.getCell('A1').value = 'plain';
    sheet.getCell('A2').value = 'bold';
    sheet.getCell('A2').font = { bold: true, size: 14 };
    useHouseFont(sheet);
    expect(sheet.getCell('A1').font).toMatchObject({ name: 'Arial', size: 10 });
    expect(sheet.getCell('A2').font).toMatchObject({ name: 'Arial', size: 14, bold: true });
  });
});
