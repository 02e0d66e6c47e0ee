import ExcelJS from 'exceljs';
import {
  ACROSS_PAGES_SCALE,
  choosePrintScale,
  fitColumnWidths,
  fitRowHeights,
  keepOnOnePage,
  pageStarts,
  textPoints,
  useHouseFont,
  wrappedLines,
} from './layout';
import { ALIGNMENTS, FONTS, setUpPrinting, setUpTableSheet } from './workbook-styles';

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
  it('makes a column wide enough for its longest word, capped, and wraps what is longer', () => {
    const sheet = newSheet();
    sheet.getCell('A1').value = 'DA-REFUGE-OCCUPANCY1';
    sheet.getCell('B1').value = 'a long sentence that will not fit in the narrow column the cap allows';
    sheet.getCell('C1').value = 'x';
    fitColumnWidths(sheet, { max: 20, min: 6 });
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(20);
    expect(sheet.getColumn(1).width).toBeLessThanOrEqual(20);
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

  it('finds where pages start, and moves a picture that would be cut to the next page', () => {
    const sheet = newSheet();
    setUpPrinting(sheet);
    for (let r = 1; r <= 60; r += 1) sheet.getCell(r, 1).value = r;
    fitRowHeights(sheet);
    const starts = pageStarts(sheet, 1);
    // A4 landscape less margins, with 5% to spare: 28 rows of 15 points to a page.
    expect(starts).toEqual([29, 57]);
    keepOnOnePage(sheet, 20, 200, 1);
    const breaks = (sheet as unknown as { rowBreaks: { id: number }[] }).rowBreaks.map((b) => b.id);
    expect(breaks).toEqual([19]);

    const room = newSheet();
    setUpPrinting(room);
    for (let r = 1; r <= 5; r += 1) room.getCell(r, 1).value = r;
    fitRowHeights(room);
    keepOnOnePage(room, 3, 200, 1);
    expect((room as unknown as { rowBreaks: unknown[] }).rowBreaks).toEqual([]);
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
