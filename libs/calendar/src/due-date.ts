/**
 * Action plans write due dates as free text ("March 2023", "2021/22", "(Start) April 2022 (Completion
 * March 2023)", "during 2024"). The text is always kept; beside it we store the date it normalises to,
 * or flag that it could not be normalised.
 */
export type DueDateParse = 'PARSED' | 'UNPARSED' | 'NONE';

export interface ParsedDueDate {
  text: string | null;
  /** Calendar date as YYYY-MM-DD, or null when the text gave none. */
  date: string | null;
  parse: DueDateParse;
}

/** A start date and a due date read from one plan cell (or from a start cell and a due cell). */
export interface PlanDates {
  start: ParsedDueDate;
  due: ParsedDueDate;
}

/** The span of days a piece of text names: "March 2023" is 1-31 March 2023. */
interface Period {
  first: string;
  last: string;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/** Words a plan puts before the date itself: "by", "target:", "to be completed by", "deadline -". */
const LEAD_IN =
  /^(?:(?:to be )?(?:completed?|delivered|achieved) by|no later than|deadline|target(?: date)?|due(?: by)?|by|before|in|at|from|starting|commencing|start(?:ing)?(?: date)?(?! of\b))\b[:\s-]*/;
/** Dashes and words that join the two ends of a range: "April 2022 - March 2023", "Apr 22 to Mar 23". */
const RANGE = /\s+(?:-|to|until|till|through)\s+|\s*[–—]\s*/;

function iso(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function lastDay(year: number, month: number): string {
  return iso(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate()) as string;
}

function monthIndex(name: string): number {
  return MONTH_NAMES.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function fullYear(y: string): number {
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

function day(date: string | null): Period | null {
  return date ? { first: date, last: date } : null;
}

function month(year: number, m: number): Period {
  return { first: iso(year, m, 1) as string, last: lastDay(year, m) };
}

/** The financial year (1 April to 31 March) that starts in `first`, if `second` is the year after. */
function financialYear(first: number, second: number): Period | null {
  if (second !== first + 1) return null;
  return { first: iso(first, 4, 1) as string, last: iso(second, 3, 31) as string };
}

/** Quarter 1-4 of a financial year: Q1 is April to June, Q4 is January to March. */
function financialQuarter(quarter: number, year: Period | null): Period | null {
  if (!year) return null;
  const startYear = Number(year.first.slice(0, 4));
  const firstMonth = 4 + (quarter - 1) * 3;
  const y = firstMonth > 12 ? startYear + 1 : startYear;
  const m = ((firstMonth - 1) % 12) + 1;
  return { first: iso(y, m, 1) as string, last: lastDay(y, m + 2) };
}

/** A financial year written "2022/23", "2022-23", "2022/2023", "FY22/23" or "financial year 2022-23". */
function parseFinancialYear(s: string): Period | null {
  const m =
    s.match(/^(?:fy\s?|financial year\s)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/) ??
    s.match(/^fy\s?(\d{2})\s*[/-]\s*(\d{2})$/);
  return m ? financialYear(fullYear(m[1]), fullYear(m[2])) : null;
}

/** The days one date, month, quarter or financial year covers, read the way a UK council plan means it. */
function parsePeriod(raw: string): Period | null {
  let s = raw
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[–—]/g, '-')
    .replace(/[.;,]+$/, '')
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1');
  for (let previous = ''; previous !== s;) {
    previous = s;
    s = s.replace(LEAD_IN, '');
  }
  // "end of March 2023", "by the end of 2024": the last day of what follows; "start of": the first.
  const edge = s.match(/^(?:the )?(end|start|beginning) of (?:the )?(.+)$/);
  if (edge) {
    const inner = /^\d{4}$/.test(edge[2])
      ? { first: `${edge[2]}-01-01`, last: `${edge[2]}-12-31` }
      : parsePeriod(edge[2]);
    if (!inner) return null;
    return edge[1] === 'end' ? day(inner.last) : day(inner.first);
  }
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/))) return day(iso(+m[1], +m[2], +m[3]));
  if ((m = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/)))
    return day(iso(fullYear(m[3]), +m[2], +m[1]));
  if ((m = s.match(new RegExp(`^(\\d{1,2}) ${MONTH},? (\\d{2}|\\d{4})$`))))
    return day(iso(fullYear(m[3]), monthIndex(m[2]), +m[1]));
  if ((m = s.match(new RegExp(`^${MONTH} (\\d{1,2}),? (\\d{4})$`))))
    return day(iso(+m[3], monthIndex(m[1]), +m[2]));
  if ((m = s.match(new RegExp(`^${MONTH},? (\\d{4})$`)))) return month(+m[2], monthIndex(m[1]));
  // "Mar-23", "Mar 23", "March '23": how spreadsheets show a month.
  if ((m = s.match(new RegExp(`^${MONTH}[ -]'?(\\d{2})$`)))) return month(fullYear(m[2]), monthIndex(m[1]));
  // "Q3 2023/24", "Quarter 3 2023-24", "2023/24 Q3". A quarter of a bare year ("Q3 2023") is ambiguous
  // (calendar or financial?) and stays unparsed.
  if ((m = s.match(/^(?:q|quarter\s?)([1-4])\s*(?:of\s)?(.+)$/)))
    return financialQuarter(+m[1], parseFinancialYear(m[2]));
  if ((m = s.match(/^(.+?)\s*(?:q|quarter\s?)([1-4])$/)))
    return financialQuarter(+m[2], parseFinancialYear(m[1]));
  return parseFinancialYear(s);
}

/** "April 2022 - March 2023": the text of each end, when both ends read as dates. */
function splitRange(s: string): { from: string; to: string; period: Period } | null {
  const parts = s.split(RANGE);
  if (parts.length !== 2) return null;
  const [from, to] = parts.map((p) => p.trim());
  const a = parsePeriod(from);
  const b = parsePeriod(to);
  if (!a || !b || a.first > b.last) return null;
  return { from, to, period: { first: a.first, last: b.last } };
}

/** The period a whole cell names, as a single date or month or year, or as a range of them. */
function parseCell(text: string): Period | null {
  return parsePeriod(text) ?? splitRange(text)?.period ?? null;
}

function none(): ParsedDueDate {
  return { text: null, date: null, parse: 'NONE' };
}

function result(text: string, date: string | null): ParsedDueDate {
  return { text, date, parse: date ? 'PARSED' : 'UNPARSED' };
}

/** "(Start) April 2022 (Completion March 2023)": the two labelled parts. */
function labelledParts(text: string): { start: string | null; completion: string | null } {
  const start = text.match(
    /\bstart(?:s|ing)?\b\)?[:\s-]*(.+?)\s*(?:[(;,]|\b(?:completion|complete|end)\b|$)/i,
  );
  const completion = text.match(/completion[:\s]+([^)]+)\)?/i);
  return { start: start?.[1]?.trim() || null, completion: completion?.[1] ?? null };
}

/** The due date a cell names: the last day of the date, month, quarter, financial year or range it gives. */
export function parseDueDate(text: string | null | undefined): ParsedDueDate {
  const trimmed = text?.trim() ?? '';
  if (!trimmed) return none();
  // "(Start) April 2022 (Completion March 2023)": the completion date is the due date.
  const { completion } = labelledParts(trimmed);
  return result(trimmed, parseCell(completion ?? trimmed)?.last ?? null);
}

/** The start date a cell names: the first day of the date, month, quarter, financial year or range. */
export function parseStartDate(text: string | null | undefined): ParsedDueDate {
  const trimmed = text?.trim() ?? '';
  if (!trimmed) return none();
  return result(trimmed, parseCell(trimmed)?.first ?? null);
}

/**
 * Both dates a plan's date cell may hold. "(Start) April 2022 (Completion March 2023)" and "April 2022 -
 * March 2023" give a start (1 April 2022, its text "April 2022") and a due date (31 March 2023, the text
 * being the whole cell); a cell naming one date gives only the due date.
 */
export function parsePlanDates(text: string | null | undefined): PlanDates {
  const due = parseDueDate(text);
  if (!due.text) return { start: none(), due };
  const labelled = labelledParts(due.text);
  if (labelled.start && labelled.completion) return { start: parseStartDate(labelled.start), due };
  const range = parsePeriod(due.text) ? null : splitRange(due.text);
  if (range) return { start: result(range.from, range.period.first), due };
  return { start: none(), due };
}
