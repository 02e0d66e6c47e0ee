// A review plan's spreadsheet, read and compared with the plan as it stands: pure, so that what an import
// would do is known (and every problem named by sheet, row and column) before anything is written. Each row is
// checked with the same zod contract as the admin API's create route, so a sheet can say nothing the API
// would refuse.
import { z } from 'zod';
import {
  createApprovalGateSchema,
  createEngagementActivitySchema,
  createReviewStageSchema,
  GateKind,
} from '@waymark/contracts';
import { columnLetter, normaliseHeader, SheetGrid } from '@waymark/plan-import';

export const PLAN_SHEETS = ['Stages', 'Engagement', 'Gates'] as const;
export type PlanSheetName = (typeof PLAN_SHEETS)[number];

export interface SheetColumn {
  /** The API field the column gives (`contact` and `approver` name a contact by email or name). */
  field: string;
  header: string;
  /** Other headings councils use for it, compared case- and punctuation-blind. */
  aliases: readonly string[];
  width: number;
  kind: 'text' | 'wrap' | 'date';
  /** Written by the export for reading; never imported. */
  exportOnly?: boolean;
}

/** The columns of each sheet, in the export's order; the first is the row's stable reference. */
export const SHEET_COLUMNS: Readonly<Record<PlanSheetName, readonly SheetColumn[]>> = {
  Stages: [
    { field: 'key', header: 'Key', aliases: ['ref', 'stage key', 'code'], width: 16, kind: 'text' },
    { field: 'name', header: 'Stage', aliases: ['name', 'stage name'], width: 36, kind: 'wrap' },
    {
      field: 'startsOn',
      header: 'Start',
      aliases: ['start date', 'starts', 'from'],
      width: 12,
      kind: 'date',
    },
    { field: 'endsOn', header: 'End', aliases: ['end date', 'ends', 'to', 'until'], width: 12, kind: 'date' },
  ],
  Engagement: [
    { field: 'ref', header: 'Ref', aliases: ['reference', 'id', 'no'], width: 8, kind: 'text' },
    {
      field: 'group',
      header: 'Group or body',
      aliases: ['group', 'body', 'stakeholder', 'stakeholders', 'who'],
      width: 28,
      kind: 'wrap',
    },
    {
      field: 'contact',
      header: 'Contact (email)',
      aliases: ['contact', 'contact email', 'email', 'lead contact'],
      width: 28,
      kind: 'text',
    },
    { field: 'members', header: 'Members', aliases: ['membership'], width: 28, kind: 'wrap' },
    { field: 'aim', header: 'Aim', aliases: ['purpose', 'objective', 'why'], width: 36, kind: 'wrap' },
    {
      field: 'questions',
      header: 'Questions',
      aliases: ['questions asked', 'key questions'],
      width: 50,
      kind: 'wrap',
    },
    { field: 'opensOn', header: 'Opens', aliases: ['open', 'opens on', 'start'], width: 12, kind: 'date' },
    {
      field: 'closesOn',
      header: 'Closes',
      aliases: ['close', 'closes on', 'end', 'deadline'],
      width: 12,
      kind: 'date',
    },
    { field: 'stageKey', header: 'Stage', aliases: ['stage key'], width: 16, kind: 'text' },
  ],
  Gates: [
    { field: 'ref', header: 'Ref', aliases: ['reference', 'id', 'no'], width: 8, kind: 'text' },
    {
      field: 'body',
      header: 'Body or person',
      aliases: ['body', 'decision maker', 'who'],
      width: 28,
      kind: 'wrap',
    },
    {
      field: 'approver',
      header: 'Approver (email)',
      aliases: ['approver', 'approver email', 'contact'],
      width: 28,
      kind: 'text',
    },
    {
      field: 'approves',
      header: 'Approves',
      aliases: ['what is approved', 'decision', 'subject'],
      width: 36,
      kind: 'wrap',
    },
    { field: 'kind', header: 'Kind', aliases: ['type', 'gate type'], width: 16, kind: 'text' },
    { field: 'stageKey', header: 'Stage', aliases: ['stage key', 'closes stage'], width: 16, kind: 'text' },
    {
      field: 'preconditions',
      header: 'Preconditions',
      aliases: ['conditions', 'prerequisites'],
      width: 40,
      kind: 'wrap',
    },
    {
      field: 'met',
      header: 'Preconditions met',
      aliases: [],
      width: 36,
      kind: 'wrap',
      exportOnly: true,
    },
  ],
};

export interface PlanProblem {
  sheet: PlanSheetName | null;
  /** The spreadsheet row, as Excel numbers it; null for the sheet as a whole. */
  row: number | null;
  /** The column letter; null when the problem is not about one cell. */
  column: string | null;
  field: string | null;
  message: string;
}

export type StageData = z.output<typeof createReviewStageSchema>;
export type ActivityData = z.output<typeof createEngagementActivitySchema>;
export type GateData = z.output<typeof createApprovalGateSchema>;

interface Existing {
  id: string;
  archived: boolean;
}

/** The plan as it stands, in the API's terms, with the partnership's live contacts. */
export interface PlanState {
  stages: (StageData & Existing)[];
  activities: (ActivityData & Existing)[];
  gates: (GateData & Existing)[];
  contacts: { id: string; name: string; email: string }[];
}

export interface RowChange<T> {
  row: number;
  ref: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** The fields the row changes ("order" when its place among the rows moves). */
  changes: string[];
  /** The record's id; null for one to create. */
  id: string | null;
  data: T;
}

export interface SheetChanges<T> {
  /** Whether the file gave this sheet. */
  given: boolean;
  rows: RowChange<T>[];
  /** Every live record's ref in its new order; null when the order does not change. */
  order: string[] | null;
}

export interface PlanChanges {
  stages: SheetChanges<StageData>;
  activities: SheetChanges<ActivityData>;
  gates: SheetChanges<GateData>;
  problems: PlanProblem[];
}

/** How far down a sheet its headers are looked for. */
const HEADER_SEARCH_ROWS = 30;

interface ReadRow {
  row: number;
  /** Cells of the recognised columns (absent when the sheet lacks the column). */
  cells: Record<string, string>;
}

interface ReadSheet {
  columns: Map<string, number>;
  rows: ReadRow[];
}

function matches(column: SheetColumn, header: string): boolean {
  const normalised = normaliseHeader(header);
  return !!normalised && [column.header, ...column.aliases].some((h) => normaliseHeader(h) === normalised);
}

/** Finds the header row (the first of the top rows naming the reference column) and reads the rows below. */
function readSheet(sheet: PlanSheetName, grid: SheetGrid, problems: PlanProblem[]): ReadSheet | null {
  const defs = SHEET_COLUMNS[sheet];
  const headerIndex = grid.rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((cells) => cells.some((c) => matches(defs[0], c)));
  if (headerIndex < 0) {
    problems.push({
      sheet,
      row: null,
      column: null,
      field: defs[0].field,
      message: `No header row naming a "${defs[0].header}" column in the first ${HEADER_SEARCH_ROWS} rows of sheet "${sheet}".`,
    });
    return null;
  }
  const columns = new Map<string, number>();
  grid.rows[headerIndex].forEach((header, index) => {
    // Exact headings first, so that "Stage" on the Engagement sheet is never taken for another column.
    const def =
      defs.find((d) => normaliseHeader(d.header) === normaliseHeader(header)) ??
      defs.find((d) => matches(d, header));
    if (def && !def.exportOnly && !columns.has(def.field)) columns.set(def.field, index);
  });
  const rows: ReadRow[] = [];
  for (let i = headerIndex + 1; i < grid.rows.length; i += 1) {
    const cells = grid.rows[i] ?? [];
    if (!cells.some(Boolean)) continue;
    rows.push({
      row: i + 1,
      cells: Object.fromEntries([...columns].map(([field, index]) => [field, cells[index] ?? ''])),
    });
  }
  return { columns, rows };
}

/** YYYY-MM-DD or DD/MM/YYYY (a date cell is read as YYYY-MM-DD); '' is no date. */
export function parseDay(text: string): string | null | undefined {
  if (!text) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const uk = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [iso[1], iso[2], iso[3]]
    : uk
      ? [uk[3], uk[2].padStart(2, '0'), uk[1].padStart(2, '0')]
      : [];
  if (!y) return undefined;
  const day = `${y}-${m}-${d}`;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day) ? day : undefined;
}

/** One item a line; bullets and numbering ("1.", "-", "•") are not part of the item. */
export function splitLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-•*]|\d{1,2}[.)])\s+/, '').trim())
    .filter(Boolean);
}

export function parseGateKind(text: string): GateKind | undefined {
  const normalised = normaliseHeader(text);
  if (!normalised || normalised === 'approval' || normalised === 'approve') return 'approval';
  if (['formal comment', 'comment', 'formal comment only'].includes(normalised)) return 'formal-comment';
  return undefined;
}

/** The cells of one sheet as a record's fields; a cell that cannot be read is a problem, not a value. */
type Convert = (cells: Record<string, string>, fail: (field: string, message: string) => void) => object;

function contactFinder(contacts: PlanState['contacts']) {
  return (text: string, field: string, fail: (field: string, message: string) => void) => {
    if (!text) return null;
    const email = /<([^>]+)>/.exec(text)?.[1] ?? text;
    const byEmail = contacts.find((c) => c.email.toLowerCase() === email.trim().toLowerCase());
    const byName = contacts.filter((c) => c.name.toLowerCase() === text.toLowerCase());
    const found = byEmail ?? (byName.length === 1 ? byName[0] : undefined);
    if (!found)
      fail(
        field,
        byName.length > 1
          ? `"${text}" names ${byName.length} contacts: give the email`
          : `No contact of the partnership has the email or name "${text}"`,
      );
    return found?.id ?? null;
  };
}

function dateCells(cells: Record<string, string>, fields: string[], fail: (f: string, m: string) => void) {
  const out: Record<string, string | null> = {};
  for (const field of fields) {
    if (!(field in cells)) continue;
    const day = parseDay(cells[field]);
    if (day === undefined) fail(field, `"${cells[field]}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
    out[field] = day ?? null;
  }
  return out;
}

const text = (cells: Record<string, string>, field: string) =>
  field in cells ? { [field]: cells[field] } : {};
const optional = (cells: Record<string, string>, field: string) =>
  field in cells ? { [field]: cells[field] || null } : {};

/**
 * Reads the sheets given and works out, against the plan as it stands, what each row creates or changes. Rows
 * are matched by their reference (a stage's key, an activity's or gate's ref); the rows' order is the plan's
 * order. A sheet not given is left as it is; a record whose row is missing is left as it is.
 */
export function planChanges(
  sheets: Partial<Record<PlanSheetName, SheetGrid>>,
  state: PlanState,
): PlanChanges {
  const problems: PlanProblem[] = [];
  const findContact = contactFinder(state.contacts);

  const stages = compareSheet<StageData>('Stages', sheets.Stages, state.stages, 'key', problems, {
    convert: (cells, fail) => ({
      ...text(cells, 'key'),
      ...text(cells, 'name'),
      ...dateCells(cells, ['startsOn', 'endsOn'], fail),
    }),
    schema: createReviewStageSchema,
  });
  const stageKeys = new Set([
    ...state.stages.filter((s) => !s.archived).map((s) => s.key),
    ...stages.rows.map((r) => r.ref),
  ]);
  const checkStage = (cells: Record<string, string>, fail: (field: string, message: string) => void) => {
    const stageKey = cells.stageKey;
    if (stageKey && !stageKeys.has(stageKey))
      fail('stageKey', `No stage "${stageKey}": give a key from the Stages sheet`);
  };
  const activities = compareSheet<ActivityData>(
    'Engagement',
    sheets.Engagement,
    state.activities,
    'ref',
    problems,
    {
      convert: (cells, fail) => {
        checkStage(cells, fail);
        return {
          ...text(cells, 'ref'),
          ...text(cells, 'group'),
          ...('contact' in cells ? { contactId: findContact(cells.contact, 'contactId', fail) } : {}),
          ...optional(cells, 'members'),
          ...text(cells, 'aim'),
          ...('questions' in cells ? { questions: splitLines(cells.questions) } : {}),
          ...dateCells(cells, ['opensOn', 'closesOn'], fail),
          ...optional(cells, 'stageKey'),
        };
      },
      schema: createEngagementActivitySchema,
      columnOf: { contactId: 'contact' },
    },
  );
  const gates = compareSheet<GateData>('Gates', sheets.Gates, state.gates, 'ref', problems, {
    convert: (cells, fail) => {
      const kind = 'kind' in cells ? parseGateKind(cells.kind) : undefined;
      if ('kind' in cells && !kind)
        fail('kind', `"${cells.kind}" is not a kind: "approval" or "formal comment"`);
      checkStage(cells, fail);
      return {
        ...text(cells, 'ref'),
        ...text(cells, 'body'),
        ...('approver' in cells
          ? { approverContactId: findContact(cells.approver, 'approverContactId', fail) }
          : {}),
        ...text(cells, 'approves'),
        ...(kind ? { kind } : {}),
        ...optional(cells, 'stageKey'),
        ...('preconditions' in cells ? { preconditions: splitLines(cells.preconditions) } : {}),
      };
    },
    schema: createApprovalGateSchema,
    columnOf: { approverContactId: 'approver' },
  });
  return { stages, activities, gates, problems };
}

function compareSheet<T extends object>(
  sheet: PlanSheetName,
  grid: SheetGrid | undefined,
  existing: (T & Existing)[],
  refField: 'key' | 'ref',
  problems: PlanProblem[],
  how: { convert: Convert; schema: z.ZodType<T>; columnOf?: Record<string, string> },
): SheetChanges<T> {
  const none: SheetChanges<T> = { given: !!grid, rows: [], order: null };
  if (!grid) return none;
  const read = readSheet(sheet, grid, problems);
  if (!read) return none;
  const refOf = (record: T) => (record as Record<string, unknown>)[refField] as string;
  const byRef = new Map(existing.map((e) => [refOf(e), e]));
  const seen = new Set<string>();
  const rows: RowChange<T>[] = [];
  for (const { row, cells } of read.rows) {
    const problem = (field: string, message: string) => {
      const index = read.columns.get(how.columnOf?.[field] ?? field);
      problems.push({
        sheet,
        row,
        column: index === undefined ? null : columnLetter(index + 1),
        field,
        message,
      });
    };
    const ref = cells[refField];
    if (!ref) {
      problem(refField, `Give the row a ${SHEET_COLUMNS[sheet][0].header.toLowerCase()}`);
      continue;
    }
    if (seen.has(ref)) {
      problem(refField, `"${ref}" is on an earlier row too: each ${refField} once`);
      continue;
    }
    seen.add(ref);
    const before = byRef.get(ref);
    if (before?.archived) {
      problem(refField, `"${ref}" is archived: give the row another ${refField}`);
      continue;
    }
    let failed = false;
    const given = how.convert(cells, (field, message) => {
      failed = true;
      problem(field, message);
    });
    if (failed) continue;
    const { id: _id, archived: _archived, ...current } = before ?? ({} as T & Existing);
    const parsed = how.schema.safeParse({ ...current, ...given });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? refField);
        const column = how.columnOf?.[field] ?? field;
        problem(
          field,
          column in cells && !cells[column] ? `${headerOf(sheet, column)} is required` : issue.message,
        );
      }
      continue;
    }
    const changes = before
      ? Object.keys(parsed.data).filter(
          (f) =>
            JSON.stringify((parsed.data as Record<string, unknown>)[f]) !==
            JSON.stringify((current as Record<string, unknown>)[f]),
        )
      : [];
    rows.push({
      row,
      ref,
      outcome: !before ? 'created' : changes.length ? 'updated' : 'unchanged',
      changes,
      id: before?.id ?? null,
      data: parsed.data,
    });
  }
  const order = newOrder(
    existing.filter((e) => !e.archived).map(refOf),
    rows.map((r) => r.ref),
  );
  if (order) {
    const live = existing.filter((e) => !e.archived).map(refOf);
    for (const r of rows) {
      if (r.outcome !== 'created' && live.indexOf(r.ref) !== order.indexOf(r.ref)) {
        r.changes.push('order');
        r.outcome = 'updated';
      }
    }
  }
  return { given: true, rows, order };
}

function headerOf(sheet: PlanSheetName, field: string): string {
  return SHEET_COLUMNS[sheet].find((c) => c.field === field)?.header ?? field;
}

/**
 * The records' new order: the sheet's rows in their order, then the records the sheet leaves out in theirs.
 * Null when every record keeps its place and any new ones come after them.
 */
export function newOrder(current: readonly string[], sheet: readonly string[]): string[] | null {
  const listed = new Set(sheet);
  const order = [...sheet, ...current.filter((ref) => !listed.has(ref))];
  return current.every((ref, i) => order[i] === ref) ? null : order;
}
