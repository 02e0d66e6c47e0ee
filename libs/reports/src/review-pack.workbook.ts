// The strategy review's look-back pack as a workbook: Summary, Actions, Action history, KPIs, Annual returns,
// Responses by partner and Never done. A pure function of the pack's data (regenerable at any time), laid out
// by the shared rules (libs/workbooks layout.ts): widths from content, heights from wrapped text, A4, OFFICIAL,
// the sheet's name and page numbers at the foot. No pictures, so a big plan costs rows, not charts.
import ExcelJS, { type Workbook } from 'exceljs';
import { londonIsoDate } from '@waymark/calendar';
import { STATUS_LABELS } from '@waymark/contracts';
import {
  ALIGNMENTS,
  type Block,
  FONTS,
  type ColumnKind,
  type ColumnSpec,
  addFilters,
  keepTogether,
  layOutSheet,
  layOutTable,
  setUpPrinting,
  styleHeaderRow,
  styleOfKind,
} from '@waymark/workbooks';
import { RAG_OF_STATUS, ukShortDate } from './board-report.assess';
import {
  CHANNEL_LABELS,
  addTableSheet,
  londonCellDate,
  paintRag,
  percentCell,
} from './board-report.workbook';
import { cellText as text } from './cell-text';
import { UNIT_LABELS, formatOf } from './kpi-sheet';
import {
  type PackAction,
  type ReviewPackData,
  type ReviewPackReading,
  answerOf,
  readReviewPack,
} from './review-pack.data';
import { partnershipTitle } from '@waymark/templates';

export const REVIEW_PACK_SHEETS = Object.freeze({
  summary: 'Summary',
  actions: 'Actions',
  history: 'Action history',
  kpis: 'KPIs',
  returns: 'Annual returns',
  responses: 'Responses by partner',
  neverDone: 'Never done',
});

const ACTION_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Ref', width: 9 },
  { header: 'Priority', width: 18, kind: 'wrap' },
  { header: 'Action', width: 40, kind: 'wrap' },
  { header: 'Lead organisation', width: 22, kind: 'wrap' },
  { header: 'Lead officer', width: 20, kind: 'wrap' },
  { header: 'Due date', width: 11, kind: 'date' },
  { header: 'Due date as written in the plan', width: 18, kind: 'wrap' },
  { header: 'Times the due date moved', width: 9, kind: 'integer' },
  { header: 'Status', width: 11 },
  { header: 'RAG', width: 10 },
  { header: '% complete', width: 9, kind: 'percent' },
  { header: 'Updates', width: 9, kind: 'integer' },
  { header: 'Requests sent', width: 9, kind: 'integer' },
  { header: 'Requests answered', width: 9, kind: 'integer' },
  { header: 'Evidence items', width: 9, kind: 'integer' },
  { header: 'Closed', width: 11, kind: 'date' },
  { header: 'Closing note', width: 30, kind: 'wrap' },
] satisfies ColumnSpec[]);

const HISTORY_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Ref', width: 9 },
  { header: 'Action', width: 22, kind: 'wrap' },
  { header: 'Period', width: 10 },
  { header: 'Date', width: 11, kind: 'date' },
  { header: 'RAG', width: 9 },
  { header: 'Status', width: 10 },
  { header: 'What', width: 14, kind: 'wrap' },
  { header: '% complete', width: 10, kind: 'percent' },
  { header: 'Commentary (in the lead’s words) or detail', width: 42, kind: 'wrap' },
  { header: 'Blockers', width: 20, kind: 'wrap' },
  // Wide enough for a web address's host, so that it breaks at its slashes, never inside a word.
  { header: 'Evidence (names and links)', width: 32, kind: 'wrap' },
  { header: 'By', width: 14, kind: 'wrap' },
] satisfies ColumnSpec[]);

const KPI_VALUE_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Code', width: 30 },
  { header: 'KPI', width: 36, kind: 'wrap' },
  { header: 'Unit', width: 12 },
  { header: 'Period', width: 12 },
  { header: 'Value', width: 14, kind: 'decimal' },
  { header: 'Target', width: 14, kind: 'decimal' },
  { header: 'Value status', width: 12 },
  { header: 'Break in series', width: 26, kind: 'wrap' },
  { header: 'Exceptional period', width: 11 },
  { header: 'Note', width: 36, kind: 'wrap' },
] satisfies ColumnSpec[]);

const RETURN_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Financial year', width: 11 },
  { header: 'Return', width: 30, kind: 'wrap' },
  { header: 'Headline figure', width: 60, kind: 'wrap' },
  { header: 'Value', width: 16 },
] satisfies ColumnSpec[]);

const RESPONSE_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Organisation', width: 36, kind: 'wrap' },
  { header: 'Requests sent', width: 10, kind: 'integer' },
  { header: 'Answered on time', width: 10, kind: 'integer' },
  { header: 'Answered late', width: 10, kind: 'integer' },
  { header: 'Never answered', width: 10, kind: 'integer' },
  { header: 'Not yet due', width: 10, kind: 'integer' },
  { header: 'Response rate', width: 10, kind: 'percent' },
  { header: 'On time rate', width: 10, kind: 'percent' },
] satisfies ColumnSpec[]);

const NEVER_DONE_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Ref', width: 9 },
  { header: 'Action', width: 40, kind: 'wrap' },
  { header: 'Lead organisation', width: 22, kind: 'wrap' },
  { header: 'Lead officer', width: 20, kind: 'wrap' },
  { header: 'Why', width: 30, kind: 'wrap' },
  { header: 'Status', width: 11 },
  { header: 'Due date', width: 14, kind: 'date' },
  { header: 'Requests sent', width: 9, kind: 'integer' },
  { header: 'Last update', width: 11, kind: 'date' },
] satisfies ColumnSpec[]);

const KEY_COLUMNS = Object.freeze({ actions: 'A:C', history: 'A:B', kpis: 'A:B', neverDone: 'A:B' });

/** Builds the pack's workbook. Deterministic for given data, apart from the zip's own clock. */
export function buildReviewPackWorkbook(
  data: ReviewPackData,
  reading: ReviewPackReading = readReviewPack(data),
): Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';
  workbook.lastModifiedBy = 'Waymark';
  workbook.created = data.asOf;
  workbook.modified = data.asOf;
  workbook.title = `${data.strategy.title}: strategy review look-back pack`;
  workbook.subject = 'Domestic Abuse Act 2021 Part 4: strategy review (SI 2021/990 reg 4)';
  addSummarySheet(workbook, data, reading);
  addActionsSheet(workbook, reading);
  addHistorySheet(workbook, data, reading);
  addKpiSheet(workbook, data);
  addReturnsSheet(workbook, data);
  addResponsesSheet(workbook, reading);
  addNeverDoneSheet(workbook, reading);
  return workbook;
}

/** The workbook as .xlsx bytes. */
export async function writeReviewPack(data: ReviewPackData): Promise<Buffer> {
  return (await buildReviewPackWorkbook(data).xlsx.writeBuffer()) as unknown as Buffer;
}

// ---------------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------------

function addSummarySheet(workbook: Workbook, data: ReviewPackData, reading: ReviewPackReading): void {
  const sheet = workbook.addWorksheet(REVIEW_PACK_SHEETS.summary, {
    properties: { tabColor: { argb: 'FF0B0C0C' } },
  });
  const titles = new Set<number>();
  const title = (row: number, value: string, font = FONTS.subtitle) => {
    titles.add(row);
    const cell = sheet.getCell(row, 1);
    cell.value = value;
    cell.font = font;
  };
  const put = (r: number, c: number, value: string | number | Date | null, kind: ColumnKind = 'integer') => {
    const cell = sheet.getCell(r, c);
    cell.value = value;
    const style = styleOfKind(kind);
    if (style.numFmt) cell.numFmt = style.numFmt;
    cell.alignment = style.alignment;
    return cell;
  };
  title(1, `${partnershipTitle(data.partnershipName)}: strategy review look-back pack`, FONTS.title);
  title(2, data.strategy.title);
  const dates: [string, Date | null][] = [
    ['Strategy period from', data.strategy.periodStart],
    ['Strategy period to', data.strategy.periodEnd],
    ['First published', data.strategy.firstPublishedOn],
    ['Looking back from', data.window.start],
    ['Figures as at', londonCellDate(data.asOf)],
  ];
  let row = 3;
  for (const [label, value] of dates) {
    put(row, 1, label, 'text');
    put(row, 2, value ?? 'Not recorded', value ? 'date' : 'text').alignment = {
      horizontal: 'left',
      vertical: 'top',
    };
    titles.add(row);
    row += 1;
  }
  sheet.getCell(row, 1).value =
    'Every action of the plan with its whole history; the KPIs, annual returns and update requests of the period. Evidence is named and linked, never copied. RAG is written in every coloured cell.';
  sheet.getCell(row, 1).font = FONTS.note;
  titles.add(row);
  row += 2;

  // Each table, with its heading, is kept on one page (the one before ends at the blank row above).
  const blocks: Block[] = [];
  const table = (heading: string, headers: string[], kinds: ColumnKind[]) => {
    const last = blocks.at(-1);
    if (last) last.last = row - 2;
    blocks.push({ first: row, last: row + 1 });
    title(row, heading);
    row += 1;
    sheet.getRow(row).values = headers;
    styleHeaderRow(sheet, row, headers.length, 1, kinds);
    row += 1;
  };
  const { counts } = reading;
  const counted = counts.actions - counts.cancelled;
  table('Delivery', ['Measure', 'Value'], ['text', 'integer']);
  const measures: [string, number, ColumnKind][] = [
    ['Actions in the plan', counts.actions, 'integer'],
    ['Complete', counts.complete, 'integer'],
    [
      'Percent of actions complete (not counting cancelled)',
      counted ? counts.complete / counted : 0,
      'percent',
    ],
    ['Cancelled', counts.cancelled, 'integer'],
    ['Still open', counts.live, 'integer'],
    ['Never started', counts.notStarted, 'integer'],
    ['Overdue at the end', counts.overdue, 'integer'],
    ['Due date moved at least once', counts.extended, 'integer'],
    ['Updates received from leads', counts.updates, 'integer'],
    ['Evidence items named', counts.evidence, 'integer'],
    ['Actions never done (see Never done)', reading.neverDone.length, 'integer'],
  ];
  for (const [label, value, kind] of measures) {
    put(row, 1, label, 'text');
    put(row, 2, value, kind);
    row += 1;
  }

  row += 1;
  table(
    'KPIs over the period',
    [
      'KPI',
      'Direction',
      'Breaks in series',
      'First period',
      'Latest period',
      'First value',
      'Latest value',
      'Target',
    ],
    ['text', 'text', 'text', 'text', 'text', 'decimal', 'decimal', 'decimal'],
  );
  if (reading.kpis.length === 0) {
    put(row, 1, 'No KPIs are recorded for this strategy.', 'text').font = FONTS.note;
    titles.add(row);
    row += 1;
  }
  for (const k of reading.kpis) {
    const { numFmt, scale } = formatOf(k.kpi.unit);
    const figure = (c: number, value: number | null | undefined) => {
      const cell = put(row, c, value == null ? null : value * scale, 'decimal');
      cell.numFmt = numFmt;
    };
    put(row, 1, `${k.kpi.code} ${k.kpi.name}`, 'wrap');
    put(row, 2, k.travel, 'text');
    put(row, 3, k.breaks.join(', ') || 'None', 'wrap');
    put(row, 4, k.first?.periodKey ?? 'None', 'text');
    put(row, 5, k.latest?.periodKey ?? 'None', 'text');
    figure(6, k.first?.value);
    figure(7, k.latest?.value);
    figure(8, k.target);
    row += 1;
  }
  blocks.at(-1)!.last = row - 1;
  setUpPrinting(sheet);
  const scale = layOutSheet(sheet, {
    min: 9,
    columns: { 1: { max: 50 }, 3: { max: 20 } },
    ignore: (cell) => titles.has(Number(cell.row)) && Number(cell.col) === 1,
  });
  keepTogether(sheet, blocks, scale);
}

// ---------------------------------------------------------------------------------------------------
// Actions, their history and what was never done
// ---------------------------------------------------------------------------------------------------

function addActionsSheet(workbook: Workbook, reading: ReviewPackReading): void {
  const sheet = addTableSheet(workbook, REVIEW_PACK_SHEETS.actions, ACTION_COLUMNS);
  for (const { action, rag } of reading.actions) {
    const sent = action.requests.filter((r) => r.sentAt !== null);
    const row = sheet.addRow([
      action.ref,
      action.priority,
      text(action.title),
      action.leadOrganisation,
      action.leadOfficer ?? 'None named',
      action.dueDate,
      text(action.dueDateText),
      action.extensions.length,
      STATUS_LABELS[action.status],
      null,
      percentCell(action.status === 'COMPLETE' ? 100 : action.percentComplete),
      action.updates.length,
      sent.length,
      sent.filter((r) => r.answeredAt !== null).length,
      action.evidence.length,
      action.closedAt ? londonCellDate(action.closedAt) : null,
      text(action.closingNote),
    ]);
    paintRag(row.getCell(10), rag);
  }
  if (reading.actions.length === 0) sheet.addRow(['', '', 'The plan has no actions.']);
  addFilters(sheet, ACTION_COLUMNS.length);
  layOutTable(sheet, ACTION_COLUMNS, KEY_COLUMNS.actions);
}

/** One line of an action's history. */
interface HistoryRow {
  at: Date;
  period?: string;
  what: string;
  status?: PackAction['status'];
  percent?: number | null;
  detail?: string | null;
  blockers?: string | null;
  evidence?: string | null;
  by?: string | null;
}

const APPROVAL_WORDS: Readonly<Record<string, string>> = Object.freeze({
  PENDING: 'awaiting a decision',
  APPROVED: 'approved',
  REFUSED: 'refused',
});

/** "31/03/2027": an instant's London date, for text cells. */
const dayText = (instant: Date) => ukShortDate(londonIsoDate(instant));

const evidenceWords = (e: PackAction['evidence'][number]) =>
  e.withheld ? `${e.name} (withheld)` : e.url && e.url !== e.name ? `${e.name}:\n${e.url}` : e.name;

/** An action's history: each update with its evidence, requests never answered, dates moved, its closing. */
function historyOf(action: PackAction, asOf: Date): HistoryRow[] {
  const rows: HistoryRow[] = action.updates.map((u) => ({
    at: u.submittedAt,
    period: u.periodKey,
    what: `Update (${CHANNEL_LABELS[u.channel] ?? u.channel})`,
    status: u.status,
    percent: u.percentComplete,
    detail: [
      u.commentary,
      u.proposedDueDate &&
        `Proposed new due date ${dayText(u.proposedDueDate)}: ${APPROVAL_WORDS[u.approvalState] ?? 'no decision needed'}.`,
    ]
      .filter(Boolean)
      .join('\n'),
    blockers: u.blockers,
    evidence: action.evidence
      .filter((e) => e.updateId === u.id)
      .map(evidenceWords)
      .join('\n'),
    by: u.submittedBy ?? 'Not recorded',
  }));
  const answered = new Set(action.updates.map((u) => u.periodKey));
  for (const r of action.requests) {
    if (r.sentAt === null || answerOf(r, asOf) !== 'Never answered' || answered.has(r.periodKey)) continue;
    const times = `${r.remindersSent} ${r.remindersSent === 1 ? 'time' : 'times'}`;
    rows.push({
      at: r.respondBy,
      period: r.periodKey,
      what: 'No update received',
      detail: `Asked on ${dayText(r.sentAt)}, to answer by ${dayText(r.respondBy)}; reminded ${times}; never answered.`,
      by: r.organisation,
    });
  }
  for (const e of action.evidence.filter((e) => e.updateId === null))
    rows.push({ at: e.addedAt, what: 'Evidence added', evidence: evidenceWords(e) });
  for (const x of action.extensions)
    rows.push({
      at: x.at,
      what: 'Due date moved',
      detail: `${x.how}: from ${x.from ? dayText(x.from) : 'none'} to ${x.to ? dayText(x.to) : 'none'}${x.reason ? `. ${x.reason}` : ''}`,
    });
  if (action.closedAt)
    rows.push({
      at: action.closedAt,
      what: 'Closed by the coordinator',
      status: action.status,
      detail: action.closingNote,
    });
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function addHistorySheet(workbook: Workbook, data: ReviewPackData, reading: ReviewPackReading): void {
  const sheet = addTableSheet(workbook, REVIEW_PACK_SHEETS.history, HISTORY_COLUMNS);
  let rows = 0;
  for (const { action } of reading.actions)
    for (const h of historyOf(action, data.asOf)) {
      const row = sheet.addRow([
        action.ref,
        text(action.title),
        h.period ?? null,
        londonCellDate(h.at),
        null,
        h.status ? STATUS_LABELS[h.status] : null,
        h.what,
        percentCell(h.percent ?? null),
        text(h.detail),
        text(h.blockers),
        text(h.evidence),
        h.by ?? null,
      ]);
      if (h.status) paintRag(row.getCell(5), RAG_OF_STATUS[h.status]);
      rows += 1;
    }
  if (rows === 0) sheet.addRow(['', 'Nothing has been recorded against the plan’s actions.']);
  addFilters(sheet, HISTORY_COLUMNS.length);
  layOutTable(sheet, HISTORY_COLUMNS, KEY_COLUMNS.history);
}

function addNeverDoneSheet(workbook: Workbook, reading: ReviewPackReading): void {
  const sheet = addTableSheet(workbook, REVIEW_PACK_SHEETS.neverDone, NEVER_DONE_COLUMNS);
  for (const { action, reasons } of reading.neverDone) {
    const last = action.updates.at(-1);
    sheet.addRow([
      action.ref,
      text(action.title),
      action.leadOrganisation,
      action.leadOfficer ?? 'None named',
      reasons.join('; '),
      STATUS_LABELS[action.status],
      action.dueDate ?? text(action.dueDateText),
      action.requests.filter((r) => r.sentAt !== null).length,
      last ? londonCellDate(last.submittedAt) : 'Never',
    ]);
  }
  if (reading.neverDone.length === 0)
    sheet.addRow(['', 'Every action was started, answered its requests and is not overdue.']);
  addFilters(sheet, NEVER_DONE_COLUMNS.length);
  layOutTable(sheet, NEVER_DONE_COLUMNS, KEY_COLUMNS.neverDone);
}

// ---------------------------------------------------------------------------------------------------
// KPIs, annual returns, responses
// ---------------------------------------------------------------------------------------------------

function addKpiSheet(workbook: Workbook, data: ReviewPackData): void {
  const sheet = addTableSheet(workbook, REVIEW_PACK_SHEETS.kpis, KPI_VALUE_COLUMNS);
  const kpis = [...data.kpis].sort((a, b) => a.code.localeCompare(b.code, 'en-GB', { numeric: true }));
  let rows = 0;
  for (const kpi of kpis) {
    const { numFmt, scale } = formatOf(kpi.unit);
    const targets = new Map(kpi.targets.map((t) => [t.periodKey, t.value]));
    for (const v of kpi.values) {
      const target = targets.get(v.periodKey);
      const row = sheet.addRow([
        kpi.code,
        kpi.name,
        UNIT_LABELS[kpi.unit] ?? String(kpi.unit),
        v.periodKey,
        v.value === null ? 'Not supplied' : v.value * scale,
        target === undefined ? null : target * scale,
        v.status.charAt(0) + v.status.slice(1).toLowerCase(),
        v.seriesBreak ? 'Break: not compared with earlier periods' : null,
        v.exceptional ? 'Yes' : null,
        text(v.note),
      ]);
      row.getCell(5).numFmt = numFmt;
      row.getCell(6).numFmt = numFmt;
      if (v.value === null) row.getCell(5).alignment = ALIGNMENTS.figure;
      rows += 1;
    }
    if (kpi.values.length === 0)
      sheet.addRow([kpi.code, kpi.name, UNIT_LABELS[kpi.unit] ?? String(kpi.unit), 'None in the period']);
  }
  if (kpis.length === 0 && rows === 0) sheet.addRow(['', 'No KPIs are recorded for this strategy.']);
  addFilters(sheet, KPI_VALUE_COLUMNS.length);
  layOutTable(sheet, KPI_VALUE_COLUMNS, KEY_COLUMNS.kpis);
}

function addReturnsSheet(workbook: Workbook, data: ReviewPackData): void {
  const sheet = addTableSheet(workbook, REVIEW_PACK_SHEETS.returns, RETURN_COLUMNS);
  for (const r of data.returns) {
    const status =
      r.status.state === 'approved'
        ? `Approved version ${r.status.version} (${dayText(r.status.approvedAt)})`
        : r.status.state === 'draft'
          ? 'DRAFT: not approved'
          : 'No return in Waymark';
    if (r.figures.length === 0) sheet.addRow([r.financialYear, status, null, null]);
    for (const f of r.figures) {
      const row = sheet.addRow([r.financialYear, status, f.label, f.value]);
      row.getCell(4).alignment = ALIGNMENTS.figure;
    }
  }
  addFilters(sheet, RETURN_COLUMNS.length);
  layOutTable(sheet, RETURN_COLUMNS);
}

function addResponsesSheet(workbook: Workbook, reading: ReviewPackReading): void {
  const sheet = addTableSheet(workbook, REVIEW_PACK_SHEETS.responses, RESPONSE_COLUMNS);
  for (const r of reading.responses)
    sheet.addRow([r.organisation, r.sent, r.onTime, r.late, r.never, r.notYetDue, r.rate, r.onTimeRate]);
  if (reading.responses.length === 0) sheet.addRow(['No update requests were sent.']);
  else {
    const total = (key: 'sent' | 'onTime' | 'late' | 'never' | 'notYetDue') =>
      reading.responses.reduce((n, r) => n + r[key], 0);
    const due = total('sent') - total('notYetDue');
    const row = sheet.addRow([
      'All organisations',
      total('sent'),
      total('onTime'),
      total('late'),
      total('never'),
      total('notYetDue'),
      due ? (total('onTime') + total('late')) / due : null,
      due ? total('onTime') / due : null,
    ]);
    row.font = FONTS.header;
  }
  addFilters(sheet, RESPONSE_COLUMNS.length);
  layOutTable(sheet, RESPONSE_COLUMNS);
}
