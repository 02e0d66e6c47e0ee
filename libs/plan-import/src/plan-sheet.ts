import { parseDueDate } from '@waymark/calendar';
import {
  ColumnKind,
  columnLetter,
  columnNumber,
  FIELD_LABELS,
  isPlanField,
  KIND_WORDS,
  namesObjectives,
  normaliseHeader,
  PLAN_FIELDS,
  PlanField,
  recogniseLabel,
} from './plan-columns';
import { MAX_COLUMNS, PlanFile, PlanFileError, SheetGrid } from './plan-file';
import type { PlanMapping, Problem } from './plan-import.contract';
import { PRIORITY_HEADING } from './priorities';

/** One row of the plan that holds an action (or should: a row with a ref but no text is an error). */
export interface PlanRow {
  /** The spreadsheet row number. */
  row: number;
  /** The cells of the recognised columns, trimmed; a column the sheet lacks is absent. */
  cells: Partial<Record<PlanField, string>>;
  /** The row's priority cell, filled down from the rows above (and from theme heading rows). */
  priority: string | null;
}

export interface SkippedRow {
  row: number;
  problem: Problem;
}

export interface PlanColumn {
  column: string;
  header: string;
  field: PlanField | null;
  /** What the header names, imported or not ("outcome", "rag"); null when nothing known. */
  kind: ColumnKind | null;
}

/** A sheet read as an action plan: its columns, its action rows, and what it skipped and why. */
export interface PlanSheet {
  kind: PlanFile['kind'];
  sheet: string;
  headerRow: number;
  /** 2 when a second row under the headers names sub-columns. */
  headerRows: 1 | 2;
  columns: PlanColumn[];
  /** The column letter of each field the sheet has. */
  fieldColumns: Partial<Record<PlanField, string>>;
  rows: PlanRow[];
  skipped: SkippedRow[];
  problems: Problem[];
}

/** How far down a sheet its headers are looked for (title rows, logos and notes come first). */
const HEADER_SEARCH_ROWS = 30;
/** A header row names at least this many known columns, when any row does ("several fields"). */
const SEVERAL = 3;
const NOTE = /^(?:notes?|nb|n\.b\.|key|source|please|\*|last updated|updated|version|draft)\b/i;
/** "1. Improving the survivors' recovery journey", "3.2 Housing", "a) Refuge": a numbered section heading. */
const SECTION_HEADING = /^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[a-h][.)]|[ivx]{1,4}[.)])\s+\S/i;
const TOTALS = /^(?:(?:grand\s+)?totals?|sub-?totals?|count|(?:number|no\.?) of actions)\b/i;

interface HeaderCandidate {
  rowIndex: number;
  /** 1, or 2 when the row below names sub-columns ("Timescale" over "Start" and "End"). */
  rows: 1 | 2;
  /** field → 0-based column */
  fields: Map<PlanField, number>;
  /** How many columns name something known, imported or not. */
  known: number;
  /** Each column's header as read: the two rows' labels joined where there are two. */
  labels: string[];
  columns: PlanColumn[];
  problems: Problem[];
}

/** A row that looked like headers, for a coordinator to choose from when Waymark cannot. */
export interface HeaderLookalike {
  sheet: string;
  row: number;
  labels: string[];
}

/** Finds the plan in a file: the sheet and header row, then each row as an action, a heading or a note. */
export function readPlanSheet(file: PlanFile, mapping: PlanMapping = {}): PlanSheet {
  const grids = mapping.sheet ? [findSheet(file, mapping.sheet)] : file.sheets;
  let chosen: { grid: SheetGrid; header: HeaderCandidate } | undefined;
  for (const grid of grids) {
    const header = findHeaderRow(grid, mapping);
    if (header && (!chosen || header.fields.size > chosen.header.fields.size)) chosen = { grid, header };
  }
  if (!chosen) throw noHeader(grids, mapping);
  const { grid, header } = chosen;
  if (!mapping.headerRow) checkConfidence(grid, header, mapping);
  for (const [field, wanted] of Object.entries(mapping.columns ?? {}) as [PlanField, string][]) {
    if (!header.fields.has(field)) {
      throw new PlanFileError(
        'bad-mapping',
        `The mapping gives "${wanted}" as the ${FIELD_LABELS[field].toLowerCase()} column, but row ${header.rowIndex + 1} of sheet "${grid.name}" has no such header (nor is it a column letter).`,
      );
    }
  }
  const problems: Problem[] = [
    ...file.notes.map((message) => fileProblem('info', 'file-read', message)),
    ...header.problems,
  ];
  const fieldColumns = Object.fromEntries(
    [...header.fields].map(([field, index]) => [field, columnLetter(index + 1)]),
  ) as Partial<Record<PlanField, string>>;
  const above = grid.rows.slice(0, header.rowIndex).filter((r) => r.some(Boolean)).length;
  if (above > 0) {
    problems.push(
      fileProblem(
        'info',
        'rows-above-headers',
        `${above} row(s) above the headers (row ${header.rowIndex + 1}) were not read as actions.`,
      ),
    );
  }
  if (header.rows === 2) {
    problems.push(
      fileProblem(
        'info',
        'two-header-rows',
        `The headers take two rows (${header.rowIndex + 1} and ${header.rowIndex + 2}): each column is read by both.`,
      ),
    );
  }
  if (!header.fields.has('ref')) {
    problems.push(
      fileProblem(
        'warning',
        'refs-derived',
        'The sheet has no reference column, so each action is given a reference from its priority and its position (e.g. "2.3"). Re-importing the same sheet updates those actions; re-ordering its rows would not: add a Ref column (an export has one) before changing the order.',
      ),
    );
  }
  const { rows, skipped } = readRows(grid, header);
  return {
    kind: file.kind,
    sheet: grid.name,
    headerRow: header.rowIndex + 1,
    headerRows: header.rows,
    columns: header.columns,
    fieldColumns,
    rows,
    skipped,
    problems,
  };
}

/** The columns as the dry run shows them first, in words: what each will be read as. */
export function describeColumns(
  sheet: Pick<PlanSheet, 'sheet' | 'headerRow' | 'headerRows' | 'columns'>,
): string {
  const rows =
    sheet.headerRows === 2 ? `rows ${sheet.headerRow} and ${sheet.headerRow + 1}` : `row ${sheet.headerRow}`;
  const columns = sheet.columns.map((c) => {
    const what = c.field
      ? KIND_WORDS[c.field]
      : c.kind
        ? `${KIND_WORDS[c.kind]}, not imported`
        : 'not imported';
    return `${c.column} "${shorten(c.header, 40)}" as ${what}`;
  });
  return `Sheet "${sheet.sheet}", headers on ${rows}: ${columns.join('; ')}.`;
}

function findSheet(file: PlanFile, name: string): SheetGrid {
  const grid = file.sheets.find((s) => s.name.trim().toLowerCase() === name.trim().toLowerCase());
  if (!grid) {
    throw new PlanFileError(
      'bad-mapping',
      `The mapping names sheet "${name}", but the file has ${file.sheets.map((s) => `"${s.name}"`).join(', ')}.`,
    );
  }
  return grid;
}

/**
 * The header row: the one the mapping names, or else the FIRST row near the top that names the action and
 * several other known columns (a later row naming more is a data row whose words happen to match). A row
 * of sentences, dates or numbers is never a header row.
 */
function findHeaderRow(grid: SheetGrid, mapping: PlanMapping): HeaderCandidate | undefined {
  if (mapping.headerRow) {
    const candidate = readHeader(grid, mapping.headerRow - 1, mapping);
    return candidate.fields.has('text') ? candidate : undefined;
  }
  const candidates: HeaderCandidate[] = [];
  for (let rowIndex = 0; rowIndex < Math.min(HEADER_SEARCH_ROWS, grid.rows.length); rowIndex++) {
    if (!isLabelRow(grid.rows[rowIndex] ?? [])) continue;
    const candidate = readHeader(grid, rowIndex, mapping);
    if (candidate.fields.has('text')) candidates.push(candidate);
  }
  const most = Math.max(0, ...candidates.map((c) => c.known));
  return candidates.find((c) => c.known >= Math.min(SEVERAL, most));
}

/** Whether a row could be headers: some cells, none of them a sentence, a date, a number or a heading. */
function isLabelRow(cells: string[]): boolean {
  const filled = cells.filter(Boolean);
  return filled.length > 0 && !filled.some((c) => isSentence(c) || looksLikeData(c));
}

/** A cell that reads as prose: long, or a full sentence, or two of them. */
export function isSentence(cell: string): boolean {
  // "1. Improving the survivors' recovery journey": a section number is not the end of a sentence.
  const text = cell.trim().replace(/^(?:\d{1,2}(?:\.\d{1,2})*|[a-h])[.)]\s+/i, '');
  const words = text.split(/\s+/).filter(Boolean).length;
  return words >= 15 || (words >= 5 && /[.!]$/.test(text)) || (words >= 6 && /[.!?;]\s+\S/.test(text));
}

function looksLikeData(cell: string): boolean {
  return (
    /^[A-Za-z]?\d+(?:[.,/]\d+)*%?$/.test(cell) ||
    PRIORITY_HEADING.test(cell) ||
    (/\d/.test(cell) && parseDueDate(cell).parse === 'PARSED')
  );
}

/**
 * A second header row under the first, which names columns itself: at least two cells, and every cell not
 * merely the label above merged down a known label, one at least under an empty cell ("Start" and "End"
 * under a merged "Timescale").
 */
function subHeaderRow(top: string[], below: string[] | undefined): boolean {
  if (!below || below.filter(Boolean).length < 2 || !isLabelRow(below)) return false;
  if (top.filter((c) => c && recogniseLabel(c) !== null).length < 2) return false;
  const sub = below.map((c, i) => (c && c !== top[i] ? c : '')).filter(Boolean);
  if (!below.some((c, i) => c && !top[i])) return false;
  return sub.every((c) => recogniseLabel(c) !== null);
}

/** Each column's label over two header rows: a group label carried right over the sub-columns under it. */
function twoRowLabels(top: string[], below: string[]): { label: string; kind: ColumnKind | null }[] {
  const labels: { label: string; kind: ColumnKind | null }[] = [];
  let group = '';
  for (let i = 0; i < Math.max(top.length, below.length); i++) {
    const sub = below[i] ?? '';
    if (top[i]) group = top[i];
    else if (!sub) group = '';
    const over = top[i] || (sub ? group : '');
    // A label merged down over both rows reads the same in each.
    if (!over || !sub || normaliseHeader(over) === normaliseHeader(sub)) {
      labels.push({ label: over || sub, kind: recogniseLabel(over || sub) });
      continue;
    }
    // The sub-column's own label decides ("Start" under "Timescale"); a bare "Name" says too little.
    const own = recogniseLabel(sub);
    const kind = own && own !== 'title' ? own : (recogniseLabel(`${over} ${sub}`) ?? own);
    labels.push({ label: `${over} / ${sub}`, kind });
  }
  return labels;
}

/** The fields a row's cells name as headers, with the explicit mapping taking precedence. */
function readHeader(grid: SheetGrid, rowIndex: number, mapping: PlanMapping): HeaderCandidate {
  const top = grid.rows[rowIndex] ?? [];
  const below = grid.rows[rowIndex + 1];
  const rows = subHeaderRow(top, below) ? 2 : 1;
  const read =
    rows === 2 ? twoRowLabels(top, below!) : top.map((label) => ({ label, kind: recogniseLabel(label) }));
  const fields = new Map<PlanField, number>();
  const problems: Problem[] = [];
  const explicit = new Map<number, PlanField>();
  const named = (index: number, wanted: string) =>
    [read[index]?.label, top[index], rows === 2 ? below?.[index] : undefined].some(
      (label) => label && normaliseHeader(label) === normaliseHeader(wanted),
    );
  for (const field of PLAN_FIELDS) {
    const wanted = mapping.columns?.[field];
    if (!wanted) continue;
    const byHeader = read.findIndex((_, index) => named(index, wanted));
    const byLetter = columnNumber(wanted);
    const index = byHeader >= 0 ? byHeader : byLetter !== null && byLetter <= MAX_COLUMNS ? byLetter - 1 : -1;
    if (index >= 0 && !explicit.has(index)) {
      explicit.set(index, field);
      fields.set(field, index);
    }
  }
  // "Objectives" are the actions where no column names them otherwise (Herefordshire's plans).
  const kinds = read.map((r) => r.kind);
  if (!kinds.includes('text') && !fields.has('text')) {
    const objectives = read.findIndex(
      (r, i) => r.kind === 'aim' && !explicit.has(i) && namesObjectives(r.label),
    );
    if (objectives >= 0) kinds[objectives] = 'text';
  }
  const width = Math.max(read.length, ...[...explicit.keys()].map((i) => i + 1));
  const columns: PlanColumn[] = [];
  let known = 0;
  for (let index = 0; index < width; index++) {
    const header = read[index]?.label ?? '';
    const kind = explicit.get(index) ?? kinds[index] ?? null;
    if (kind) known++;
    let field: PlanField | null = explicit.get(index) ?? null;
    if (!explicit.has(index) && isPlanField(kind)) {
      if (!fields.has(kind)) {
        field = kind;
        fields.set(kind, index);
      } else {
        problems.push(
          cellProblem(
            rowIndex + 1,
            index,
            null,
            'warning',
            'duplicate-column',
            `Column ${columnLetter(index + 1)} ("${header}") was not read: column ${columnLetter(fields.get(kind)! + 1)} already gives ${KIND_WORDS[kind]}.`,
          ),
        );
      }
    }
    if (header || field) columns.push({ column: columnLetter(index + 1), header, field, kind });
    if (header && !field && !problems.some((p) => p.column === columnLetter(index + 1))) {
      problems.push(
        cellProblem(
          rowIndex + 1,
          index,
          null,
          'info',
          'column-not-imported',
          kind
            ? `Column ${columnLetter(index + 1)} ("${header}") holds ${KIND_WORDS[kind]}, which Waymark does not import.`
            : `Column ${columnLetter(index + 1)} ("${header}") is not part of the action plan Waymark imports.`,
        ),
      );
    }
  }
  return { rowIndex, rows, fields, known, labels: read.map((r) => r.label), columns, problems };
}

/**
 * Refuses a guess that does not hold up: the lead column holding sentences (the action text read as the
 * lead), or rows above the headers that look like actions (a data row taken for the headers).
 */
function checkConfidence(grid: SheetGrid, header: HeaderCandidate, mapping: PlanMapping): void {
  const first = header.rowIndex + header.rows;
  const lead = header.fields.get('lead');
  if (lead !== undefined && !mapping.columns?.lead) {
    const cells = grid.rows
      .slice(first)
      .map((r) => r[lead] ?? '')
      .filter(Boolean);
    const sentences = cells.filter(isSentence).length;
    if (sentences >= 2 && sentences * 2 > cells.length) {
      throw unclear(
        grid,
        header,
        `its lead column ${columnLetter(lead + 1)} ("${shorten(header.labels[lead], 40)}") holds sentences, not who leads`,
        mapping,
      );
    }
  }
  const actionsAbove = grid.rows
    .slice(0, header.rowIndex)
    .map((r, i) => ({ row: i + 1, filled: r.filter(Boolean) }))
    .filter(({ filled }) => filled.length >= 2 && filled.some(isSentence))
    .map(({ row }) => row);
  if (actionsAbove.length >= 2) {
    throw unclear(
      grid,
      header,
      `rows ${actionsAbove.join(', ')} above it look like actions and would not be read`,
      mapping,
    );
  }
}

function lookalikes(grids: SheetGrid[], mapping: PlanMapping): HeaderLookalike[] {
  const found: HeaderLookalike[] = [];
  for (const grid of grids) {
    for (let rowIndex = 0; rowIndex < Math.min(HEADER_SEARCH_ROWS, grid.rows.length); rowIndex++) {
      const cells = grid.rows[rowIndex] ?? [];
      if (!isLabelRow(cells)) continue;
      const header = readHeader(grid, rowIndex, mapping);
      if (header.known >= 2) {
        found.push({ sheet: grid.name, row: rowIndex + 1, labels: header.labels.filter(Boolean) });
      }
    }
  }
  return found.slice(0, 5);
}

function describeLookalikes(found: HeaderLookalike[], manySheets: boolean): string {
  if (found.length === 0) return 'no row looks like headers';
  return `these rows look like headers: ${found
    .map(
      (f) =>
        `${manySheets ? `sheet "${f.sheet}" ` : ''}row ${f.row} (${f.labels.map((l) => `"${shorten(l, 30)}"`).join(', ')})`,
    )
    .join('; ')}`;
}

const GIVE_A_MAPPING =
  'give a mapping naming the header row and the columns, e.g. {"headerRow": 3, "columns": {"text": "C", "lead": "D", "dueDate": "E"}}. Waymark reads "Ref", "Priority"/"Theme", "Action"/"What we will do", "Lead Partner/s"/"Responsible", "Date for completion"/"By when", "Measure"';

/** "Total actions | | 30", "Totals | Green: 12 | Amber: 5": a label, then only counts. */
function isTotals([label, ...counts]: string[]): boolean {
  const short = (c: string) => c.split(/\s+/).length <= 4;
  return TOTALS.test(label) && short(label) && counts.every((c) => /\d/.test(c) && short(c));
}

function noHeader(grids: SheetGrid[], mapping: PlanMapping): PlanFileError {
  const where = mapping.headerRow ? `row ${mapping.headerRow}` : `the first ${HEADER_SEARCH_ROWS} rows`;
  const sheets = grids.length > 1 ? ` of any sheet (${grids.map((s) => `"${s.name}"`).join(', ')})` : '';
  const found = lookalikes(grids, mapping);
  return new PlanFileError(
    'no-headers',
    `Could not recognise the header row: no row in ${where}${sheets} names the action column; ${describeLookalikes(found, grids.length > 1)}; ${GIVE_A_MAPPING}.`,
    found,
  );
}

function unclear(grid: SheetGrid, header: HeaderCandidate, why: string, mapping: PlanMapping): PlanFileError {
  const found = lookalikes([grid], mapping);
  return new PlanFileError(
    'headers-unclear',
    `Could not recognise the header row: row ${header.rowIndex + 1} of sheet "${grid.name}" was the best guess, but ${why}; ${describeLookalikes(found, false)}; ${GIVE_A_MAPPING}. Nothing was imported.`,
    found,
  );
}

function readRows(grid: SheetGrid, header: HeaderCandidate): { rows: PlanRow[]; skipped: SkippedRow[] } {
  const rows: PlanRow[] = [];
  const skipped: SkippedRow[] = [];
  const textColumn = header.fields.get('text')!;
  const priorityColumn = header.fields.get('priority');
  const headerKeys = new Set(
    grid.rows
      .slice(header.rowIndex, header.rowIndex + header.rows)
      .map((r) => r.map(normaliseHeader).join('|')),
  );
  let priority: string | null = null;
  /** The priority came from a "Theme 3: Safe Accommodation" heading or cell: other headings are sub-headings. */
  let themed = false;
  const skip = (
    row: number,
    column: number | null,
    severity: Problem['severity'],
    code: string,
    message: string,
  ) => skipped.push({ row, problem: cellProblem(row, column, null, severity, code, message) });

  for (let rowIndex = header.rowIndex + header.rows; rowIndex < grid.rows.length; rowIndex++) {
    const cells = grid.rows[rowIndex] ?? [];
    const row = rowIndex + 1;
    const filled = cells.map((c, i) => [i, c] as const).filter(([, c]) => c);
    if (filled.length === 0) continue;
    if (headerKeys.has(cells.map(normaliseHeader).join('|'))) {
      skip(row, null, 'info', 'repeated-headers', `Row ${row} repeats the headers.`);
      continue;
    }
    if (isTotals(filled.map(([, c]) => c))) {
      skip(row, filled[0][0], 'info', 'totals', `Row ${row} is a totals row, not an action.`);
      continue;
    }
    if (filled.length === 1) {
      const [column, value] = filled[0];
      if (NOTE.test(value)) {
        skip(row, column, 'info', 'note', `Row ${row} is a note, not an action: "${shorten(value)}".`);
        continue;
      }
      const numbered =
        column === textColumn && SECTION_HEADING.test(value) && !isSentence(value) && !/[.;]$/.test(value);
      if (
        column === priorityColumn ||
        PRIORITY_HEADING.test(value) ||
        (column !== textColumn && column === 0) ||
        numbered
      ) {
        if (themed && column !== priorityColumn && !PRIORITY_HEADING.test(value)) {
          skip(
            row,
            column,
            'info',
            'subheading',
            `Row ${row} is a sub-heading within "${shorten(priority!)}": "${shorten(value)}".`,
          );
          continue;
        }
        priority = value;
        themed = PRIORITY_HEADING.test(value);
        skip(
          row,
          column,
          'info',
          'heading',
          `Row ${row} is a heading: the actions below it belong to "${shorten(value)}".`,
        );
        continue;
      }
    }
    const rowCells: Partial<Record<PlanField, string>> = {};
    for (const [field, index] of header.fields) rowCells[field] = cells[index] ?? '';
    if (priorityColumn !== undefined && rowCells.priority) {
      priority = rowCells.priority;
      themed = PRIORITY_HEADING.test(priority);
    }
    if (!rowCells.text) {
      if (rowCells.ref) {
        rows.push({ row, cells: rowCells, priority });
      } else {
        const what = filled.map(([i]) => columnLetter(i + 1)).join(', ');
        skip(
          row,
          textColumn,
          'warning',
          'no-action-text',
          `Row ${row} has no action text (only ${what} filled in), so it was not imported.`,
        );
      }
      continue;
    }
    rows.push({ row, cells: rowCells, priority });
  }
  return { rows, skipped };
}

export function fileProblem(severity: Problem['severity'], code: string, message: string): Problem {
  return { row: null, column: null, field: null, severity, code, message };
}

export function cellProblem(
  row: number,
  column: number | null,
  field: PlanField | null,
  severity: Problem['severity'],
  code: string,
  message: string,
): Problem {
  return { row, column: column === null ? null : columnLetter(column + 1), field, severity, code, message };
}

export function shorten(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
