// Styles for Waymark's workbooks. exceljs shares style objects by reference between cells (a cell's font is
// the column's font object, not a copy), so every style here is a deeply frozen constant: nothing can
// restyle every cell that shares it by accident.
import type {
  Alignment,
  Borders,
  Fill,
  Font,
  HeaderFooter,
  PageSetup,
  Style,
  Workbook,
  Worksheet,
} from 'exceljs';

/** The media type of an .xlsx file, for attachments and downloads. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The ratings Waymark's workbooks colour: an action's or a KPI's, as the board report assesses them. */
export type ReportRag = 'RED' | 'AMBER' | 'GREEN' | 'COMPLETE' | 'STALE' | 'NOT_RATED';

export const REPORT_RAGS: readonly ReportRag[] = Object.freeze([
  'RED',
  'AMBER',
  'GREEN',
  'COMPLETE',
  'STALE',
  'NOT_RATED',
]);

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** UK formats. Money is in pounds; dates are day/month/year. */
export const NUMBER_FORMATS = deepFreeze({
  date: 'dd/mm/yyyy',
  dateTime: 'dd/mm/yyyy hh:mm',
  integer: '#,##0',
  decimal: '#,##0.00',
  percent: '0%',
  percentOneDecimal: '0.0%',
  money: '"£"#,##0.00',
  days: '#,##0.0" days"',
});

const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

export const FONTS = deepFreeze({
  body: { name: 'Arial', size: 10 } as Partial<Font>,
  header: { name: 'Arial', size: 10, bold: true } as Partial<Font>,
  title: { name: 'Arial', size: 16, bold: true } as Partial<Font>,
  subtitle: { name: 'Arial', size: 12, bold: true } as Partial<Font>,
  note: { name: 'Arial', size: 10, italic: true, color: { argb: 'FF505A5F' } } as Partial<Font>,
  link: { name: 'Arial', size: 10, underline: true, color: { argb: 'FF1D70B8' } } as Partial<Font>,
});

export const FILLS = deepFreeze({
  header: solid('FFF3F2F1'),
  /** Cells a person may type in (the rest of the sheet is locked): a light yellow, plain in greyscale too. */
  editable: solid('FFFFF7BF'),
});

export const ALIGNMENTS = deepFreeze({
  top: { vertical: 'top' } as Partial<Alignment>,
  /** A column whose cells may be figures or words (an answer): all on the left. */
  left: { vertical: 'top', horizontal: 'left' } as Partial<Alignment>,
  wrap: { vertical: 'top', wrapText: true } as Partial<Alignment>,
  headerWrap: { vertical: 'bottom', wrapText: true } as Partial<Alignment>,
  /** A figure (a number or a date): on the right. */
  figure: { vertical: 'top', horizontal: 'right' } as Partial<Alignment>,
  /** Over a column of figures: a heading sits where its figures do. */
  headerWrapRight: { vertical: 'bottom', horizontal: 'right', wrapText: true } as Partial<Alignment>,
  // Text in the column after a column of figures is indented a step, so that "48.8%" and "Confirmed" do not
  // read as one. (The figure is not indented instead: LibreOffice loses the indent of a right-aligned cell
  // when the workbook has right-aligned cells without one.)
  topAfterFigure: { vertical: 'top', horizontal: 'left', indent: 1 } as Partial<Alignment>,
  wrapAfterFigure: { vertical: 'top', horizontal: 'left', indent: 1, wrapText: true } as Partial<Alignment>,
  headerWrapAfterFigure: {
    vertical: 'bottom',
    horizontal: 'left',
    indent: 1,
    wrapText: true,
  } as Partial<Alignment>,
  centre: { vertical: 'top', horizontal: 'center' } as Partial<Alignment>,
});

export const BORDERS = deepFreeze({
  headerBottom: { bottom: { style: 'medium', color: { argb: 'FF0B0C0C' } } } as Partial<Borders>,
});

export interface RagStyle {
  /** Always written in the cell: colour is never the only carrier of meaning. */
  label: string;
  fill: Fill | undefined;
  font: Partial<Font>;
}

/** GOV.UK tag colours: dark text on a light fill, readable in print and in greyscale. */
export const RAG_STYLES: Readonly<Record<ReportRag, Readonly<RagStyle>>> = deepFreeze({
  RED: {
    label: 'Red',
    fill: solid('FFF4CDC6'),
    font: { name: 'Arial', size: 10, bold: true, color: { argb: 'FF942514' } },
  },
  AMBER: {
    label: 'Amber',
    fill: solid('FFFCD6C3'),
    font: { name: 'Arial', size: 10, bold: true, color: { argb: 'FF6E3619' } },
  },
  GREEN: {
    label: 'Green',
    fill: solid('FFCCE2D8'),
    font: { name: 'Arial', size: 10, bold: true, color: { argb: 'FF005A30' } },
  },
  COMPLETE: {
    label: 'Complete',
    fill: solid('FFBBD4EA'),
    font: { name: 'Arial', size: 10, bold: true, color: { argb: 'FF0C2D4A' } },
  },
  STALE: {
    label: 'Stale',
    fill: solid('FFE5E6E7'),
    font: { name: 'Arial', size: 10, bold: true, color: { argb: 'FF282D30' } },
  },
  NOT_RATED: {
    label: 'Not rated',
    fill: undefined,
    font: { name: 'Arial', size: 10, color: { argb: 'FF0B0C0C' } },
  },
});

/** Chart colours for the same RAG values (hex for the charting library). */
export const RAG_CHART_COLOURS: Readonly<Record<ReportRag, string>> = deepFreeze({
  RED: '#d4351c',
  AMBER: '#f47738',
  GREEN: '#00703c',
  COMPLETE: '#1d70b8',
  STALE: '#b1b4b6',
  NOT_RATED: '#f3f2f1',
});

export type ColumnKind = 'text' | 'wrap' | 'date' | 'dateTime' | 'integer' | 'percent' | 'money' | 'decimal';

export interface ColumnSpec {
  header: string;
  /** In characters, as Excel measures column widths. */
  width: number;
  kind?: ColumnKind;
}

type ColumnStyle = Readonly<{ numFmt?: string; alignment: Partial<Alignment> }>;

const COLUMN_STYLES: Readonly<Record<ColumnKind, ColumnStyle>> = deepFreeze({
  text: { alignment: ALIGNMENTS.top },
  wrap: { alignment: ALIGNMENTS.wrap },
  date: { numFmt: NUMBER_FORMATS.date, alignment: ALIGNMENTS.figure },
  dateTime: { numFmt: NUMBER_FORMATS.dateTime, alignment: ALIGNMENTS.figure },
  integer: { numFmt: NUMBER_FORMATS.integer, alignment: ALIGNMENTS.figure },
  percent: { numFmt: NUMBER_FORMATS.percent, alignment: ALIGNMENTS.figure },
  money: { numFmt: NUMBER_FORMATS.money, alignment: ALIGNMENTS.figure },
  decimal: { numFmt: NUMBER_FORMATS.decimal, alignment: ALIGNMENTS.figure },
});

const AFTER_FIGURE_STYLES: Readonly<Partial<Record<ColumnKind, ColumnStyle>>> = deepFreeze({
  text: { alignment: ALIGNMENTS.topAfterFigure },
  wrap: { alignment: ALIGNMENTS.wrapAfterFigure },
});

/** Kinds whose cells are figures (numbers and dates), right-aligned, and so their headings as well. */
const isFigure = (kind: ColumnKind | undefined) =>
  kind !== undefined && COLUMN_STYLES[kind].numFmt !== undefined;

/**
 * The number format and alignment of a column of a kind, given the kind of the column before it: text after
 * a column of figures is indented a step.
 */
export function styleOfKind(kind: ColumnKind = 'text', previous?: ColumnKind): ColumnStyle {
  return (isFigure(previous) ? AFTER_FIGURE_STYLES[kind] : undefined) ?? COLUMN_STYLES[kind];
}

/**
 * Sets up a sheet that is one table with its header in row 1: widths, number formats and wrapping per
 * column, a frozen header row, and print settings (A4 landscape, fitted to the page width, header row
 * repeated on every page, OFFICIAL marking and page numbers).
 */
export function setUpTableSheet(sheet: Worksheet, columns: readonly ColumnSpec[]): void {
  sheet.columns = columns.map((c, i) => ({
    header: c.header,
    width: c.width,
    style: { font: FONTS.body, ...styleOfKind(c.kind, i > 0 ? (columns[i - 1].kind ?? 'text') : undefined) },
  }));
  styleHeaderRow(
    sheet,
    1,
    columns.length,
    1,
    columns.map((c) => c.kind ?? 'text'),
  );
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];
  setUpPrinting(sheet, '1:1');
}

/**
 * A table heading: bold, shaded, wrapped, with a rule beneath; over figures, on the right as they are, and
 * indented as its column is after a column of figures.
 */
export function headerStyle(kind: ColumnKind = 'text', previous?: ColumnKind): Partial<Style> {
  if (isFigure(kind)) return HEADER_STYLES.figures;
  return isFigure(previous) ? HEADER_STYLES.afterFigure : HEADER_STYLES.text;
}

const HEADER_STYLES = deepFreeze(
  Object.fromEntries(
    (
      [
        ['text', ALIGNMENTS.headerWrap],
        ['figures', ALIGNMENTS.headerWrapRight],
        ['afterFigure', ALIGNMENTS.headerWrapAfterFigure],
      ] as const
    ).map(([name, alignment]) => [
      name,
      { font: FONTS.header, fill: FILLS.header, alignment, border: BORDERS.headerBottom },
    ]),
  ) as Record<'text' | 'figures' | 'afterFigure', Partial<Style>>,
);

/** Header cells (headerStyle) in one row, given the kinds of the columns they head. */
export function styleHeaderRow(
  sheet: Worksheet,
  row: number,
  columns: number,
  firstColumn = 1,
  kinds: readonly ColumnKind[] = [],
): void {
  const header = sheet.getRow(row);
  for (let c = firstColumn; c < firstColumn + columns; c += 1) {
    const cell = header.getCell(c);
    const style = headerStyle(kinds[c - firstColumn], kinds[c - firstColumn - 1]);
    cell.font = style.font!;
    cell.fill = style.fill!;
    cell.alignment = style.alignment!;
    cell.border = style.border!;
  }
}

/** The house font in a header or footer (where a font is named as "&\"name,style\""). */
const HEADER_FOOTER_FONT = `&"${FONTS.body.name},Regular"&${FONTS.body.size}`;

/**
 * How every sheet prints, given its name and the rows to repeat at the top of each page: A4 landscape,
 * fitted to the page width (layout's print scale may change that), OFFICIAL at the top of each page, and
 * the sheet's name and page numbers at the foot, all in the house font.
 */
export function printSetUp(
  name: string,
  repeatRows?: string,
): { pageSetup: Partial<PageSetup>; headerFooter: Partial<HeaderFooter> } {
  return {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      ...(repeatRows ? { printTitlesRow: repeatRows } : {}),
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddHeader: `&C${HEADER_FOOTER_FONT}OFFICIAL`, oddFooter: pageFooter(name) },
  };
}

/** The foot of each printed page: the sheet's name on the left, a marking in the middle if given, page numbers. */
export function pageFooter(name: string, centre?: string): string {
  // An ampersand is a code in a header or footer: one in the name is written twice.
  const left = `&L${HEADER_FOOTER_FONT}${name.replace(/&/g, '&&')}`;
  return `${left}${centre ? `&C${HEADER_FOOTER_FONT}${centre}` : ''}&R${HEADER_FOOTER_FONT}Page &P of &N`;
}

/** Sets a sheet to print as printSetUp says. */
export function setUpPrinting(sheet: Worksheet, repeatRows?: string): void {
  const { pageSetup, headerFooter } = printSetUp(sheet.name, repeatRows);
  sheet.pageSetup = { ...sheet.pageSetup, ...pageSetup };
  sheet.headerFooter = { ...sheet.headerFooter, ...headerFooter };
}

/** Adds filters over a table sheet's header and rows, once its rows are written. */
export function addFilters(sheet: Worksheet, columns: number): void {
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, sheet.rowCount), column: columns },
  };
}

/** Places a chart picture with its top-left corner in a cell (0-based column and row), at its own size. */
export function addChartImage(
  workbook: Workbook,
  sheet: Worksheet,
  chart: { png: Buffer; width: number; height: number },
  at: { col: number; row: number },
): void {
  // exceljs declares its own Buffer type; a Node Buffer is what it reads at run time.
  const image = workbook.addImage({ buffer: chart.png as unknown as ArrayBuffer, extension: 'png' });
  sheet.addImage(image, { tl: at, ext: { width: chart.width, height: chart.height }, editAs: 'oneCell' });
}
