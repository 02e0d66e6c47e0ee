// The lead's own workbook: sent with the request email, filled in, and returned attached to a reply.
import { createHmac } from 'node:crypto';
import ExcelJS from 'exceljs';
import { LEAD_STATUSES, type LeadUpdateInput, STATUS_LABELS } from '@waymark/contracts';
import { layOutSheet } from './layout';
import {
  WORKBOOK_DATE,
  cellText as text,
  loadReturnedWorkbook,
  withFixedDates,
  writeInstructions,
} from './returned-workbook';
import { FILLS, type ColumnSpec, setUpTableSheet } from './workbook-styles';

/** How a returned workbook is recognised as ours: this sheet, with this header in A1. */
export const LEAD_WORKBOOK_SHEET = 'Your updates';
const KEY_HEADER = 'Request key';
const MAX_ROWS = 500;

/** The fields a lead fills in, in column order, each with the lead-update schema field it answers. */
const ANSWER_COLUMNS = [
  { header: 'Status', field: 'status', width: 16, kind: 'text' },
  { header: 'Percent complete (0 to 100)', field: 'percentComplete', width: 14, kind: 'integer' },
  { header: 'Commentary (what has happened this period)', field: 'commentary', width: 50, kind: 'wrap' },
  { header: 'Blockers', field: 'blockers', width: 30, kind: 'wrap' },
  { header: 'Proposed new due date', field: 'proposedDueDate', width: 16, kind: 'date' },
  { header: 'Reason for the new date', field: 'proposedDueDateReason', width: 30, kind: 'wrap' },
] as const;
type AnswerField = (typeof ANSWER_COLUMNS)[number]['field'];

const LOCKED_COLUMNS = [
  { header: KEY_HEADER, width: 18 },
  { header: 'Ref', width: 8 },
  { header: 'Action', width: 40, kind: 'wrap' },
  { header: 'Status now', width: 14 },
  { header: 'Percent now', width: 10, kind: 'integer' },
] as const;
const FIRST_ANSWER_COLUMN = LOCKED_COLUMNS.length + 1;

export interface LeadWorkbookRow {
  /** From leadWorkbookKey: names the request only together with the chase it was sent for. */
  key: string;
  ref: string;
  title: string;
  /** The action's status and percent complete as last reported. */
  status: string;
  percentComplete: number | null;
}

export interface LeadWorkbookInput {
  partnershipName: string;
  leadName: string;
  periodLabel: string;
  /** ISO instant of the reply-by deadline. */
  deadline: string;
  coordinatorEmail: string;
  rows: LeadWorkbookRow[];
}

/**
 * A row's key: an HMAC of the request id, so the file never carries a secure link or an id, and a key
 * copied into another lead's workbook matches nothing in that lead's chase.
 */
export function leadWorkbookKey(secret: string, chaseId: string, requestId: string): string {
  return createHmac('sha256', secret)
    .update(`lead-workbook:${chaseId}:${requestId}`)
    .digest('base64url')
    .slice(0, 16);
}

export function leadWorkbookFileName(periodLabel: string): string {
  // "2026/27" reads as "2026-27"; anything else a file name cannot carry is dropped.
  const safe = periodLabel.replace(/\//g, '-').replace(/[^A-Za-z0-9 -]+/g, '');
  return `Updates ${safe}.xlsx`.replace(/\s+/g, ' ');
}

const ukDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' }).format(new Date(iso));

/** The workbook: one row per action, only the answer cells editable, and an Instructions sheet. */
export async function buildLeadWorkbook(input: LeadWorkbookInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';
  workbook.lastModifiedBy = 'Waymark';
  workbook.created = WORKBOOK_DATE;
  workbook.modified = WORKBOOK_DATE;
  workbook.title = `${input.partnershipName}: updates for ${input.periodLabel}`;

  const sheet = workbook.addWorksheet(LEAD_WORKBOOK_SHEET);
  const columns: ColumnSpec[] = [
    ...LOCKED_COLUMNS,
    ...ANSWER_COLUMNS.map(({ header, width, kind }) => ({ header, width, kind })),
  ];
  setUpTableSheet(sheet, columns);
  sheet.getColumn(1).hidden = true;
  const statusList = `"${LEAD_STATUSES.map((s) => STATUS_LABELS[s]).join(',')}"`;
  input.rows.forEach((r, i) => {
    const row = sheet.getRow(i + 2);
    const status = STATUS_LABELS[r.status as keyof typeof STATUS_LABELS] ?? r.status;
    row.values = [r.key, r.ref, r.title, status, r.percentComplete];
    const answer = (field: AnswerField) => row.getCell(FIRST_ANSWER_COLUMN + fieldIndex(field));
    // Prefilled as last reported, so a lead changes only what has moved.
    answer('status').value = status;
    answer('percentComplete').value = r.percentComplete;
    for (const { field } of ANSWER_COLUMNS) {
      const cell = answer(field);
      cell.protection = { locked: false };
      cell.fill = FILLS.editable;
    }
    answer('status').dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [statusList],
      showErrorMessage: true,
      errorTitle: 'Status',
      error: 'Choose a status from the list',
    };
    answer('percentComplete').dataValidation = {
      type: 'whole',
      operator: 'between',
      allowBlank: true,
      formulae: [0, 100],
      showErrorMessage: true,
      errorTitle: 'Percent complete',
      error: 'Enter a whole number from 0 to 100',
    };
    answer('proposedDueDate').dataValidation = {
      type: 'date',
      operator: 'greaterThan',
      allowBlank: true,
      formulae: [WORKBOOK_DATE],
      showErrorMessage: true,
      errorTitle: 'Proposed new due date',
      error: 'Enter a date, for example 31/03/2027',
    };
  });
  // The locked columns as wide as their content; the answer columns keep room to write in.
  layOutSheet(sheet, {
    columns: Object.fromEntries(
      columns.map((c, i) => [i + 1, i + 1 >= FIRST_ANSWER_COLUMN ? c.width : { max: c.width }]),
    ),
    keyColumns: 'B:C',
  });
  // No secret: protection stops accidental edits to the references, it is not security.
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });

  await writeInstructions(workbook.addWorksheet('Instructions'), {
    title: `${input.partnershipName}: action updates for ${input.periodLabel}`,
    subtitle: `For ${input.leadName}. Please reply by ${ukDate(input.deadline)}.`,
    steps: [
      `On the "${LEAD_WORKBOOK_SHEET}" sheet, fill in a row for each action you have news of.`,
      'Choose a Status from the list and give the percent complete as a whole number from 0 to 100.',
      'Write a short commentary for every action you update; blockers are optional.',
      'To propose a new due date, enter the date and the reason; the coordinator approves it.',
      'You can type only in the shaded yellow cells; the others are locked. Rows you leave as they are are not recorded.',
    ],
    coordinatorEmail: input.coordinatorEmail,
  });

  return withFixedDates(Buffer.from(await workbook.xlsx.writeBuffer()));
}

function fieldIndex(field: AnswerField): number {
  return ANSWER_COLUMNS.findIndex((c) => c.field === field);
}

/** A column letter and header for a lead-update field, for problems named by row and column. */
export function leadWorkbookColumn(field: string): string {
  const i = ANSWER_COLUMNS.findIndex((c) => c.field === field);
  const column = ANSWER_COLUMNS[i < 0 ? 2 : i];
  return `column ${String.fromCharCode(64 + FIRST_ANSWER_COLUMN + (i < 0 ? 2 : i))} (${column.header})`;
}

/** One filled row: the cells as the lead-update form would send them. */
export interface FilledWorkbookRow {
  rowNumber: number;
  key: string;
  ref: string;
  input: LeadUpdateInput;
}

export type LeadWorkbookReading =
  | { kind: 'not-ours' }
  | { kind: 'unreadable'; problem: string }
  | { kind: 'workbook'; rows: FilledWorkbookRow[] };

/**
 * Reads a returned workbook. Not an .xlsx, or not our sheet: 'not-ours' (an ordinary attachment). Ours
 * but too large or broken: 'unreadable'. Rows whose answer cells are as sent are left out.
 */
export async function readLeadWorkbook(content: Buffer): Promise<LeadWorkbookReading> {
  const workbook = await loadReturnedWorkbook(content);
  if (!workbook) return { kind: 'not-ours' };
  const sheet = workbook.getWorksheet(LEAD_WORKBOOK_SHEET);
  if (!sheet || text(sheet.getCell(1, 1).value) !== KEY_HEADER) return { kind: 'not-ours' };
  if (sheet.rowCount > MAX_ROWS)
    return {
      kind: 'unreadable',
      problem: `The workbook has ${sheet.rowCount} rows; it was sent with far fewer`,
    };
  const rows: FilledWorkbookRow[] = [];
  for (let n = 2; n <= sheet.rowCount; n += 1) {
    const row = sheet.getRow(n);
    const key = text(row.getCell(1).value);
    const cell = (field: AnswerField) => row.getCell(FIRST_ANSWER_COLUMN + fieldIndex(field)).value;
    const status = text(cell('status'));
    const percent = text(cell('percentComplete'));
    const given = {
      commentary: text(cell('commentary')),
      blockers: text(cell('blockers')),
      reason: text(cell('proposedDueDateReason')),
      date: dateParts(cell('proposedDueDate')),
    };
    const before = {
      status: text(row.getCell(4).value),
      percent: text(row.getCell(5).value),
    };
    const untouched =
      status === before.status &&
      percent === before.percent &&
      !given.commentary &&
      !given.blockers &&
      !given.reason &&
      !given.date.day &&
      !given.date.month &&
      !given.date.year;
    if (untouched) continue;
    rows.push({
      rowNumber: n,
      key,
      ref: text(row.getCell(2).value),
      input: {
        status: LEAD_STATUSES.find((s) => STATUS_LABELS[s].toLowerCase() === status.toLowerCase()) ?? status,
        percentComplete: percent,
        commentary: given.commentary,
        blockers: given.blockers,
        proposedDueDateDay: given.date.day,
        proposedDueDateMonth: given.date.month,
        proposedDueDateYear: given.date.year,
        proposedDueDateReason: given.reason,
      } as LeadUpdateInput,
    });
  }
  return { kind: 'workbook', rows };
}

/** A date cell (or a date typed as text: 31/3/2027, 2027-03-31) as the form's day, month and year. */
function dateParts(value: ExcelJS.CellValue): { day: string; month: string; year: string } {
  if (value instanceof Date && !Number.isNaN(value.getTime()))
    return {
      day: String(value.getUTCDate()),
      month: String(value.getUTCMonth() + 1),
      year: String(value.getUTCFullYear()),
    };
  const typed = text(value);
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(typed);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(typed);
  if (uk) return { day: uk[1], month: uk[2], year: uk[3] };
  if (iso) return { day: iso[3], month: iso[2], year: iso[1] };
  // Anything else reaches the schema as the day alone, which it refuses as not a real date.
  return { day: typed, month: '', year: '' };
}
