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

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

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

/** The last date a piece of text names, read the way a UK council plan means it. */
function parseOne(raw: string): string | null {
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1');
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/))) return iso(+m[1], +m[2], +m[3]);
  if ((m = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/))) return iso(fullYear(m[3]), +m[2], +m[1]);
  if ((m = s.match(new RegExp(`^(\\d{1,2}) ${MONTH},? (\\d{4})$`))))
    return iso(+m[3], monthIndex(m[2]), +m[1]);
  if ((m = s.match(new RegExp(`^(?:end of |by |by end of |by the end of )?${MONTH},? (\\d{4})$`))))
    return lastDay(+m[2], monthIndex(m[1]));
  // A financial year: "2022/23", "2022-23", "2022/2023" ends on 31 March of its second year.
  if ((m = s.match(/^(?:fy ?|by |by end of |end of )?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/))) {
    const first = +m[1];
    const second = fullYear(m[2]);
    if (second === first + 1) return iso(second, 3, 31);
  }
  return null;
}

export function parseDueDate(text: string | null | undefined): ParsedDueDate {
  const trimmed = text?.trim() ?? '';
  if (!trimmed) return { text: null, date: null, parse: 'NONE' };
  // "(Start) April 2022 (Completion March 2023)": the completion date is the due date.
  const completion = trimmed.match(/completion[:\s]+([^)]+)\)?/i);
  const date = parseOne(completion ? completion[1] : trimmed);
  return { text: trimmed, date, parse: date ? 'PARSED' : 'UNPARSED' };
}
