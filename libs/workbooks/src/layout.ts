// Layout rules every Waymark workbook follows, so that it reads whole on screen and on paper, in Excel and in
// LibreOffice: columns as wide as their content needs (capped, with wrap beyond the cap), rows as tall as their
// wrapped text (exceljs does not size rows, Excel does when it opens a file, LibreOffice does not: a PDF made
// by LibreOffice headless overprints the rows below unless the heights are set), and a print scale that stays
// readable: a sheet is fitted to the page width only where that keeps it at 70% or more (its wrapping columns
// narrowed a little where that is enough); a wider one prints at 80% across pages, with its key columns
// repeated on each. Tables and pictures that fit on a page are kept on one (keepTogether).
import type { Alignment, Cell, CellValue, PageSetup, Row, Style, Worksheet } from 'exceljs';
import { ALIGNMENTS, FONTS, type ColumnSpec } from './workbook-styles';

/** Points a line of text takes, per point of font size. */
const LINE_HEIGHT = 1.3;
/** The room an indent step takes, in points: three spaces of the default font (Calibri 11), and a little over. */
const INDENT_POINTS = 8;
/** A row's height when its text takes one line: Excel's default, set on every row so LibreOffice agrees. */
const ROW_HEIGHT = 15;
/** The smallest print scale a sheet is fitted to the page width at: below it the text is too small to read. */
const MIN_FIT_SCALE = 0.7;
/** The narrowest a column's width is taken to, to fit a sheet to the page at that scale. */
const NARROWEST = 0.75;
/** The widest a word makes its column, in characters: a longer one (a web address) is broken. */
const LONGEST_UNBROKEN_WORD = 50;
/** The scale a sheet too wide for that prints at, across pages: 8-point text, with few pages across. */
export const ACROSS_PAGES_SCALE = 0.8;

/** A4 in points, and the margins setUpPrinting sets (0.5 inch left and right, 0.75 inch top and bottom). */
const A4 = Object.freeze({ short: 595, long: 842, sideMargins: 72, topAndBottom: 108 + 43 });

// Advance widths of Arial (and of Liberation Sans, its metric twin, which LibreOffice prints it with), regular
// and bold, in thousandths of an em, for the printable ASCII characters from the space on.
// prettier-ignore
const ARIAL = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
  556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
  556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
  500, 500, 500, 334, 260, 334, 584,
];
// prettier-ignore
const ARIAL_BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722,
  611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556,
  611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778,
  556, 556, 500, 389, 280, 389, 584,
];
/**
 * Widths in ems by character code (a board report measures millions of characters): beyond ASCII, quotes and
 * dashes as Arial draws them, shapes such as ▲ (drawn from another font) as a full em, anything else 0.6.
 */
function emTable(ascii: readonly number[], quote: number): Float64Array {
  const ems = new Float64Array(0x2600).fill(0.6);
  ascii.forEach((width, i) => (ems[32 + i] = width / 1000));
  ems[9] = ems[32];
  for (const [code, width] of [
    [0x2018, quote],
    [0x2019, quote],
    [0x201c, 0.333],
    [0x201d, 0.333],
    [0x2013, 0.556],
    [0x2014, 1],
    [0x2026, 1],
    [0xa3, 0.556],
  ])
    ems[code] = width;
  ems.fill(1, 0x25a0, 0x2600);
  return ems;
}
const EMS = { regular: emTable(ARIAL, 0.222), bold: emTable(ARIAL_BOLD, 0.278) };
/**
 * What the widths are multiplied by: the font size, and 5% to spare, as Excel draws text on screen to whole
 * pixels (a letter of 7.4 pixels may take 8).
 */
const scaleOf = (size: number) => size * 1.05;
const emsOf = (code: number, bold: boolean) => {
  const table = bold ? EMS.bold : EMS.regular;
  return code < table.length ? table[code] : 1;
};

/** How wide a text prints, in points, in Arial at the given size (a little generous, never short). */
export function textPoints(text: string, size = 10, bold = false): number {
  let ems = 0;
  for (let i = 0; i < text.length; i += 1) ems += emsOf(text.charCodeAt(i), bold);
  return ems * scaleOf(size);
}

/** The widest word and the widest line of a text, in points, in one pass. */
function widest(text: string, size: number, bold: boolean): { word: number; line: number } {
  let [word, line, inWord, inLine] = [0, 0, 0, 0];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      [word, line, inWord, inLine] = [Math.max(word, inWord), Math.max(line, inLine), 0, 0];
      continue;
    }
    const ems = emsOf(code, bold);
    inLine += ems;
    if (code === 32 || code === 9) {
      word = Math.max(word, inWord);
      inWord = 0;
    } else inWord += ems;
  }
  const scale = scaleOf(size);
  return { word: Math.max(word, inWord) * scale, line: Math.max(line, inLine) * scale };
}

/** A column width (Excel's unit: characters of the default font, 7 pixels each plus 5 of padding) in points. */
function columnPoints(width: number | undefined): number {
  return ((width ?? 9) * 7 + 5) * 0.75;
}

/**
 * The column width that shows a text of this many points: a width's characters are the text's room, the 5
 * pixels Excel adds are the cell's margins; 4 pixels more to spare.
 */
function widthFor(points: number): number {
  return (points / 0.75 + 4) / 7;
}

/** What a value shows under a number format, near enough to measure it: numbers and dates as printed. */
function shownText(value: CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return /h/.test(numFmt ?? '') ? '00/00/0000 00:00' : '00/00/0000';
  if (typeof value === 'number') {
    const format = numFmt ?? '';
    const digits = String(Math.round(Math.abs(value) * (format.includes('%') ? 100 : 1))).replace(
      /\B(?=(\d{3})+$)/g,
      ',',
    );
    const decimals = /0\.(0+)/.exec(format)?.[1].length ?? 0;
    const suffix = /"([^"]*)"\s*$/.exec(format)?.[1] ?? '';
    return `${value < 0 ? '-' : ''}${format.includes('£') ? '£' : ''}${digits}${decimals ? `.${'0'.repeat(decimals)}` : ''}${format.includes('%') ? '%' : ''}${suffix}`;
  }
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'result' in value) return shownText(value.result as CellValue, numFmt);
  return String(value);
}

/** A cell's text as it shows, and the font it shows in: what its size on paper is measured from. */
export interface ShownCell {
  text: string;
  size: number;
  bold: boolean;
  /** A table heading (bold, wrapped, shaded): it sizes its column by its longest word only. */
  header: boolean;
  /** Points of indent beside the text. */
  indent: number;
  /** A number or a date: never wrapped. */
  figure: boolean;
}

/** How a cell shows, from its value and style. */
export function shownCell(value: CellValue, style: Partial<Style>): ShownCell {
  const size = style.font?.size ?? 10;
  const bold = style.font?.bold ?? false;
  return {
    text: shownText(value, style.numFmt),
    size,
    bold,
    header: bold && (style.alignment?.wrapText ?? false) && style.fill !== undefined,
    indent: (style.alignment?.indent ?? 0) * INDENT_POINTS,
    figure: typeof value === 'number' || value instanceof Date,
  };
}

export interface ColumnFit {
  /** Narrowest and widest a column may be, in characters (defaults 6 and 50). */
  min?: number;
  max?: number;
  /** Per column (1-based), a width it keeps, or limits of its own. */
  columns?: Record<number, number | { min?: number; max?: number }>;
  /** Cells that do not size their column: titles and notes that run on across the empty cells beside them. */
  ignore?: (cell: Cell) => boolean;
}

/**
 * Column widths from content, one cell at a time: wide enough for each column's longest word (so a code is
 * never cut) and, up to the cap, for its longest line; a cell that would need more than the cap wraps.
 * Headings count by their longest word only, as they wrap. Words, headings and figures are never cut, cap or
 * not (a figure too wide for its column shows as ###), bar words longer than 50 characters (a web address
 * breaks at its slashes): only a width a column keeps is kept exactly.
 */
export class ColumnWidths {
  private readonly needed = new Map<number, number>();
  /** What a column must show whole: its longest word, its headings' and its figures. */
  private readonly floors = new Map<number, number>();

  constructor(private readonly fit: Omit<ColumnFit, 'ignore'> = {}) {}

  private limits(col: number): { min: number; max: number; kept: boolean } {
    const own = this.fit.columns?.[col];
    if (typeof own === 'number') return { min: own, max: own, kept: true };
    return { min: own?.min ?? this.fit.min ?? 6, max: own?.max ?? this.fit.max ?? 50, kept: false };
  }

  /** Whether a column has had a cell measured. */
  measured(col: number): boolean {
    return this.needed.has(col);
  }

  add(col: number, shown: ShownCell): void {
    if (!shown.text) return;
    const { word, line } = widest(shown.text, shown.size, shown.bold);
    const width = widthFor((shown.header ? word : Math.max(word, line)) + shown.indent);
    raise(this.needed, col, width);
    raise(
      this.floors,
      col,
      shown.figure ? width : Math.min(widthFor(word + shown.indent), LONGEST_UNBROKEN_WORD),
    );
  }

  /**
   * Each measured column's width, within its limits, to a tenth of a character. Given the room the columns
   * have (in points) for the sheet to print at 70% or more, columns wider than it are narrowed to fit, where
   * that takes no column below its floor or three quarters of its width: a few more lines of wrapped text
   * rather than a sheet split across pages, or printed smaller.
   */
  widths(room = Infinity): Map<number, number> {
    const widths = new Map<number, number>();
    const slack = new Map<number, number>();
    for (const [col, needed] of this.needed) {
      const { min, max, kept } = this.limits(col);
      const floor = kept ? min : Math.max(min, this.floors.get(col) ?? 0);
      const width = Math.max(floor, Math.min(max, needed));
      widths.set(col, width);
      if (!kept) slack.set(col, width - Math.max(floor, width * NARROWEST));
    }
    let points = 0;
    for (const width of widths.values()) points += columnPoints(width);
    const give = [...slack.values()].reduce((sum, s) => sum + s, 0) * 7 * 0.75;
    // Narrowed by a share of each column's slack, with a tenth of a character each to spare for rounding.
    const share = points > room && give > 0 ? (points - room + widths.size * 0.1 * 7 * 0.75) / give : 0;
    for (const [col, width] of widths) {
      const narrowed = share > 0 && share <= 1 ? width - (slack.get(col) ?? 0) * share : width;
      widths.set(col, Math.ceil(narrowed * 10 - 1e-9) / 10);
    }
    return widths;
  }
}

const raise = (map: Map<number, number>, col: number, value: number) =>
  map.set(col, Math.max(map.get(col) ?? 0, value));

/**
 * Whether a cell's text is wider than a column of this width: then it wraps. Numbers and dates never wrap
 * (a spreadsheet shows ### for one too wide; widths from content keep them clear of that).
 */
export function overflows(value: CellValue, style: Partial<Style>, width: number | undefined): boolean {
  const shown = shownCell(value, style);
  if (shown.figure) return false;
  return textPoints(shown.text, shown.size, shown.bold) + shown.indent > columnPoints(width) - 4;
}

/**
 * Sets each column's width from its content (ColumnWidths); text too long for its column's cap wraps.
 */
export function fitColumnWidths(sheet: Worksheet, fit: ColumnFit = {}): void {
  const measure = new ColumnWidths(fit);
  const unwrapped: Cell[] = [];
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.isMerged || fit.ignore?.(cell)) return;
      if (!cell.alignment?.wrapText) unwrapped.push(cell);
      measure.add(Number(cell.col), shownCell(cell.value, cell.style));
    }),
  );
  const others = printedWidths(sheet).filter((_, i) => !measure.measured(i + 1));
  const widths = measure.widths(roomAtSmallestScale(sheet.pageSetup.orientation, others));
  for (const [col, width] of widths) sheet.getColumn(col).width = width;
  // What no longer fits on one line wraps.
  for (const cell of unwrapped)
    if (overflows(cell.value, cell.style, widths.get(Number(cell.col))))
      cell.alignment = wrapped(cell.alignment);
}

/** An alignment that wraps, keeping its horizontal alignment. */
export function wrapped(alignment: Partial<Alignment> | undefined): Partial<Alignment> {
  return alignment?.horizontal ? { ...alignment, wrapText: true } : ALIGNMENTS.wrap;
}

/** How many lines a text takes wrapped at a width in points, breaking between words as spreadsheets do. */
export function wrappedLines(text: string, points: number, size = 10, bold = false): number {
  const scale = scaleOf(size);
  const gap = emsOf(32, bold) * scale;
  let lines = 1;
  let used = 0;
  let word = 0;
  const endWord = () => {
    if (word === 0) return;
    if (used > 0 && used + gap + word > points) {
      lines += 1;
      used = 0;
    }
    // A word longer than the line is broken across lines.
    if (word > points) {
      lines += Math.ceil(word / points) - 1;
      used = word % points;
    } else used += (used === 0 ? 0 : gap) + word;
    word = 0;
  };
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      endWord();
      if (code === 10) {
        lines += 1;
        used = 0;
      }
    } else word += emsOf(code, bold) * scale;
  }
  endWord();
  return lines;
}

/**
 * Gives each row the height its wrapped text needs (fitRowHeight). Every row gets a height, so that Excel and
 * LibreOffice break pages at the same rows.
 */
export function fitRowHeights(sheet: Worksheet): void {
  sheet.eachRow({ includeEmpty: true }, (row) => fitRowHeight(sheet, row));
}

/**
 * Gives a row the height its wrapped text needs (and a larger font's line), never less than a height the row
 * already has (a row holding a picture, say). Merged cells are measured across the columns they span.
 */
export function fitRowHeight(sheet: Worksheet, row: Row): void {
  let height = ROW_HEIGHT;
  row.eachCell((cell) => {
    const style = cell.style;
    const size = style.font?.size ?? 10;
    const wraps = style.alignment?.wrapText ?? false;
    if (!wraps && size <= 11) return;
    const shown = shownCell(cell.value, style);
    if (!shown.text) return;
    // A title in a larger font needs a taller line even when it does not wrap.
    height = Math.max(height, size > 11 ? size * LINE_HEIGHT + 2 : 0);
    if (!wraps) return;
    if (cell.isMerged && cell.master !== cell) return;
    const lines = wrappedLines(shown.text, cellPoints(sheet, cell) - 6 - shown.indent, size, shown.bold);
    const perLine = size * LINE_HEIGHT;
    // Merged down over several rows: the text has their height, so this row needs only its share.
    const rows = cell.isMerged ? mergedRows(sheet, cell) : 1;
    if (lines > 1 || size > 10) height = Math.max(height, (lines * perLine + 3) / rows);
  });
  if (height > (row.height ?? 0)) row.height = Math.ceil(height);
}

/** The print width of a cell, in points: its column's, or its merged range's. */
function cellPoints(sheet: Worksheet, cell: Cell): number {
  const range = mergedRange(sheet, cell);
  if (!range) return columnPoints(sheet.getColumn(cell.col).width);
  let points = 0;
  for (let c = range.left; c <= range.right; c += 1) points += columnPoints(sheet.getColumn(c).width);
  return points;
}

function mergedRows(sheet: Worksheet, cell: Cell): number {
  const range = mergedRange(sheet, cell);
  return range ? range.bottom - range.top + 1 : 1;
}

function mergedRange(
  sheet: Worksheet,
  cell: Cell,
): { top: number; left: number; bottom: number; right: number } | null {
  if (!cell.isMerged) return null;
  // exceljs keeps merges by their top-left address: { model: { top, left, bottom, right } }.
  const merges = (sheet as unknown as { _merges: Record<string, { model: Record<string, number> }> })._merges;
  const model = merges[cell.address]?.model;
  return model ? { top: model.top, left: model.left, bottom: model.bottom, right: model.right } : null;
}

/**
 * The printable width and height of an A4 page in points, in an orientation, at full size; the height with
 * 5% to spare, as applications lay out the header and footer a little differently.
 */
function printablePoints(orientation: PageSetup['orientation'] | undefined): {
  width: number;
  height: number;
} {
  const [across, down] = orientation === 'landscape' ? [A4.long, A4.short] : [A4.short, A4.long];
  return { width: across - A4.sideMargins, height: (down - A4.topAndBottom) * 0.95 };
}

/**
 * The points a sheet's columns may take for it to print at the smallest scale it is fitted at (70%), less
 * those of its other columns (their widths in characters).
 */
export function roomAtSmallestScale(
  orientation: PageSetup['orientation'] | undefined,
  others: readonly (number | undefined)[],
): number {
  const taken = others.reduce<number>((sum, width) => sum + columnPoints(width), 0);
  return printablePoints(orientation).width / MIN_FIT_SCALE - taken;
}

/** The sheet's column widths, up to the last in use, those hidden left out. */
function printedWidths(sheet: Worksheet): (number | undefined)[] {
  const widths: (number | undefined)[] = [];
  for (let c = 1; c <= Math.max(sheet.columnCount, sheet.columns?.length ?? 0); c += 1) {
    const column = sheet.getColumn(c);
    if (!column.hidden) widths.push(column.width);
  }
  return widths;
}

/** How a sheet prints: its scale, and the page set-up that gives it. */
export interface PrintScale {
  scale: number;
  pageSetup: Pick<
    Partial<PageSetup>,
    'fitToPage' | 'fitToWidth' | 'fitToHeight' | 'scale' | 'printTitlesColumn'
  >;
}

/**
 * The print scale of columns this wide (in characters): fitted to the page width where that keeps them at
 * 70% or more; otherwise at 80%, split across pages, with `keyColumns` (such as 'A:C') repeated on every
 * page so that each page's rows can be told apart.
 */
export function printScale(
  widths: readonly (number | undefined)[],
  orientation: PageSetup['orientation'] | undefined,
  keyColumns?: string,
): PrintScale {
  const points = widths.reduce<number>((sum, width) => sum + columnPoints(width), 0);
  const scale = Math.min(1, printablePoints(orientation).width / points);
  if (scale >= MIN_FIT_SCALE || !keyColumns)
    return {
      scale: Math.max(scale, MIN_FIT_SCALE),
      pageSetup: { fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    };
  return {
    scale: ACROSS_PAGES_SCALE,
    pageSetup: { fitToPage: false, scale: ACROSS_PAGES_SCALE * 100, printTitlesColumn: keyColumns },
  };
}

/** Sets a sheet's print scale (printScale, from its columns' widths). Returns the scale it prints at. */
export function choosePrintScale(sheet: Worksheet, keyColumns?: string): number {
  const { scale, pageSetup } = printScale(printedWidths(sheet), sheet.pageSetup.orientation, keyColumns);
  Object.assign(sheet.pageSetup, pageSetup);
  return scale;
}

/** Rows (1-based, inclusive) that print on one page: a table with its heading, say; `picture` is the height
 * in points of a picture placed at the first row, reaching below it. */
export interface Block {
  first: number;
  last: number;
  picture?: number;
}

/**
 * Breaks pages so that no block (a table, a chart) is split between two pages when it fits on one: a block
 * that would be cut starts a new page. Every page break is made explicit, so that every application breaks
 * the pages where this does (never later than it would by itself: pages are measured with room to spare).
 */
export function keepTogether(sheet: Worksheet, blocks: readonly Block[], scale: number): void {
  const page = printablePoints(sheet.pageSetup.orientation).height / scale;
  const heightOf = (r: number) => sheet.getRow(r).height ?? ROW_HEIGHT;
  const starting = new Map(blocks.map((block) => [block.first, block]));
  const last = Math.max(sheet.rowCount, ...blocks.map((b) => b.last));
  let used = 0;
  for (let r = 1; r <= last; r += 1) {
    const block = starting.get(r);
    const together = block ? rowsHeight(block, heightOf) : 0;
    // A block taller than a page cannot be kept on one: its rows break as any others.
    const needs = together > 0 && together <= page ? together : heightOf(r);
    if (used > 0 && used + needs > page) {
      sheet.getRow(r - 1).addPageBreak();
      used = 0;
    }
    used += heightOf(r);
  }
}

function rowsHeight(block: Block, heightOf: (row: number) => number): number {
  let points = block.picture ?? 0;
  for (let r = block.first; r <= block.last; r += 1) points += heightOf(r);
  return points;
}

/** Every cell with a value is in the house font, Arial: a font given without a name would fall back. */
export function useHouseFont(sheet: Worksheet): void {
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.value === null || cell.font?.name === FONTS.body.name) return;
      cell.font = cell.font
        ? { ...cell.font, name: FONTS.body.name, size: cell.font.size ?? 10 }
        : FONTS.body;
    }),
  );
}

/**
 * The layout every sheet gets once its cells are written: one font family, widths from content (unless
 * `widths` is false), heights from wrapped text, and the print scale. Returns the print scale.
 */
export function layOutSheet(
  sheet: Worksheet,
  options: ColumnFit & { widths?: boolean; keyColumns?: string } = {},
): number {
  useHouseFont(sheet);
  if (options.widths !== false) fitColumnWidths(sheet, options);
  fitRowHeights(sheet);
  return choosePrintScale(sheet, options.keyColumns);
}

/** layOutSheet for a table sheet made by setUpTableSheet: each column's given width is its cap. */
export function layOutTable(sheet: Worksheet, columns: readonly ColumnSpec[], keyColumns?: string): number {
  return layOutSheet(sheet, {
    columns: Object.fromEntries(columns.map((c, i) => [i + 1, { max: c.width }])),
    keyColumns,
  });
}

/**
 * The rows (1-based) where printed pages will start, from `firstRow` on, measuring rows at their heights (15
 * points when not set) against the page height at `scale`, less the rows repeated at the top of each page.
 */
export function pageStarts(sheet: Worksheet, scale: number, firstRow = 1, repeatedPoints = 0): number[] {
  const page = printablePoints(sheet.pageSetup.orientation).height / scale;
  const starts: number[] = [];
  let top = 0;
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const h = sheet.getRow(r).height ?? ROW_HEIGHT;
    const room = page - (r >= firstRow && starts.length > 0 ? repeatedPoints : 0);
    if (top + h > room && top > 0) {
      starts.push(r);
      top = 0;
    }
    top += h;
  }
  return starts;
}
