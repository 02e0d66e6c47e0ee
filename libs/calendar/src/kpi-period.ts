import { londonDate } from './london-time';
import { MONTHS } from './reporting-period';

/**
 * The periods KPI values are reported for. Every period is a run of whole calendar months, so a period
 * is two month numbers (year × 12 + month − 1) and comparing, containing and tiling are arithmetic:
 *
 * | frequency         | key            | months                                    |
 * | ----------------- | -------------- | ----------------------------------------- |
 * | MONTHLY           | `2026-11`      | November 2026                             |
 * | QUARTERLY         | `2026-27-Q3`   | October to December 2026 (financial year) |
 * | FINANCIAL_YEAR    | `2026-27`      | April 2026 to March 2027                  |
 * | ROLLING_12_MONTHS | `2026-11-R12`  | December 2025 to November 2026            |
 */
export type KpiFrequencyKey = 'MONTHLY' | 'QUARTERLY' | 'FINANCIAL_YEAR' | 'ROLLING_12_MONTHS';

export interface KpiPeriod {
  key: string;
  frequency: KpiFrequencyKey;
  /** Month numbers (year × 12 + month − 1), both inclusive. */
  firstMonth: number;
  lastMonth: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const yearOf = (month: number) => Math.floor(month / 12);
const monthOfYear = (month: number) => (month % 12) + 1;
/** The financial year (by its first calendar year) a month falls in: April starts it. */
const financialYearOf = (month: number) => (monthOfYear(month) >= 4 ? yearOf(month) : yearOf(month) - 1);
const fyKey = (fy: number) => `${fy}-${pad((fy + 1) % 100)}`;

/** The month number of a calendar month (month 1-12). */
export function monthNumber(year: number, month: number): number {
  return year * 12 + month - 1;
}

/** The month number of the London calendar month an instant falls in. */
export function monthNumberAt(instant: Date): number {
  const { year, month } = londonDate(instant);
  return monthNumber(year, month);
}

/** The period of a frequency that contains a month (for rolling 12 months: the one ending with it). */
export function kpiPeriodAt(frequency: KpiFrequencyKey, month: number): KpiPeriod {
  switch (frequency) {
    case 'MONTHLY':
      return {
        key: `${yearOf(month)}-${pad(monthOfYear(month))}`,
        frequency,
        firstMonth: month,
        lastMonth: month,
      };
    case 'ROLLING_12_MONTHS':
      return {
        key: `${yearOf(month)}-${pad(monthOfYear(month))}-R12`,
        frequency,
        firstMonth: month - 11,
        lastMonth: month,
      };
    case 'QUARTERLY': {
      const fy = financialYearOf(month);
      const quarter = Math.floor((month - monthNumber(fy, 4)) / 3) + 1;
      const firstMonth = monthNumber(fy, 4) + (quarter - 1) * 3;
      return { key: `${fyKey(fy)}-Q${quarter}`, frequency, firstMonth, lastMonth: firstMonth + 2 };
    }
    case 'FINANCIAL_YEAR': {
      const fy = financialYearOf(month);
      return { key: fyKey(fy), frequency, firstMonth: monthNumber(fy, 4), lastMonth: monthNumber(fy + 1, 3) };
    }
  }
}

/**
 * Reads a period key; undefined when it is not one of the four forms above (or not of the frequency
 * given). Without a frequency, "2011-12" reads as the financial year 2011/12, not December 2011: months
 * of 2000 to 2011 that look like financial years read as months only with frequency MONTHLY.
 */
export function parseKpiPeriod(key: string, frequency?: KpiFrequencyKey): KpiPeriod | undefined {
  const period = parseAnyForm(key, frequency);
  return period && (frequency === undefined || period.frequency === frequency) ? period : undefined;
}

function parseAnyForm(key: string, frequency: KpiFrequencyKey | undefined): KpiPeriod | undefined {
  let m: RegExpMatchArray | null;
  const validMonth = (month: number) => month >= 1 && month <= 12;
  if (frequency !== 'MONTHLY' && (m = key.match(/^(\d{4})-(\d{2})(?:-Q([1-4]))?$/))) {
    if (pad((+m[1] + 1) % 100) === m[2]) {
      const fyStart = monthNumber(+m[1], 4);
      return m[3] === undefined
        ? kpiPeriodAt('FINANCIAL_YEAR', fyStart)
        : kpiPeriodAt('QUARTERLY', fyStart + (+m[3] - 1) * 3);
    }
  }
  if ((m = key.match(/^(\d{4})-(\d{2})$/)) && validMonth(+m[2])) {
    return kpiPeriodAt('MONTHLY', monthNumber(+m[1], +m[2]));
  }
  if ((m = key.match(/^(\d{4})-(\d{2})-R12$/)) && validMonth(+m[2])) {
    return kpiPeriodAt('ROLLING_12_MONTHS', monthNumber(+m[1], +m[2]));
  }
  return undefined;
}

/** Like parseKpiPeriod, but throws on a key that is not a period (of the frequency given). */
export function kpiPeriod(key: string, frequency?: KpiFrequencyKey): KpiPeriod {
  const period = parseKpiPeriod(key, frequency);
  if (!period) {
    throw new Error(
      `"${key}" is not a ${frequency ? FREQUENCY_NAMES[frequency] + ' ' : ''}period ` +
        '(e.g. 2026-11, 2026-27-Q3, 2026-27, 2026-11-R12)',
    );
  }
  return period;
}

export const FREQUENCY_NAMES: Record<KpiFrequencyKey, string> = {
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
  FINANCIAL_YEAR: 'financial-year',
  ROLLING_12_MONTHS: 'rolling 12-month',
};

export function previousKpiPeriod(period: KpiPeriod): KpiPeriod {
  return kpiPeriodAt(
    period.frequency,
    period.frequency === 'ROLLING_12_MONTHS' ? period.lastMonth - 1 : period.firstMonth - 1,
  );
}

export function nextKpiPeriod(period: KpiPeriod): KpiPeriod {
  return kpiPeriodAt(period.frequency, period.lastMonth + 1);
}

/** The periods of a frequency that end within a run of months, oldest first. */
export function kpiPeriodsEndingWithin(
  frequency: KpiFrequencyKey,
  firstMonth: number,
  lastMonth: number,
): KpiPeriod[] {
  const periods: KpiPeriod[] = [];
  for (let month = firstMonth; month <= lastMonth; month += 1) {
    const period = kpiPeriodAt(frequency, month);
    if (period.lastMonth === month) periods.push(period);
  }
  return periods;
}

/** The periods of a frequency that wholly contain a period (e.g. the 12 rolling years containing a month). */
export function kpiPeriodsContaining(frequency: KpiFrequencyKey, period: KpiPeriod): KpiPeriod[] {
  if (frequency === 'ROLLING_12_MONTHS') {
    return kpiPeriodsEndingWithin(frequency, period.lastMonth, period.firstMonth + 11);
  }
  const candidate = kpiPeriodAt(frequency, period.firstMonth);
  return candidate.lastMonth >= period.lastMonth ? [candidate] : [];
}

/**
 * The periods of a (finer) frequency that exactly make up a period, oldest first, e.g. the three months
 * of a quarter or the four quarters of a financial year; undefined when they do not fit it exactly.
 */
export function kpiPeriodTiles(period: KpiPeriod, frequency: KpiFrequencyKey): KpiPeriod[] | undefined {
  const tiles: KpiPeriod[] = [];
  let month = period.firstMonth;
  while (month <= period.lastMonth) {
    const tile = kpiPeriodAt(frequency, month);
    if (tile.firstMonth !== month || tile.lastMonth > period.lastMonth) return undefined;
    tiles.push(tile);
    month = tile.lastMonth + 1;
  }
  return tiles;
}

/** The financial year a period ends in (where yearly reference figures such as population are kept). */
export function financialYearKeyOf(period: KpiPeriod): string {
  return fyKey(financialYearOf(period.lastMonth));
}

/** First and last calendar day of a period, as YYYY-MM-DD. */
export function kpiPeriodDates(period: KpiPeriod): { first: string; last: string } {
  const afterLast = new Date(
    Date.UTC(yearOf(period.lastMonth + 1), monthOfYear(period.lastMonth + 1) - 1, 1),
  );
  const last = new Date(afterLast.getTime() - 24 * 60 * 60 * 1000);
  return {
    first: `${yearOf(period.firstMonth)}-${pad(monthOfYear(period.firstMonth))}-01`,
    last: last.toISOString().slice(0, 10),
  };
}

const monthName = (month: number) => `${MONTHS[monthOfYear(month) - 1]} ${yearOf(month)}`;

/** "November 2026", "Quarter 3 2026/27", "2026/27", "12 months to November 2026". */
export function kpiPeriodLabel(period: KpiPeriod): string {
  const fy = financialYearOf(period.lastMonth);
  const fyLabel = `${fy}/${pad((fy + 1) % 100)}`;
  switch (period.frequency) {
    case 'MONTHLY':
      return monthName(period.firstMonth);
    case 'ROLLING_12_MONTHS':
      return `12 months to ${monthName(period.lastMonth)}`;
    case 'QUARTERLY':
      return `Quarter ${period.key.slice(-1)} ${fyLabel}`;
    case 'FINANCIAL_YEAR':
      return fyLabel;
  }
}
