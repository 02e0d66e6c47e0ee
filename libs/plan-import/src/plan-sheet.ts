import {
  columnLetter,
  columnNumber,
  FIELD_LABELS,
  normaliseHeader,
  PLAN_FIELDS,
  PlanField,
  recogniseHeader,
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
}

/** A sheet read as an action plan: its columns, its action rows, and what it skipped and why. */
export interface PlanSheet {
  kind: PlanFile['kind'];
  sheet: string;
  headerRow: number;
  columns: PlanColumn[];
  /** The column letter of each field the sheet has. */
  fieldColumns: Partial<Record<PlanField, string>>;
  rows: PlanRow[];
  skipped: SkippedRow[];
  problems: Problem[];
}

/** How far down a sheet its headers are looked for (title rows, logos and notes come first). */
const HEADER_SEARCH_ROWS = 30;
const NOTE = /^(?:notes?|nb|n\.b\.|key|source|please|\*|last updated|updated|version|draft)\b/i;

interface HeaderCandidate {
  rowIndex: number;
  /** field → 0-based column */
  fields: Map<PlanField, number>;
  columns: PlanColumn[];
  problems: Problem[];
}

/** Finds the plan in a file: the sheet and header row, then each row as an action, a heading or a note. */
export function readPlanSheet(file: PlanFile, mapping: PlanMapping = {}): PlanSheet {
  const grids = mapping.sheet ? [findSheet(file, mapping.sheet)] : file.sheets;
  let chosen: { grid: SheetGrid; header: HeaderCandidate } | undefined;
  for (const grid of grids) {
    const header = findHeaderRow(grid, mapping);
    if (header && (!chosen || header.fields.size > chosen.header.fields.size)) chosen = { grid, header };
  }
  if (!chosen) throw noHeader(file, mapping);
  const { grid, header } = chosen;
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
    columns: header.columns,
    fieldColumns,
    rows,
    skipped,
    problems,
  };
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

function findHeaderRow(grid: SheetGrid, mapping: PlanMapping): HeaderCandidate | undefined {
  const candidates = mapping.headerRow
    ? [mapping.headerRow - 1]
    : Array.from({ length: Math.min(HEADER_SEARCH_ROWS, grid.rows.length) }, (_, i) => i);
  let best: HeaderCandidate | undefined;
  for (const rowIndex of candidates) {
    const candidate = readHeader(grid.rows[rowIndex] ?? [], rowIndex, mapping);
    if (!candidate.fields.has('text')) continue;
    if (!best || candidate.fields.size > best.fields.size) best = candidate;
  }
  return best;
}

/** The fields a row's cells name as headers, with the explicit mapping taking precedence. */
function readHeader(cells: string[], rowIndex: number, mapping: PlanMapping): HeaderCandidate {
  const fields = new Map<PlanField, number>();
  const problems: Problem[] = [];
  const explicit = new Map<number, PlanField>();
  for (const field of PLAN_FIELDS) {
    const wanted = mapping.columns?.[field];
    if (!wanted) continue;
    const byHeader = cells.findIndex((c) => c && normaliseHeader(c) === normaliseHeader(wanted));
    const byLetter = columnNumber(wanted);
    const index = byHeader >= 0 ? byHeader : byLetter !== null && byLetter <= MAX_COLUMNS ? byLetter - 1 : -1;
    if (index >= 0 && !explicit.has(index)) {
      explicit.set(index, field);
      fields.set(field, index);
    }
  }
  const width = Math.max(cells.length, ...[...explicit.keys()].map((i) => i + 1));
  const columns: PlanColumn[] = [];
  for (let index = 0; index < width; index++) {
    const header = cells[index] ?? '';
    let field = explicit.get(index) ?? null;
    if (!explicit.has(index) && header) {
      const recognised = recogniseHeader(header);
      if (recognised && !fields.has(recognised)) {
        field = recognised;
        fields.set(recognised, index);
      } else if (recognised) {
        problems.push(
          cellProblem(
            rowIndex + 1,
            index,
            null,
            'warning',
            'duplicate-column',
            `Column ${columnLetter(index + 1)} ("${header}") was not read: column ${columnLetter(fields.get(recognised)! + 1)} already gives the ${FIELD_LABELS[recognised].toLowerCase()}.`,
          ),
        );
      }
    }
    if (header || field) columns.push({ column: columnLetter(index + 1), header, field });
    if (header && !field && !problems.some((p) => p.column === columnLetter(index + 1))) {
      problems.push(
        cellProblem(
          rowIndex + 1,
          index,
          null,
          'info',
          'column-not-imported',
          `Column ${columnLetter(index + 1)} ("${header}") is not part of the action plan Waymark imports.`,
        ),
      );
    }
  }
  return { rowIndex, fields, columns, problems };
}

function readRows(grid: SheetGrid, header: HeaderCandidate): { rows: PlanRow[]; skipped: SkippedRow[] } {
  const rows: PlanRow[] = [];
  const skipped: SkippedRow[] = [];
  const textColumn = header.fields.get('text')!;
  const priorityColumn = header.fields.get('priority');
  const headerKey = (grid.rows[header.rowIndex] ?? []).map(normaliseHeader).join('|');
  let priority: string | null = null;
  const skip = (
    row: number,
    column: number | null,
    severity: Problem['severity'],
    code: string,
    message: string,
  ) => skipped.push({ row, problem: cellProblem(row, column, null, severity, code, message) });

  for (let rowIndex = header.rowIndex + 1; rowIndex < grid.rows.length; rowIndex++) {
    const cells = grid.rows[rowIndex] ?? [];
    const row = rowIndex + 1;
    const filled = cells.map((c, i) => [i, c] as const).filter(([, c]) => c);
    if (filled.length === 0) continue;
    if (cells.map(normaliseHeader).join('|') === headerKey) {
      skip(row, null, 'info', 'repeated-headers', `Row ${row} repeats the headers.`);
      continue;
    }
    if (filled.length === 1) {
      const [column, value] = filled[0];
      if (NOTE.test(value)) {
        skip(row, column, 'info', 'note', `Row ${row} is a note, not an action: "${shorten(value)}".`);
        continue;
      }
      if (
        column === priorityColumn ||
        PRIORITY_HEADING.test(value) ||
        (column !== textColumn && column === 0)
      ) {
        priority = value;
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
    if (priorityColumn !== undefined && rowCells.priority) priority = rowCells.priority;
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

function noHeader(file: PlanFile, mapping: PlanMapping): PlanFileError {
  const where = mapping.headerRow ? `row ${mapping.headerRow}` : `the first ${HEADER_SEARCH_ROWS} rows`;
  const sheets =
    file.sheets.length > 1 ? ` of any sheet (${file.sheets.map((s) => `"${s.name}"`).join(', ')})` : '';
  return new PlanFileError(
    'no-headers',
    `No header row was found in ${where}${sheets}: Waymark needs at least a column for the action (headed e.g. "Action" or "What we will do"), and reads "Ref", "Priority"/"Theme", "Lead Partner/s"/"Responsible", "Date for completion"/"By when", "Measure". Give a mapping to name the columns another way.`,
  );
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
