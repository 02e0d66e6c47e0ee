// The statutory review clock of a Part 4 strategy, as pure date arithmetic on calendar days (YYYY-MM-DD).
//
// SI 2021/990 reg 4(1): "A relevant local authority must review its section 57 strategy within the period of
// three years beginning with the date of its first publication, and within each subsequent three-year period
// thereafter." The windows run from the FIRST publication, never from the last review: window k begins on the
// k*3rd anniversary of first publication and ends the day before the next one. A strategy first published on
// 29 February has no anniversary in a common year; 28 February stands in for it (the earlier reading, so the
// clock never warns late). How the courts would read that day is not settled: see docs/statutory.md.

export type ReviewStatus =
  /** A review was recorded within the current window. */
  | 'reviewed'
  /** Not yet reviewed in this window, and more than twelve months left. */
  | 'open'
  | 'due-within-12-months'
  | 'due-within-6-months'
  | 'due-within-3-months'
  /** The previous window closed with no review recorded, and none since. */
  | 'overdue';

export interface ReviewWindow {
  /** 0 for the first three years after first publication. */
  number: number;
  start: string;
  /** The last day a review counts for this window. */
  end: string;
}

export interface ReviewClock {
  firstPublishedOn: string;
  window: ReviewWindow;
  status: ReviewStatus;
  /** The review recorded within the current window, if any (the latest). */
  reviewedOn: string | null;
  /** Earlier windows that closed with no review recorded. */
  missed: ReviewWindow[];
  /** When the next warning falls due (12, 6 and 3 months before the window closes), if any is left. */
  nextWarningOn: string | null;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const m = ISO_DAY.exec(day);
  if (!m) throw new Error(`Not a calendar day (YYYY-MM-DD): ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The same day `months` later (or earlier); a day the month lacks becomes its last day (29 Feb → 28 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = parts(day);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

function previousDay(day: string): string {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Window `number` of a strategy first published on `firstPublishedOn`. */
export function reviewWindow(firstPublishedOn: string, number: number): ReviewWindow {
  return {
    number,
    start: addMonths(firstPublishedOn, 36 * number),
    end: previousDay(addMonths(firstPublishedOn, 36 * (number + 1))),
  };
}

/**
 * Where the strategy stands on `today`: the window it is in, whether a review was recorded within it, the
 * windows missed, and the next warning. Reviews before first publication, or after today, do not count.
 */
export function reviewClock(
  firstPublishedOn: string,
  reviews: readonly string[],
  today: string,
): ReviewClock | null {
  parts(today);
  if (today < firstPublishedOn) return null;
  let number = Math.floor(monthsBetween(firstPublishedOn, today) / 36) + 1;
  while (reviewWindow(firstPublishedOn, number).start > today) number -= 1;
  const window = reviewWindow(firstPublishedOn, number);
  const counted = reviews.filter((r) => r >= firstPublishedOn && r <= today).sort();
  const within = (w: ReviewWindow) => counted.filter((r) => r >= w.start && r <= w.end);
  const missed = Array.from({ length: number }, (_, k) => reviewWindow(firstPublishedOn, k)).filter(
    (w) => within(w).length === 0,
  );
  const reviewedOn = within(window).at(-1) ?? null;
  const warnings = [12, 6, 3].map((months) => ({ months, on: addMonths(window.end, -months) }));
  const status: ReviewStatus = reviewedOn
    ? 'reviewed'
    : missed.some((w) => w.number === number - 1)
      ? 'overdue'
      : (() => {
          const reached = warnings.filter((w) => w.on <= today).at(-1);
          return reached ? (`due-within-${reached.months}-months` as ReviewStatus) : 'open';
        })();
  const nextWarningOn = reviewedOn ? null : (warnings.find((w) => w.on > today)?.on ?? null);
  return { firstPublishedOn, window, status, reviewedOn, missed, nextWarningOn };
}

function monthsBetween(from: string, to: string): number {
  const [y1, m1] = parts(from);
  const [y2, m2] = parts(to);
  return (y2 - y1) * 12 + (m2 - m1);
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A calendar day as people write it: "31 December 2027". */
function longDate(day: string): string {
  return LONG_DATE.format(new Date(`${day}T00:00:00Z`));
}

/** Where the review stands, in one sentence for the board ("Strategy review due by 31 December 2027 …"). */
export function describeReviewClock(clock: ReviewClock): string {
  const window = `${longDate(clock.window.start)} to ${longDate(clock.window.end)}`;
  switch (clock.status) {
    case 'reviewed':
      return `Strategy review: reviewed on ${longDate(clock.reviewedOn!)}, within the period ${window}.`;
    case 'overdue': {
      const missed = clock.missed.at(-1)!;
      return (
        `Strategy review: OVERDUE. No review is recorded for ${longDate(missed.start)} to ` +
        `${longDate(missed.end)}; the current period ends on ${longDate(clock.window.end)}.`
      );
    }
    case 'open':
      return `Strategy review: due by ${longDate(clock.window.end)} (the period ${window}).`;
    default:
      return (
        `Strategy review: due by ${longDate(clock.window.end)}, within ${clock.status.split('-')[2]} months ` +
        `(the period ${window}).`
      );
  }
}
