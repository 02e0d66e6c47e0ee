import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { checkZipInflates } from '@waymark/workbooks';

/** One sheet of a workbook (or the one "sheet" of a CSV file), every cell as text: '' when empty. */
export interface SheetGrid {
  name: string;
  /** rows[0] is row 1; rows[r][0] is column A. */
  rows: string[][];
}

export interface PlanFile {
  kind: 'xlsx' | 'csv';
  sheets: SheetGrid[];
  /** How the file was read, where a person might want to know (e.g. the text encoding of a CSV). */
  notes: string[];
}

/** The file cannot be read as a plan at all; the message says why, in the coordinator's terms. */
export class PlanFileError extends Error {
  constructor(
    readonly code:
      | 'empty-file'
      | 'unsupported-file'
      | 'unreadable-file'
      | 'too-large'
      | 'no-headers'
      | 'headers-unclear'
      | 'bad-mapping',
    message: string,
    /** When the header row could not be recognised: the rows that looked like headers. */
    readonly headerLookalikes: { sheet: string; row: number; labels: string[] }[] = [],
  ) {
    super(message);
    this.name = 'PlanFileError';
  }
}

const MAX_ROWS = 5000;
/** A workbook is refused once it has inflated to this, counted as it inflates: a plan's is a few megabytes. */
export const MAX_UNZIPPED_PLAN_BYTES = 50 * 1024 * 1024;
export const MAX_COLUMNS = 100;
/** Longer cells are cut (the action text limit is far below this); no plan needs more. */
const MAX_CELL_CHARS = 32_767;

/** Reads an action plan from its bytes. The type is told from the content, never from the file's name. */
export async function readPlanFile(content: Buffer): Promise<PlanFile> {
  if (content.length === 0) throw new PlanFileError('empty-file', 'The file is empty.');
  const kind = sniff(content);
  return kind === 'xlsx' ? readXlsx(content) : readCsv(content);
}

function startsWith(content: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => content[i] === b);
}

function sniff(content: Buffer): 'xlsx' | 'csv' {
  if (startsWith(content, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(content, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new PlanFileError(
      'unsupported-file',
      'This is an old-style Excel workbook (.xls). Open it in Excel, save it as an Excel Workbook (.xlsx) or as CSV, and import that.',
    );
  }
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46])) {
    throw new PlanFileError(
      'unsupported-file',
      'This is a PDF. Waymark imports action plans from .xlsx workbooks and CSV files.',
    );
  }
  return 'csv';
}

async function readXlsx(content: Buffer): Promise<PlanFile> {
  const unreadable = (why: string) =>
    new PlanFileError(
      'unreadable-file',
      `This file starts like an .xlsx workbook but cannot be read as one (${why}). Open it in Excel and save it again as an Excel Workbook (.xlsx).`,
    );
  const zip = await checkZipInflates(content, MAX_UNZIPPED_PLAN_BYTES);
  if (zip.kind === 'unreadable') throw unreadable(zip.reason);
  if (zip.kind === 'too-large')
    throw new PlanFileError(
      'too-large',
      `This workbook unzips to more than ${MAX_UNZIPPED_PLAN_BYTES / 1024 / 1024} MB; an action plan needs far less. Save only the plan's sheets in a new workbook and import that.`,
    );
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw unreadable((error as Error).message);
  }
  const notes: string[] = [];
  const sheets = workbook.worksheets
    .filter((ws) => ws.state === 'visible')
    .map((ws) => readWorksheet(ws, notes));
  if (sheets.length === 0) {
    throw new PlanFileError('unreadable-file', 'The workbook has no visible worksheet.');
  }
  return { kind: 'xlsx', sheets, notes };
}

/**
 * Every cell as text. A merged region's value is filled down its first column ("Theme 1" merged over
 * the rows of its actions belongs to each of them), but not across: a heading merged across a row stays
 * in its first cell, so the row still reads as a heading. Hidden columns (old figures, working notes) are
 * read as empty, and the notes say so.
 */
function readWorksheet(ws: ExcelJS.Worksheet, notes: string[]): SheetGrid {
  // A stray value far below the plan would make a sheet of a million rows: refuse both.
  if (ws.actualRowCount > MAX_ROWS || ws.rowCount > 10 * MAX_ROWS) {
    throw new PlanFileError(
      'too-large',
      `Sheet "${ws.name}" has ${ws.actualRowCount} rows, down to row ${ws.rowCount}; an action plan may have at most ${MAX_ROWS}.`,
    );
  }
  const rows: string[][] = [];
  const hidden = new Set<number>();
  for (let col = 1; col <= Math.min(ws.columnCount, MAX_COLUMNS); col++) {
    if (ws.getColumn(col).hidden) hidden.add(col);
  }
  const hiddenRead = new Set<number>();
  ws.eachRow((row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (col > MAX_COLUMNS) return;
      if (hidden.has(col)) {
        if (cellText(cell.value)) hiddenRead.add(col);
        cells[col - 1] = '';
        return;
      }
      const master = cell.master;
      const inFirstColumn = Number(master.col) === col;
      cells[col - 1] = inFirstColumn ? cellText(master.value) : '';
    });
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  if (hiddenRead.size > 0) {
    const letters = [...hiddenRead].sort((a, b) => a - b).map((c) => ws.getColumn(c).letter);
    notes.push(
      `Sheet "${ws.name}": hidden column${letters.length > 1 ? 's' : ''} ${letters.join(', ')} ${letters.length > 1 ? 'were' : 'was'} not read.`,
    );
  }
  return { name: ws.name, rows: Array.from(rows, (r) => r ?? []) };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return clean(value.richText.map((part) => part.text).join(''));
    if ('formula' in value || 'sharedFormula' in value) {
      return 'result' in value && value.result !== undefined
        ? cellText(value.result as ExcelJS.CellValue)
        : '';
    }
    if ('hyperlink' in value) return clean(String(value.text ?? value.hyperlink));
    if ('error' in value) return '';
    return '';
  }
  return clean(String(value));
}

function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').slice(0, MAX_CELL_CHARS).trim();
}

function readCsv(content: Buffer): PlanFile {
  const notes: string[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    // Excel on Windows saves "CSV" in Windows-1252 unless told otherwise.
    text = decodeWindows1252(content);
    notes.push('The CSV file is not UTF-8; it was read as Windows-1252 (what Excel on Windows writes).');
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 4096))) {
    throw new PlanFileError(
      'unsupported-file',
      'This is neither an .xlsx workbook nor a CSV text file. Waymark imports action plans from .xlsx workbooks and CSV files.',
    );
  }
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      delimiter: guessDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    throw new PlanFileError('unreadable-file', `The CSV file cannot be read: ${(error as Error).message}.`);
  }
  if (records.length > MAX_ROWS) {
    throw new PlanFileError(
      'too-large',
      `The file has ${records.length} rows; an action plan may have at most ${MAX_ROWS}.`,
    );
  }
  const rows = records.map((record) => record.slice(0, MAX_COLUMNS).map(clean));
  return { kind: 'csv', sheets: [{ name: 'CSV', rows }], notes };
}

/** Comma, semicolon (European Excel) or tab: whichever the first lines use most, outside quotes. */
function guessDelimiter(text: string): string {
  const sample = text.slice(0, 8192).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, sample.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Windows-1252's bytes 0x80-0x9F (Node's TextDecoder reads them as Latin-1 control characters). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(content: Buffer): string {
  let text = '';
  for (const byte of content)
    text += byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}
