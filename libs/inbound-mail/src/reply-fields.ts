import {
  KpiFormFigure,
  LeadUpdate,
  LeadStatus,
  kpiFormFigureSchema,
  leadUpdateSchema,
} from '@waymark/contracts';
import { parseUkDate } from './uk-date';

/**
 * Reading the `Field: value` lines of an email reply (the format shown in the request email):
 *
 *   Action P1.2                    ← starts an action's lines (needed only when several are asked)
 *   Status: on track               ← not started | on track | at risk | off track | blocked | complete
 *   Progress: 60%                  ← or "Percent", "Percent complete"; "RAG: green" stands for a status
 *   New date: 31/3/2027            ← or "Proposed date"; "31 March 2027", "March 2027" work too
 *   Reason: the provider started late
 *   Blockers: none
 *   Anything else is commentary.
 *
 * Field names and values are read whatever their case and spacing. The lines then go through the same
 * validation as the form (leadUpdateSchema), so an email can record nothing the form would refuse.
 */

/** The `Field: value` lines read (commentary left out: it is recorded in the update, not kept here). */
export interface ReadLines {
  [field: string]: string;
}

export type LeadReading =
  | { ok: true; updates: Array<{ ref: string; update: LeadUpdate; lines: ReadLines }> }
  | { ok: false; problems: string[]; lines: Record<string, ReadLines> };

const FIELD_NAMES: Record<string, keyof Fields> = {
  status: 'status',
  rag: 'rag',
  'rag status': 'rag',
  progress: 'progress',
  percent: 'progress',
  'percent complete': 'progress',
  '% complete': 'progress',
  percentage: 'progress',
  'percentage complete': 'progress',
  'new date': 'newDate',
  'new due date': 'newDate',
  'proposed date': 'newDate',
  'proposed due date': 'newDate',
  'revised date': 'newDate',
  reason: 'reason',
  'reason for new date': 'reason',
  'reason for change': 'reason',
  blockers: 'blockers',
  blocker: 'blockers',
  blocking: 'blockers',
  barriers: 'blockers',
  commentary: 'commentary',
  comment: 'commentary',
  comments: 'commentary',
  update: 'commentary',
};

interface Fields {
  status: string;
  rag: string;
  progress: string;
  newDate: string;
  reason: string;
  blockers: string;
  commentary: string;
}

const STATUS_WORDS: Record<string, LeadStatus> = {
  notstarted: 'NOT_STARTED',
  ontrack: 'ON_TRACK',
  green: 'ON_TRACK',
  atrisk: 'AT_RISK',
  amber: 'AT_RISK',
  offtrack: 'OFF_TRACK',
  red: 'OFF_TRACK',
  blocked: 'BLOCKED',
  complete: 'COMPLETE',
  completed: 'COMPLETE',
  done: 'COMPLETE',
};

const STATUS_HELP = 'not started, on track, at risk, off track, blocked or complete';

/**
 * Lines longer than this are never read as fields or figures (a lead's long line is still commentary):
 * with the patterns below written without nested or adjacent quantifiers, this bounds every reader's work
 * on a hostile line.
 */
export const MAX_FIELD_LINE = 1000;

/** The lines of a reply that may be field lines, each trimmed; longer ones are left out. */
export function shortLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.length <= MAX_FIELD_LINE)
    .map((line) => line.trim());
}

/** A trimmed line: an optional bullet, the field's name (at most 31 characters), `:` or `=`, the value. */
const FIELD_LINE = /^(?:[*•-] ?)?\*?([A-Za-z%][A-Za-z %/]{0,30}?)\*? *[:=](.*)$/;

/** Normalises a field or value word for comparison: lower case, single spaces. */
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Splits the reply into its actions' lines and reads each one. */
export function readLeadReply(text: string, refs: string[]): LeadReading {
  const sections = splitByAction(text, refs);
  const problems: string[] = [];
  if (sections.preamble && refs.length > 1 && readFields(sections.preamble).found) {
    problems.push(`Start each action's lines with its reference, for example "Action ${refs[0]}".`);
  }
  const only = refs.length === 1 ? refs[0] : null;
  if (only && sections.byRef.size === 0 && sections.preamble) sections.byRef.set(only, sections.preamble);
  if (sections.byRef.size === 0 && problems.length === 0) {
    problems.push(
      refs.length === 1
        ? 'We could not find your answer above the quoted text.'
        : `We could not find any action's lines: start each with its reference, for example "Action ${refs[0]}".`,
    );
  }
  const updates: Array<{ ref: string; update: LeadUpdate; lines: ReadLines }> = [];
  const lines: Record<string, ReadLines> = {};
  for (const [ref, body] of sections.byRef) {
    const read = readFields(body);
    // The lines kept with the message (InboundMessage.fields): fields only, never free text.
    const { commentary: _commentary, ...shown } = read.fields;
    lines[ref] = shown;
    const prefix = refs.length > 1 ? `${ref}: ` : '';
    const result = toLeadUpdate(read.fields, read.rest);
    if (result.ok) updates.push({ ref, update: result.update, lines: shown });
    else problems.push(...result.problems.map((p) => prefix + p));
  }
  return problems.length ? { ok: false, problems, lines } : { ok: true, updates };
}

function splitByAction(text: string, refs: string[]) {
  const byRef = new Map<string, string>();
  const heading = refs.length
    ? new RegExp(
        `^\\*?(?:action\\s+)?(${[...refs]
          .sort((a, b) => b.length - a.length)
          .map(escape)
          .join('|')})\\*?(?=$|[\\s:.)–-])[\\s:.)–-]*`,
        'i',
      )
    : null;
  let current: string | null = null;
  const preamble: string[] = [];
  const body = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = line.length <= MAX_FIELD_LINE ? heading?.exec(line.trim()) : null;
    if (m) {
      current = refs.find((r) => r.toLowerCase() === m[1].toLowerCase())!;
      body.set(current, body.get(current) ?? []);
      continue;
    }
    (current ? body.get(current)! : preamble).push(line);
  }
  for (const [ref, ls] of body) byRef.set(ref, ls.join('\n').trim());
  return { preamble: preamble.join('\n').trim(), byRef };
}

function readFields(body: string): { fields: ReadLines; rest: string; found: boolean } {
  const fields: ReadLines = {};
  const rest: string[] = [];
  for (const line of body.split('\n')) {
    const m = line.length <= MAX_FIELD_LINE ? FIELD_LINE.exec(line.trim()) : null;
    const field = m ? FIELD_NAMES[norm(m[1])] : undefined;
    if (m && field) {
      fields[field] = fields[field] ? `${fields[field]}\n${m[2].trim()}` : m[2].trim();
    } else rest.push(line);
  }
  return { fields, rest: rest.join('\n').trim(), found: Object.keys(fields).length > 0 };
}

function toLeadUpdate(
  fields: Partial<Fields>,
  rest: string,
): { ok: true; update: LeadUpdate } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const statusText = fields.status ?? fields.rag;
  let status = '';
  if (statusText === undefined) problems.push(`Add a "Status:" line: ${STATUS_HELP}.`);
  else {
    status = STATUS_WORDS[statusText.toLowerCase().replace(/[^a-z]/g, '')] ?? '';
    if (!status) problems.push(`Status "${statusText}" is not one we know: write ${STATUS_HELP}.`);
  }
  const progress = fields.progress
    ?.trim()
    .replace(/(?:%|per ?cent)(?:\s+complete)?$/i, '')
    .trim();
  let date = { day: '', month: '', year: '' };
  if (fields.newDate && !/^(none|n\/?a|no change|-)$/i.test(fields.newDate.trim())) {
    const iso = parseUkDate(fields.newDate);
    if (!iso)
      problems.push(`New date "${fields.newDate}" is not a date we can read: write it like 31/3/2027.`);
    else {
      const [y, m, d] = iso.split('-');
      date = { day: String(Number(d)), month: String(Number(m)), year: y };
    }
  }
  const blockers =
    fields.blockers && !/^(none|n\/?a|no|nil|-)\.?$/i.test(fields.blockers.trim()) ? fields.blockers : '';
  const commentary = [fields.commentary, rest].filter(Boolean).join('\n\n');
  const parsed = leadUpdateSchema.safeParse({
    status,
    percentComplete: progress ?? '',
    commentary,
    blockers,
    proposedDueDateDay: date.day,
    proposedDueDateMonth: date.month,
    proposedDueDateYear: date.year,
    proposedDueDateReason: fields.reason ?? '',
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field === 'status') continue; // said above, in email terms
      problems.push(EMAIL_WORDING[field]?.(issue.message) ?? `${issue.message}.`);
    }
  }
  return problems.length || !parsed.success ? { ok: false, problems } : { ok: true, update: parsed.data };
}

/** The form's messages, reworded where the email's fields differ from the form's. */
const EMAIL_WORDING: Record<string, (message: string) => string> = {
  commentary: (m) =>
    /enter/i.test(m)
      ? 'Add a sentence or two on progress (any line that is not a field is commentary).'
      : `${m}.`,
  percentComplete: () => 'Progress must be a whole number from 0 to 100, for example "Progress: 60%".',
  proposedDueDateReason: () => 'Add a "Reason:" line saying why the date needs to change.',
  proposedDueDate: (m) =>
    /enter the new date/i.test(m) ? 'Add a "New date:" line, or remove the reason.' : `${m}.`,
};

export interface AskedFigure {
  code: string;
  name: string;
  periodLabel: string;
}

export type KpiReading =
  | { ok: true; figures: KpiFormFigure[]; lines: ReadLines }
  | { ok: false; problems: string[]; lines: ReadLines };

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/** A trimmed line `<code or name>: <value>`, after an optional bullet. */
const KPI_LINE = /^(?:[*•-] *)?([^:]{2,120}):(.+)$/;
const NUMBER_THEN = /^(-?[\d,]+(?:\.\d+)?)(.*)$/;
const NOT_AVAILABLE_THEN = /^(?:not available|n\/a|unavailable|not known)\b(.*)$/i;

/** A figure, then optionally `%`, then optionally a note after `-`, `;`, `:`, `(` or `,`; null otherwise. */
function readFigure(value: string): { value: string; note: string } | null {
  const m = NUMBER_THEN.exec(value);
  if (!m) return null;
  const rest = m[2].trim().replace(/^%/, '').trim();
  if (rest === '') return { value: m[1], note: '' };
  return /^[-–—;:(,]/.test(rest) ? { value: m[1], note: noteOf(rest.slice(1)) } : null;
}

/** "not available", "n/a" …, then optionally why; null otherwise. */
function readNotAvailable(value: string): { note: string } | null {
  const m = NOT_AVAILABLE_THEN.exec(value);
  return m ? { note: noteOf(m[1].replace(/^[\s\-–—:;,(]+/, '')) } : null;
}

/** A note without its closing bracket. */
function noteOf(text: string): string {
  const note = text.trim();
  return (note.endsWith(')') ? note.slice(0, -1) : note).trim();
}

/**
 * Reads a data owner's figures: one line each, "<code or name>: <figure> [- note]" or
 * "<code>: not available - <why>". Every figure asked must be given; a KPI asked for several periods
 * takes its lines in period order.
 */
export function readKpiReply(text: string, asked: AskedFigure[]): KpiReading {
  const given = new Map<number, { value: string; notAvailable: boolean; note: string }>();
  const lines: ReadLines = {};
  const problems: string[] = [];
  for (const line of shortLines(text)) {
    const m = KPI_LINE.exec(line);
    if (!m) continue;
    const key = squash(m[1]);
    const index = asked.findIndex(
      (a, i) => !given.has(i) && (squash(a.code) === key || squash(a.name) === key),
    );
    if (index < 0) {
      if (readFigure(m[2].trim()) && !asked.some((a) => squash(a.code) === key || squash(a.name) === key))
        problems.push(`We did not ask for "${m[1].trim()}": use the codes listed in the request email.`);
      continue;
    }
    const value = m[2].trim();
    lines[`${asked[index].code} (${asked[index].periodLabel})`] = value;
    const na = readNotAvailable(value);
    const fig = readFigure(value);
    if (na) given.set(index, { value: '', notAvailable: true, note: na.note });
    else if (fig) given.set(index, { value: fig.value, notAvailable: false, note: fig.note });
    else {
      given.set(index, { value: '', notAvailable: false, note: '' });
      problems.push(
        `${asked[index].code}: "${value}" is not a figure: write a number, or "not available" and why.`,
      );
    }
  }
  const figures: KpiFormFigure[] = [];
  asked.forEach((a, i) => {
    const typed = given.get(i);
    if (!typed) {
      problems.push(
        `No figure for ${a.code} (${a.name}, ${a.periodLabel}): add a line "${a.code}: <figure>".`,
      );
      return;
    }
    const parsed = kpiFormFigureSchema.safeParse(typed);
    if (parsed.success) figures.push(parsed.data);
    else if (typed.value || typed.notAvailable)
      problems.push(...parsed.error.issues.map((issue) => `${a.code}: ${issue.message}.`));
  });
  return problems.length ? { ok: false, problems, lines } : { ok: true, figures, lines };
}
