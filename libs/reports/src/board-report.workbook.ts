// The board progress report: the Excel workbook a Local Partnership Board reads before each meeting.
// Sheets: Summary, Exceptions, Action register, KPIs, Updates this period, Evidence index, Provenance.
//
// It is written as it is built (StreamedWorkbook, exceljs's streaming writer): the five table sheets a row at
// a time, measured first, so that thousands of actions never sit in memory as exceljs cells; the Summary
// (whose tables and chart are each kept on one page) and the KPIs (a picture per row) are laid out whole in a
// document workbook first, then written through the same writer.
import ExcelJS, { type Cell, type Style, type Workbook, type Worksheet } from 'exceljs';
import { londonIsoDate, londonWallClock } from '@waymark/calendar';
import { ACTION_STATUSES, STATUS_LABELS } from '@waymark/contracts';
import {
  type BoardReportAssessment,
  type GroupCounts,
  type HeadlineCounts,
  type ReportRag,
  REPORT_RAGS,
  assessBoardReport,
} from './board-report.assess';
import type { BoardReportData, ReportAction } from './board-report.data';
import { cellText as text } from './cell-text';
import { renderChart } from './charts';
import { addKpiSheet, type KpiCellRefs, kpiValueText } from './kpi-sheet';
import {
  ALIGNMENTS,
  FONTS,
  NUMBER_FORMATS,
  RAG_CHART_COLOURS,
  RAG_STYLES,
  type ColumnKind,
  type Block,
  type ColumnSpec,
  StreamedWorkbook,
  type TableRow,
  type TableSheet,
  addChartImage,
  keepTogether,
  layOutSheet,
  setUpPrinting,
  setUpTableSheet,
  styleHeaderRow,
  styleOfKind,
} from '@waymark/workbooks';
import { describeReviewClock } from '@waymark/strategies';
import { partnershipTitle } from '@waymark/templates';

export const SHEET_NAMES = Object.freeze({
  summary: 'Summary',
  exceptions: 'Exceptions',
  register: 'Action register',
  kpis: 'KPIs',
  updates: 'Updates this period',
  evidence: 'Evidence index',
  provenance: 'Provenance',
});

export const REGISTER_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Ref', width: 9 },
  { header: 'Priority', width: 18, kind: 'wrap' },
  { header: 'Action', width: 40, kind: 'wrap' },
  { header: 'Lead organisation', width: 22, kind: 'wrap' },
  { header: 'Lead officer', width: 20, kind: 'wrap' },
  { header: 'Due date', width: 11, kind: 'date' },
  { header: 'Due date as written in the plan', width: 18, kind: 'wrap' },
  { header: 'Status', width: 11 },
  { header: 'RAG', width: 10 },
  { header: '% complete', width: 9, kind: 'percent' },
  { header: 'Last update', width: 11, kind: 'date' },
  { header: 'Latest commentary (in the lead’s words)', width: 50, kind: 'wrap' },
  { header: 'Evidence items', width: 9, kind: 'integer' },
] satisfies ColumnSpec[]);

export const EXCEPTION_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Ref', width: 9 },
  { header: 'Action', width: 44, kind: 'wrap' },
  { header: 'Lead organisation', width: 22, kind: 'wrap' },
  { header: 'Lead officer', width: 20, kind: 'wrap' },
  { header: 'Why it is an exception', width: 42, kind: 'wrap' },
  { header: 'RAG', width: 10 },
  { header: 'Status', width: 11 },
  { header: 'Due date', width: 14, kind: 'date' },
  { header: 'Last update', width: 11, kind: 'date' },
  { header: 'Times chased this period', width: 10, kind: 'integer' },
  { header: 'Times chased in total', width: 10, kind: 'integer' },
] satisfies ColumnSpec[]);

const UPDATE_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Submitted', width: 16, kind: 'dateTime' },
  { header: 'Ref', width: 9 },
  { header: 'Action', width: 36, kind: 'wrap' },
  { header: 'Submitted by', width: 20, kind: 'wrap' },
  { header: 'How', width: 12 },
  { header: 'Status', width: 11 },
  { header: '% complete', width: 9, kind: 'percent' },
  { header: 'Commentary (in the lead’s words)', width: 56, kind: 'wrap' },
  { header: 'Blockers', width: 30, kind: 'wrap' },
  { header: 'Proposed new date', width: 11, kind: 'date' },
  { header: 'Approval', width: 12 },
  { header: 'Evidence items', width: 9, kind: 'integer' },
] satisfies ColumnSpec[]);

const EVIDENCE_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Ref', width: 9 },
  { header: 'Name', width: 36, kind: 'wrap' },
  { header: 'Kind', width: 8 },
  { header: 'Link', width: 44, kind: 'wrap' },
  { header: 'Type', width: 18 },
  { header: 'Size (KB)', width: 10, kind: 'integer' },
  { header: 'Classification', width: 14 },
  { header: 'Added', width: 11, kind: 'date' },
] satisfies ColumnSpec[]);

const PROVENANCE_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Figure', width: 40, kind: 'wrap' },
  { header: 'Value', width: 18, kind: 'wrap' },
  { header: 'Where', width: 22 },
  { header: 'Source', width: 56, kind: 'wrap' },
  { header: 'Who', width: 24, kind: 'wrap' },
  { header: 'When', width: 16, kind: 'dateTime' },
] satisfies ColumnSpec[]);

export const CHANNEL_LABELS: Readonly<Record<string, string>> = Object.freeze({
  FORM: 'Online form',
  EMAIL_REPLY: 'Email reply',
  SPREADSHEET: 'Spreadsheet',
  API: 'API',
});

/** Key columns each sheet repeats on every page when it is too wide to fit one page at 70% or more. */
const KEY_COLUMNS = Object.freeze({ register: 'A:C', exceptions: 'A:B', updates: 'A:C' });

/** An instant's London calendar date, for a date cell. */
export function londonCellDate(instant: Date): Date {
  return new Date(`${londonIsoDate(instant)}T00:00:00Z`);
}

export function percentCell(value: number | null): number | null {
  return value === null ? null : value / 100;
}

export function paintRag(cell: Cell, rag: ReportRag): void {
  const style = RAG_STYLES[rag];
  cell.value = style.label;
  cell.font = style.font;
  if (style.fill) cell.fill = style.fill;
}

/** The style of a table cell holding a RAG rating, as paintRag paints it. */
const RAG_CELLS = Object.freeze(
  Object.fromEntries(
    REPORT_RAGS.map((rag) => {
      const { font, fill } = RAG_STYLES[rag];
      return [rag, Object.freeze(fill ? { font, fill } : { font })];
    }),
  ) as Record<ReportRag, Readonly<Partial<Style>>>,
);

function leadOrganisationOf(action: ReportAction): string {
  if (action.leadOrganisations.length > 0) return action.leadOrganisations.join('; ');
  return action.leadText ?? action.leadOfficer?.organisation ?? 'None named';
}

/** A sheet that is one table, its header in row 1 (setUpTableSheet). */
export function addTableSheet(workbook: Workbook, name: string, columns: readonly ColumnSpec[]): Worksheet {
  const sheet = workbook.addWorksheet(name);
  setUpTableSheet(sheet, columns);
  return sheet;
}

interface Provenance {
  figure: string;
  value: string | number | null;
  sheet: string;
  cell: string;
  source: string;
  who: string | null;
  when: Date | null;
}

/** The workbook as .xlsx bytes, built from a snapshot. Deterministic for a given snapshot, bar the zip's clock. */
export async function writeBoardReport(
  data: BoardReportData,
  assessment: BoardReportAssessment = assessBoardReport(data),
): Promise<Buffer> {
  const book = new StreamedWorkbook({
    creator: 'Waymark',
    created: data.asOf,
    title: `${data.strategy.title}: board progress report, ${data.period.label}`,
    subject: 'Domestic Abuse Act 2021 Part 4: strategy monitoring',
  });
  // The sheets laid out whole before they are written.
  const laidOut = new ExcelJS.Workbook();
  const provenance: Provenance[] = [];
  await book.addSheet(await addSummarySheet(laidOut, data, assessment, provenance));
  await book.addTable(exceptionsTable(assessment));
  await book.addTable(registerTable(data, assessment, provenance));
  const kpiRefs = await addKpiSheet(laidOut, data);
  await book.addSheet(laidOut.getWorksheet(SHEET_NAMES.kpis)!);
  provenance.push(...kpiProvenance(data, kpiRefs));
  await book.addTable(updatesTable(data));
  await book.addTable(evidenceTable(data));
  await book.addTable(provenanceTable(provenance));
  return book.finish();
}

// ---------------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------------

const HEADLINE_ROWS: ReadonlyArray<{ key: keyof HeadlineCounts; label: string; kind: ColumnKind }> = [
  { key: 'actions', label: 'Actions (not counting cancelled)', kind: 'integer' },
  { key: 'complete', label: 'Complete', kind: 'integer' },
  { key: 'percentComplete', label: 'Percent of actions complete', kind: 'percent' },
  { key: 'averageProgress', label: 'Average progress reported', kind: 'percent' },
  { key: 'red', label: 'Red', kind: 'integer' },
  { key: 'amber', label: 'Amber', kind: 'integer' },
  { key: 'green', label: 'Green', kind: 'integer' },
  { key: 'stale', label: 'Stale: no update this period', kind: 'integer' },
  { key: 'overdue', label: 'Overdue', kind: 'integer' },
  { key: 'noOwner', label: 'No named lead', kind: 'integer' },
  { key: 'unanswered', label: 'Request not answered this period', kind: 'integer' },
];

const DERIVED_SOURCE =
  'Calculated by Waymark from the action register: each action’s status from its lead’s latest update up to the as-at time, its due date, and this period’s update requests';

async function addSummarySheet(
  workbook: Workbook,
  data: BoardReportData,
  assessment: BoardReportAssessment,
  provenance: Provenance[],
): Promise<Worksheet> {
  const sheet = workbook.addWorksheet(SHEET_NAMES.summary, {
    properties: { tabColor: { argb: 'FF0B0C0C' } },
  });
  const titles = new Set<number>();
  const title = (row: number, value: string, font = FONTS.subtitle) => {
    titles.add(row);
    const cell = sheet.getCell(row, 1);
    cell.value = value;
    cell.font = font;
  };
  title(1, `${partnershipTitle(data.partnershipName)}: board progress report`, FONTS.title);
  title(2, data.strategy.title);
  sheet.getCell('A3').value = `Period: ${data.period.label}`;
  sheet.getCell('A4').value = 'Figures as at';
  const asOf = sheet.getCell('B4');
  asOf.value = londonWallClock(data.asOf);
  asOf.numFmt = NUMBER_FORMATS.dateTime;
  asOf.alignment = { horizontal: 'left', vertical: 'top' };
  if (data.meeting) {
    sheet.getCell('A5').value = `For the ${data.meeting.boardName} meeting on`;
    const meets = sheet.getCell('B5');
    meets.value = data.meeting.meetsOn;
    meets.numFmt = NUMBER_FORMATS.date;
    meets.alignment = { horizontal: 'left', vertical: 'top' };
  }
  sheet.getCell('A6').value =
    'RAG is written in every coloured cell. Complete is blue. Stale means no update this period: its old colour is not shown. Not rated: not started, or cancelled.';
  sheet.getCell('A6').font = FONTS.note;
  titles.add(3).add(6);
  if (data.reviewClock) {
    title(
      7,
      describeReviewClock(data.reviewClock),
      data.reviewClock.status === 'overdue' ? FONTS.subtitle : FONTS.note,
    );
  }

  let row = 8;
  // Each table, with its heading, is kept on one page; so is the chart.
  const blocks: Block[] = [];
  // The first column of each table is text, the others figures.
  const table = (heading: string, headers: string[]) => {
    const last = blocks.at(-1);
    // The table before ended at the blank row above this one.
    if (last) last.last = row - 2;
    blocks.push({ first: row, last: row + 1 });
    title(row, heading);
    row += 1;
    sheet.getRow(row).values = headers;
    styleHeaderRow(sheet, row, headers.length, 1, [
      'text',
      ...headers.slice(1).map(() => 'integer' as const),
    ]);
    row += 1;
  };
  const put = (r: number, c: number, value: string | number | null, kind: ColumnKind = 'integer') => {
    const cell = sheet.getCell(r, c);
    cell.value = value;
    const style = styleOfKind(kind);
    if (style.numFmt) cell.numFmt = style.numFmt;
    cell.alignment = style.alignment;
    return cell;
  };

  table('Headline', ['Measure', 'Value']);
  for (const h of HEADLINE_ROWS) {
    const value = assessment.headline[h.key];
    put(row, 1, h.label, 'text');
    put(row, 2, h.kind === 'percent' ? value / 100 : value, h.kind);
    provenance.push({
      figure: h.label,
      value: h.kind === 'percent' ? `${value}%` : value,
      sheet: SHEET_NAMES.summary,
      cell: `B${row}`,
      source: DERIVED_SOURCE,
      who: 'Waymark (calculated)',
      when: data.asOf,
    });
    row += 1;
  }

  row += 1;
  const statusHeaders = [
    'Priority',
    'Actions',
    ...ACTION_STATUSES.map((s) => STATUS_LABELS[s]),
    '% complete',
    'Overdue',
    'Stale',
  ];
  table('By priority: status', statusHeaders);
  const firstStatusRow = row;
  for (const group of [...assessment.byPriority, assessment.total]) {
    const values = [group.actions, ...ACTION_STATUSES.map((s) => group.byStatus[s])];
    put(row, 1, group.label, 'text');
    values.forEach((v, i) => put(row, 2 + i, v));
    put(row, 2 + values.length, group.percentComplete / 100, 'percent');
    put(row, 3 + values.length, group.overdue);
    put(row, 4 + values.length, group.stale);
    if (group === assessment.total) sheet.getRow(row).font = FONTS.header;
    row += 1;
  }
  provenance.push(groupProvenance('Actions by priority and status', `A${firstStatusRow}:L${row - 1}`, data));

  row += 1;
  table('By priority: RAG', ['Priority', ...REPORT_RAGS.map((r) => RAG_STYLES[r].label), 'No named lead']);
  REPORT_RAGS.forEach((rag, i) => paintRag(sheet.getCell(row - 1, 2 + i), rag));
  const firstRagRow = row;
  for (const group of [...assessment.byPriority, assessment.total]) {
    put(row, 1, group.label, 'text');
    REPORT_RAGS.forEach((rag, i) => put(row, 2 + i, group.byRag[rag]));
    put(row, 2 + REPORT_RAGS.length, group.noOwner);
    if (group === assessment.total) sheet.getRow(row).font = FONTS.header;
    row += 1;
  }
  provenance.push(groupProvenance('Actions by priority and RAG', `A${firstRagRow}:H${row - 1}`, data));

  row += 1;
  table(`Response to update requests by partner organisation, ${data.period.label}`, [
    'Organisation',
    'Requests sent',
    'Answered',
    'Response rate',
  ]);
  if (assessment.responseRates.length === 0) {
    put(row, 1, 'No update requests have been sent this period.', 'text').font = FONTS.note;
    row += 1;
  }
  for (const rate of assessment.responseRates) {
    put(row, 1, rate.organisation, 'text');
    put(row, 2, rate.sent);
    put(row, 3, rate.answered);
    put(row, 4, rate.rate, 'percent');
    provenance.push({
      figure: `Response rate: ${rate.organisation}`,
      value: rate.rate === null ? null : `${Math.round(rate.rate * 100)}%`,
      sheet: SHEET_NAMES.summary,
      cell: `D${row}`,
      source: `Update requests for ${data.period.label} sent to leads at ${rate.organisation}, and those answered by the as-at time`,
      who: 'Waymark (calculated)',
      when: data.asOf,
    });
    row += 1;
  }

  row += 1;
  blocks.at(-1)!.last = row - 2;
  title(row, 'RAG by priority (chart of the table above)');
  const chart = await ragByPriorityChart(assessment.byPriority);
  addChartImage(workbook, sheet, chart, { col: 0, row });
  setUpPrinting(sheet);
  // Titles and the note run on across the empty cells beside them; they do not size the columns.
  const scale = layOutSheet(sheet, {
    min: 9,
    columns: { 1: { max: 46 } },
    ignore: (cell) => titles.has(Number(cell.row)) && Number(cell.col) === 1,
  });
  blocks.push({ first: row, last: row, picture: (chart.height + 8) * 0.75 });
  keepTogether(sheet, blocks, scale);
  return sheet;
}

function groupProvenance(figure: string, range: string, data: BoardReportData): Provenance {
  return {
    figure,
    value: null,
    sheet: SHEET_NAMES.summary,
    cell: range,
    source: DERIVED_SOURCE,
    who: 'Waymark (calculated)',
    when: data.asOf,
  };
}

/** Room for the priority names beside the bars, in pixels; the names wrap within it. */
const CHART_LABEL_WIDTH = 190;

function ragByPriorityChart(groups: readonly GroupCounts[]) {
  // A long name wraps over at most three lines, then is shortened: the table above gives it whole.
  const labels = groups.map((g) => (g.label.length > 80 ? `${g.label.slice(0, 79)}…` : g.label));
  const height = 90 + 46 * groups.length;
  return renderChart(
    {
      legend: { bottom: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
      // The names get a fixed margin, with room to spare: the SVG renderer measures text a little narrower
      // than the picture draws it, which clipped the first letters when it sized the margin itself.
      grid: { left: CHART_LABEL_WIDTH + 40, right: 24, top: 8, bottom: 40, containLabel: false },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
      yAxis: {
        type: 'category',
        data: labels,
        inverse: true,
        axisLabel: {
          fontSize: 11,
          lineHeight: 14,
          color: '#0b0c0c',
          width: CHART_LABEL_WIDTH,
          overflow: 'break',
        },
      },
      series: REPORT_RAGS.map((rag) => ({
        name: RAG_STYLES[rag].label,
        type: 'bar' as const,
        stack: 'rag',
        barMaxWidth: 22,
        data: groups.map((g) => g.byRag[rag]),
        itemStyle: { color: RAG_CHART_COLOURS[rag], borderColor: '#505a5f', borderWidth: 0.5 },
        label: {
          show: true,
          fontSize: 10,
          color: rag === 'AMBER' || rag === 'STALE' || rag === 'NOT_RATED' ? '#0b0c0c' : '#ffffff',
          formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''),
        },
      })),
    },
    720,
    height,
  );
}

// ---------------------------------------------------------------------------------------------------
// Exceptions and the action register
// ---------------------------------------------------------------------------------------------------

function exceptionsTable(assessment: BoardReportAssessment): TableSheet {
  const rows: TableRow[] = assessment.exceptions.map(({ action, assessment: a }) => ({
    values: [
      action.ref,
      text(action.title),
      leadOrganisationOf(action),
      action.leadOfficer?.name ?? 'None named',
      a.reasons.join('; '),
      RAG_STYLES[a.rag].label,
      STATUS_LABELS[action.status],
      action.dueDate ?? text(action.dueDateText),
      action.lastUpdate ? londonCellDate(action.lastUpdate.submittedAt) : 'Never',
      action.chasedThisPeriod,
      action.chasedTotal,
    ],
    styles: { 6: RAG_CELLS[a.rag] },
  }));
  if (rows.length === 0) rows.push({ values: ['', 'No exceptions this period.'] });
  return {
    name: SHEET_NAMES.exceptions,
    columns: EXCEPTION_COLUMNS,
    rows,
    keyColumns: KEY_COLUMNS.exceptions,
  };
}

function registerTable(
  data: BoardReportData,
  assessment: BoardReportAssessment,
  provenance: Provenance[],
): TableSheet {
  const priorities = new Map(data.priorities.map((p) => [p.id, `${p.ref} ${p.title}`]));
  const rows = assessment.actions.map(({ action, assessment: a }, index): TableRow => {
    const update = action.lastUpdate;
    provenance.push({
      figure: `${action.ref} status, RAG and % complete`,
      value: [
        STATUS_LABELS[action.status],
        RAG_STYLES[a.rag].label,
        action.percentComplete === null ? null : `${action.percentComplete}%`,
      ]
        .filter(Boolean)
        .join(', '),
      sheet: SHEET_NAMES.register,
      // Row 1 is the header.
      cell: `H${index + 2}`,
      source: update
        ? `Update ${update.id} (${CHANNEL_LABELS[update.channel] ?? update.channel}); RAG calculated by Waymark`
        : 'The action record: no update received yet; RAG calculated by Waymark',
      who: update ? (update.submittedBy ?? 'Not recorded') : 'Coordinator (action record)',
      when: update?.submittedAt ?? null,
    });
    return {
      values: [
        action.ref,
        (action.priorityId && priorities.get(action.priorityId)) || 'No priority',
        text(action.title),
        leadOrganisationOf(action),
        action.leadOfficer?.name ?? 'None named',
        action.dueDate,
        text(action.dueDateText),
        STATUS_LABELS[action.status],
        RAG_STYLES[a.rag].label,
        percentCell(action.status === 'COMPLETE' ? 100 : action.percentComplete),
        update ? londonCellDate(update.submittedAt) : null,
        text(update?.commentary),
        action.evidenceCount,
      ],
      styles: { 9: RAG_CELLS[a.rag] },
    };
  });
  if (rows.length === 0) rows.push({ values: ['', '', 'The plan has no actions yet.'] });
  return { name: SHEET_NAMES.register, columns: REGISTER_COLUMNS, rows, keyColumns: KEY_COLUMNS.register };
}

// ---------------------------------------------------------------------------------------------------
// Updates, evidence, provenance
// ---------------------------------------------------------------------------------------------------

function updatesTable(data: BoardReportData): TableSheet {
  const updates = [...data.updates].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  const rows = updates.map((u): TableRow => ({
    values: [
      londonWallClock(u.submittedAt),
      u.actionRef,
      text(u.actionTitle),
      u.submittedBy ?? 'Not recorded',
      CHANNEL_LABELS[u.channel] ?? u.channel,
      STATUS_LABELS[u.status],
      percentCell(u.percentComplete),
      text(u.commentary),
      text(u.blockers),
      u.proposedDueDate,
      u.approvalState === 'NOT_REQUIRED'
        ? 'Not needed'
        : u.approvalState.charAt(0) + u.approvalState.slice(1).toLowerCase(),
      u.evidenceCount,
    ],
  }));
  if (rows.length === 0) rows.push({ values: [null, '', 'No updates have been received this period.'] });
  return { name: SHEET_NAMES.updates, columns: UPDATE_COLUMNS, rows, keyColumns: KEY_COLUMNS.updates };
}

function evidenceTable(data: BoardReportData): TableSheet {
  const evidence = [...data.evidence].sort(
    (a, b) =>
      a.actionRef.localeCompare(b.actionRef, 'en-GB', { numeric: true }) ||
      a.addedAt.getTime() - b.addedAt.getTime(),
  );
  const rows = evidence.map((e): TableRow => {
    const [link, style] = e.quarantined
      ? ['Withheld: quarantined by the coordinator', NOTE_CELL]
      : e.url
        ? [{ text: e.url, hyperlink: e.url }, LINK_CELL]
        : [`Held in Waymark (evidence ${e.id})`, undefined];
    return {
      values: [
        e.actionRef,
        text(e.name),
        e.kind === 'LINK' ? 'Link' : 'File',
        link,
        e.contentType,
        e.sizeBytes === null ? null : Math.ceil(e.sizeBytes / 1024),
        e.classification,
        londonCellDate(e.addedAt),
      ],
      styles: style ? { 4: style } : undefined,
    };
  });
  if (rows.length === 0) rows.push({ values: ['', 'No evidence has been attached yet.'] });
  return { name: SHEET_NAMES.evidence, columns: EVIDENCE_COLUMNS, rows };
}

const NOTE_CELL = Object.freeze({ font: FONTS.note });
const LINK_CELL = Object.freeze({ font: FONTS.link });
const VALUE_CELL = Object.freeze({ alignment: { ...ALIGNMENTS.wrap, horizontal: 'left' as const } });

function kpiProvenance(data: BoardReportData, refs: KpiCellRefs): Provenance[] {
  return data.kpis.flatMap((kpi) => {
    const latest = refs.readings.get(kpi.id)?.latest;
    const row = refs.rows.get(kpi.id);
    if (!latest || row === undefined) return [];
    return [
      {
        figure: `${kpi.code} ${kpi.name}, ${latest.periodKey}`,
        value: kpiValueText(kpi.unit, latest.value),
        sheet: SHEET_NAMES.kpis,
        cell: `E${row}`,
        source: [
          latest.source ?? kpi.source ?? 'Source not recorded',
          `${latest.status.toLowerCase()}${latest.revision > 1 ? `, revision ${latest.revision}` : ''}`,
        ].join('; '),
        who: latest.enteredBy ?? 'Not recorded',
        when: latest.enteredAt,
      },
    ];
  });
}

function provenanceTable(provenance: readonly Provenance[]): TableSheet {
  const rows = provenance.map((p): TableRow => {
    // A HYPERLINK formula to a place in this workbook, which LibreOffice reads with its target intact. exceljs
    // writes a cell hyperlink as an external relationship as well, and LibreOffice joined the two, showing the
    // target twice and following neither. The sheet names are the report's own, never people's text.
    const address = `'${p.sheet}'!${p.cell.split(':')[0]}`;
    const shown = `${p.sheet}!${p.cell}`;
    return {
      values: [
        p.figure,
        p.value,
        { formula: `HYPERLINK("#${address}","${shown}")`, result: shown },
        p.source,
        p.who,
        p.when ? londonWallClock(p.when) : null,
      ],
      // A value is a count, a percentage or words: all on the left, under its heading.
      styles: { 2: VALUE_CELL, 3: LINK_CELL },
    };
  });
  return { name: SHEET_NAMES.provenance, columns: PROVENANCE_COLUMNS, rows };
}
