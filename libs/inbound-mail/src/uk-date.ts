const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  const index = MONTHS.findIndex((m) => m.startsWith(w) || (w === 'sept' && m === 'september'));
  return index < 0 ? null : index + 1;
}

function valid(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as British people write it: "31/3/2027", "31-03-27", "31 March 2027", "31st Mar 2027",
 * "March 2027" (the last day of the month) or "2027-03-31". Returns the ISO date, or null.
 */
export function parseUkDate(text: string): string | null {
  const t = text.trim().replace(/,/g, ' ').replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(t);
  if (m) return valid(fullYear(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+\.?) (\d{4})$/i.exec(t);
  if (m) {
    const month = monthNumber(m[2]);
    return month ? valid(Number(m[3]), month, Number(m[1])) : null;
  }
  m = /^(?:end of )?([a-z]+\.?) (\d{4})$/i.exec(t);
  if (m) {
    const month = monthNumber(m[1]);
    return month ? valid(Number(m[2]), month, new Date(Date.UTC(Number(m[2]), month, 0)).getUTCDate()) : null;
  }
  return null;
}

function fullYear(y: string): number {
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}
