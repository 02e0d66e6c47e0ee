// The provider's workbook for the annual return: sent with the request email and its reminders, filled in,
// and returned attached to a reply. One row per cell asked; only the Answer column can be typed in.
import { createHmac } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { CellAnswer, ReturnAnswers } from '@waymark/return-template';
import { layOutSheet } from './layout';
import {
  WORKBOOK_DATE,
  cellText,
  loadReturnedWorkbook,
  withFixedDates,
  writeInstructions,
} from './returned-workbook';
import { ALIGNMENTS, FILLS, type ColumnSpec, setUpTableSheet } from './workbook-styles';

/** How a returned workbook is recognised as a provider's: this sheet, with this header in A1. */
export const PROVIDER_WORKBOOK_SHEET = 'Figures';
const KEY_HEADER = 'Request key';
/** Ours have one row per cell asked: a few hundred at most. */
const MAX_ROWS = 2000;

const COLUMNS: readonly ColumnSpec[] = [
  { header: KEY_HEADER, width: 18 },
  { header: 'Reference', width: 34 },
  { header: 'Section', width: 24, kind: 'wrap' },
  { header: 'Question', width: 44, kind: 'wrap' },
  { header: 'Cell', width: 26, kind: 'wrap' },
  { header: 'Answer', width: 18 },
];
const ANSWER_COLUMN = COLUMNS.length;
/** The answer column as a problem names it. */
export const PROVIDER_WORKBOOK_ANSWER = 'Answer';

/** One question asked, as `askedQuestions` gives it. */
export interface ProviderWorkbookQuestion {
  key: string;
  section: string;
  label: string;
  guidance?: string;
  type: string;
  cells: Array<{ key: string; reference: string; label: string }>;
}

export interface ProviderWorkbookInput {
  partnershipName: string;
  financialYear: string;
  contactName: string;
  services: string[];
  /** ISO instant of the reply-by deadline. */
  deadline: string;
  coordinatorEmail: string;
  questions: readonly ProviderWorkbookQuestion[];
  /** The provider's latest answers, filled in so that they change only what has moved. */
  answers: ReturnAnswers | null;
  /** From providerWorkbookKey. */
  key: string;
}

/** The workbook's key: an HMAC of the request id, so the file carries neither a secure link nor an id. */
export function providerWorkbookKey(secret: string, requestId: string): string {
  return createHmac('sha256', secret)
    .update(`provider-workbook:${requestId}`)
    .digest('base64url')
    .slice(0, 16);
}

export function providerWorkbookFileName(financialYear: string, contactName: string): string {
  const safe = (s: string) =>
    s
      .replace(/\//g, '-')
      .replace(/[^A-Za-z0-9 -]+/g, '')
      .trim()
      .replace(/\s+/g, '_');
  return `Figures_${safe(financialYear)}_${safe(contactName)}.xlsx`;
}

const ukDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' }).format(new Date(iso));

/** An answer as it is written in the Answer cell: a number, yes or no, or "not collected". */
function written(answer: CellAnswer | undefined): string | number | null {
  if (answer === undefined) return null;
  if (typeof answer === 'object') return 'not collected';
  if (typeof answer === 'boolean') return answer ? 'yes' : 'no';
  return answer;
}

export async function buildProviderWorkbook(input: ProviderWorkbookInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';
  workbook.lastModifiedBy = 'Waymark';
  workbook.created = WORKBOOK_DATE;
  workbook.modified = WORKBOOK_DATE;
  workbook.title = `${input.partnershipName}: safe accommodation figures for ${input.financialYear}`;

  const instructions = workbook.addWorksheet('Instructions');
  const sheet = workbook.addWorksheet(PROVIDER_WORKBOOK_SHEET);
  setUpTableSheet(sheet, COLUMNS);
  sheet.getColumn(1).hidden = true;
  let n = 2;
  for (const question of input.questions) {
    for (const cell of question.cells) {
      const row = sheet.getRow(n);
      row.values = [
        input.key,
        cell.reference,
        question.section,
        question.label,
        cell.label,
        written(input.answers?.[question.key]?.[cell.key]),
      ];
      const answer = row.getCell(ANSWER_COLUMN);
      answer.protection = { locked: false };
      answer.fill = FILLS.editable;
      // Figures, words and dates alike on the left, under their heading.
      answer.alignment = ALIGNMENTS.left;
      if (question.type === 'yes-no')
        answer.dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: ['"yes,no,not collected"'],
          showErrorMessage: true,
          errorTitle: 'Answer',
          error: 'Choose yes, no or not collected',
        };
      n += 1;
    }
  }
  layOutSheet(sheet, {
    columns: Object.fromEntries(
      COLUMNS.map((c, i) => [i + 1, i + 1 === ANSWER_COLUMN ? c.width : { max: c.width }]),
    ),
    keyColumns: 'B:B',
  });
  // No secret: protection stops accidental edits to the references, it is not security.
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });

  await writeInstructions(instructions, {
    title: `${input.partnershipName}: safe accommodation figures for ${input.financialYear}`,
    subtitle: `For ${input.contactName}. Please reply by ${ukDate(input.deadline)}.`,
    intro: [`For these services: ${input.services.join(', ')}.`],
    steps: [
      `On the "${PROVIDER_WORKBOOK_SHEET}" sheet, enter each figure in the Answer column.`,
      'Counts are whole numbers, amounts are in pounds, and the rest are yes or no. Write "not collected" for a figure you do not record: it is kept as not collected, never as zero.',
      'Leave blank what you cannot answer yet. Figures you sent before are filled in: change only what has moved.',
      'You can type only in the shaded yellow cells; the others are locked.',
    ],
    warningLead: 'SEND TOTALS ONLY.',
    coordinatorEmail: input.coordinatorEmail,
  });

  return withFixedDates(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** One row with something in its Answer cell, as typed. */
export interface ProviderWorkbookRow {
  rowNumber: number;
  reference: string;
  raw: string;
}

export type ProviderWorkbookReading =
  | { kind: 'not-ours' }
  | { kind: 'unreadable'; problem: string }
  | { kind: 'read'; key: string; rows: ProviderWorkbookRow[] };

/**
 * Reads a returned provider's workbook. Not an .xlsx, or not our sheet: 'not-ours' (an ordinary
 * attachment). Ours but too large, or with rows whose keys differ (pasted from another workbook):
 * 'unreadable'. Rows with a blank Answer are left out.
 */
export async function readProviderWorkbook(content: Buffer): Promise<ProviderWorkbookReading> {
  const workbook = await loadReturnedWorkbook(content);
  const sheet = workbook?.getWorksheet(PROVIDER_WORKBOOK_SHEET);
  if (!sheet || cellText(sheet.getCell(1, 1).value) !== KEY_HEADER) return { kind: 'not-ours' };
  if (sheet.rowCount > MAX_ROWS)
    return {
      kind: 'unreadable',
      problem: `The workbook has ${sheet.rowCount} rows; it was sent with far fewer`,
    };
  const key = cellText(sheet.getCell(2, 1).value);
  const rows: ProviderWorkbookRow[] = [];
  for (let n = 2; n <= sheet.rowCount; n += 1) {
    const row = sheet.getRow(n);
    const reference = cellText(row.getCell(2).value);
    const raw = cellText(row.getCell(ANSWER_COLUMN).value);
    if (!reference && !raw) continue;
    if (cellText(row.getCell(1).value) !== key)
      return {
        kind: 'unreadable',
        problem: `Row ${n} is not from this workbook (it may be pasted from another); fill in the workbook attached to the request email`,
      };
    if (raw) rows.push({ rowNumber: n, reference, raw });
  }
  return { kind: 'read', key, rows };
}
