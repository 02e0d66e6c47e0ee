// What Waymark's workbooks sent with a request share: fixed dates, so that the same request always gives the
// same file, and the guards a returned file passes before it is read (a zip that inflates to a sane size,
// counted as it inflates, then exceljs).
import ExcelJS from 'exceljs';
import { layOutSheet } from './layout';
import { ALIGNMENTS, FONTS, setUpPrinting } from './workbook-styles';
import { checkZipInflates } from './zip-guard';

/** Fixed, so that the same request always gives the same workbook. */
export const WORKBOOK_DATE = new Date(Date.UTC(2024, 0, 1));
/** A returned file is refused unread beyond these: ours are a few kilobytes. */
const MAX_FILE_BYTES = 2_000_000;
const MAX_UNZIPPED_BYTES = 5_000_000;
const MAX_CELL_CHARS = 6000;

/** What an Instructions sheet says: its steps are numbered, and sending the file back is always the last. */
export interface Instructions {
  title: string;
  /** Whom it is for and by when. */
  subtitle: string;
  /** Lines before the steps. */
  intro?: string[];
  steps: string[];
  /** Put before the privacy warning ("SEND TOTALS ONLY."). */
  warningLead?: string;
  coordinatorEmail: string;
}

/** Writes the Instructions sheet: the steps, the privacy warning and whom to ask; portrait A4, locked. */
export async function writeInstructions(sheet: ExcelJS.Worksheet, text: Instructions): Promise<void> {
  sheet.getColumn(1).width = 100;
  const steps = [
    ...text.steps,
    'Save the file and reply to the request email with it attached. You will get a confirmation.',
  ];
  const warning =
    'DO NOT include personal information about victims, survivors or their children, or anything that could identify them.';
  const lines: [string, Partial<ExcelJS.Font>][] = [
    [text.title, FONTS.title],
    [text.subtitle, FONTS.subtitle],
    ...(text.intro ?? []).map((line): [string, Partial<ExcelJS.Font>] => [line, FONTS.body]),
    ['', FONTS.body],
    ...steps.map((step, i): [string, Partial<ExcelJS.Font>] => [`${i + 1}. ${step}`, FONTS.body]),
    ['', FONTS.body],
    [text.warningLead ? `${text.warningLead} ${warning}` : warning, FONTS.header],
    [`Questions: ${text.coordinatorEmail}`, FONTS.note],
  ];
  lines.forEach(([line, font], i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = line;
    cell.font = font;
    cell.alignment = ALIGNMENTS.wrap;
  });
  setUpPrinting(sheet);
  sheet.pageSetup.orientation = 'portrait';
  layOutSheet(sheet, { widths: false });
  await sheet.protect('', { selectLockedCells: true });
}

/**
 * A returned attachment as a workbook, or null when it is not an .xlsx, is too large, unzips to too much
 * (counted while inflating, before exceljs reads it), or does not load.
 */
export async function loadReturnedWorkbook(content: Buffer): Promise<ExcelJS.Workbook | null> {
  if (content.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') return null;
  if (content.length > MAX_FILE_BYTES) return null;
  if ((await checkZipInflates(content, MAX_UNZIPPED_BYTES)).kind !== 'ok') return null;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch {
    return null;
  }
  return workbook;
}

/** A cell's value as text, control characters removed and capped in length; dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return cellText(value.richText.map((part) => part.text).join(''));
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return cellText(String(value.text));
    return '';
  }
  return String(value)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .slice(0, MAX_CELL_CHARS)
    .trim();
}

/** A zip's entries as its central directory lists them, or null when it has none that reads. */
function zipEntries(zip: Buffer): { central: number; local: number }[] | null {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) return null;
  const entries = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i -= 1) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return null;
    entries.push({ central: at, local: zip.readUInt32LE(at + 42) });
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** The zip with every entry's modification time set to WORKBOOK_DATE (the zip library stamps "now"). */
export function withFixedDates(zip: Buffer): Buffer {
  const date = ((WORKBOOK_DATE.getUTCFullYear() - 1980) << 9) | ((WORKBOOK_DATE.getUTCMonth() + 1) << 5) | 1;
  for (const entry of zipEntries(zip) ?? []) {
    zip.writeUInt32LE(date << 16, entry.central + 12);
    zip.writeUInt32LE(date << 16, entry.local + 10);
  }
  return zip;
}
