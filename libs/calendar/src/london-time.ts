/** Partnerships run on Europe/London time: periods start and end at London midnight, GMT or BST. */
export const LONDON = 'Europe/London';

const offsetFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const HOUR = 3_600_000;
/** Offsets by UTC hour, kept for the last few thousand hours asked about (a report asks thousands of times). */
const offsetsByHour = new Map<number, number>();

/**
 * London's offset from UTC, in minutes, at the given instant (0 in winter, 60 in summer). The clocks change at
 * 01:00 UTC, on the hour, so the offset is the same throughout a UTC hour and is worked out once per hour.
 */
function londonOffsetMinutes(instant: Date): number {
  const hour = Math.floor(instant.getTime() / HOUR);
  let offset = offsetsByHour.get(hour);
  if (offset === undefined) {
    if (offsetsByHour.size >= 10_000) offsetsByHour.clear();
    offset = offsetAt(new Date(hour * HOUR));
    offsetsByHour.set(hour, offset);
  }
  return offset;
}

function offsetAt(instant: Date): number {
  const parts = Object.fromEntries(offsetFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    +parts.year,
    +parts.month - 1,
    +parts.day,
    +parts.hour,
    +parts.minute,
    +parts.second,
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The instant of London midnight at the start of the given calendar day (month is 1-12). */
export function londonMidnight(year: number, month: number, day: number): Date {
  const guess = new Date(Date.UTC(year, month - 1, day));
  return new Date(guess.getTime() - londonOffsetMinutes(guess) * 60000);
}

/** The instant London's clocks read `minutes` past midnight (0-1439) on the given calendar day. */
export function londonTimeOn(year: number, month: number, day: number, minutes: number): Date {
  const guess = new Date(Date.UTC(year, month - 1, day) + minutes * 60000);
  return new Date(guess.getTime() - londonOffsetMinutes(guess) * 60000);
}

/** London's wall-clock time at an instant, as a Date whose UTC fields read it (e.g. for a spreadsheet cell). */
export function londonWallClock(instant: Date): Date {
  return new Date(instant.getTime() + londonOffsetMinutes(instant) * 60000);
}

/** The London calendar date of an instant, as { year, month (1-12), day }. */
export function londonDate(instant: Date): { year: number; month: number; day: number } {
  const shifted = londonWallClock(instant);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** "2026-11-23": the London calendar date of an instant. */
export function londonIsoDate(instant: Date): string {
  const { year, month, day } = londonDate(instant);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
