import Holidays from 'date-holidays';
import { londonDate, londonMidnight, londonTimeOn, londonWallClock } from './london-time';

/**
 * Working days for chasing: not a weekend and not an England and Wales bank holiday (from date-holidays,
 * a maintained calendar, not a hand-typed list; substitute days included). Times are London times.
 * Used by activities only: workflow code receives the instants these functions compute, so an update of
 * the holiday data can never change a running workflow's history.
 */
const englandAndWales = new Holidays('GB', 'ENG');
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

function dayKey(d: CalendarDay): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/**
 * Each year's bank holidays, as London calendar days (`YYYY-MM-DD`), worked out once per year: asking
 * date-holidays day by day (moment-timezone underneath) took 8 s of a worker's 130 s at a 2,000-action kick-off.
 */
const bankHolidaysByYear = new Map<number, Set<string>>();

function bankHolidaysOf(year: number): Set<string> {
  let days = bankHolidaysByYear.get(year);
  if (!days) {
    days = new Set(
      englandAndWales
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    bankHolidaysByYear.set(year, days);
  }
  return days;
}

export function isBankHoliday(day: CalendarDay): boolean {
  return bankHolidaysOf(day.year).has(dayKey(day));
}

export function isWorkingDay(day: CalendarDay): boolean {
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(day);
}

function shiftDays(day: CalendarDay, n: number): CalendarDay {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day) + n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The same London time of day, `n` working days later (n < 0: earlier). From a non-working day, counting starts at the next (or previous) working day. */
export function addWorkingDays(instant: Date, n: number): Date {
  const step = n < 0 ? -1 : 1;
  let day = londonDate(instant);
  let remaining = Math.abs(n);
  while (remaining > 0 || !isWorkingDay(day)) {
    day = shiftDays(day, step);
    if (isWorkingDay(day)) remaining = Math.max(0, remaining - 1);
  }
  const offset = instant.getTime() - londonMidnight(...dayTuple(londonDate(instant))).getTime();
  return new Date(londonMidnight(...dayTuple(day)).getTime() + offset);
}

/** 17:00 London time `n` working days after `instant`: the deadline of a request sent then. */
export function workingDaysDeadline(instant: Date, n: number): Date {
  const day = londonDate(addWorkingDays(instant, n));
  return londonTimeOn(day.year, day.month, day.day, 17 * 60);
}

/** The last working day on or before a London calendar day, at London midnight at its start. */
export function lastWorkingDayOnOrBefore(day: CalendarDay): Date {
  let d = day;
  while (!isWorkingDay(d)) d = shiftDays(d, -1);
  return londonMidnight(...dayTuple(d));
}

export interface QuietHours {
  /** London time "HH:MM" when sending stops, e.g. "18:00". */
  from: string;
  /** London time "HH:MM" when sending may resume, e.g. "08:00". */
  until: string;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * The first instant at or after `instant` when a nudge may go out: a working day, outside quiet hours
 * (London wall-clock time; a window whose end is earlier than its start runs overnight, e.g. 18:00-08:00).
 * Without quiet hours, only the working-day rule applies (start of the next working day).
 */
export function nextSendingTime(instant: Date, quiet: QuietHours | null): Date {
  let candidate = instant;
  for (let guard = 0; guard < 400; guard++) {
    const day = londonDate(candidate);
    if (!isWorkingDay(day)) {
      candidate = londonMidnight(...dayTuple(shiftDays(day, 1)));
      continue;
    }
    if (!quiet) return candidate;
    const from = minutesOf(quiet.from);
    const until = minutesOf(quiet.until);
    const wall = londonWallClock(candidate);
    const minute = wall.getUTCHours() * 60 + wall.getUTCMinutes();
    const overnight = from > until;
    const isQuiet = overnight ? minute >= from || minute < until : minute >= from && minute < until;
    if (!isQuiet) return candidate;
    // The quiet window ends at `until`: today, or tomorrow when it started this evening.
    candidate = londonTimeOn(...dayTuple(overnight && minute >= from ? shiftDays(day, 1) : day), until);
  }
  throw new Error(`No sending time found within 400 days of ${instant.toISOString()}`);
}

function dayTuple(d: CalendarDay): [number, number, number] {
  return [d.year, d.month, d.day];
}
