import { londonDate, londonMidnight } from './london-time';

export type Cadence = 'MONTHLY' | 'QUARTERLY';

export interface ReportingPeriod {
  /** Stable key, e.g. "2026-27-Q3" (financial-year quarter) or "2026-11" (month). */
  key: string;
  /** First instant of the period (London midnight). */
  start: Date;
  /** First instant after the period (London midnight): the period closes just before it. */
  end: Date;
  /** Human label, e.g. "Quarter 3 2026/27 (October to December 2026)". */
  label: string;
}

/** Calendar month names, January first. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * The reporting period containing an instant. Quarters follow the financial year the government return
 * uses (1 April to 31 March): Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March.
 */
export function reportingPeriodAt(instant: Date, cadence: Cadence): ReportingPeriod {
  const { year, month } = londonDate(instant);
  if (cadence === 'MONTHLY') {
    const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
    return {
      key: `${year}-${String(month).padStart(2, '0')}`,
      start: londonMidnight(year, month, 1),
      end: londonMidnight(next.y, next.m, 1),
      label: `${MONTHS[month - 1]} ${year}`,
    };
  }
  const fyStart = month >= 4 ? year : year - 1;
  const quarter = Math.floor(((month + 8) % 12) / 3) + 1; // April → 1 … March → 4
  const firstMonth = ((quarter - 1) * 3 + 3) % 12; // 0-based month index: 3 (Apr), 6, 9, 0 (Jan)
  const startYear = quarter === 4 ? fyStart + 1 : fyStart;
  const endMonth = firstMonth + 3; // 0-based, may be 12
  const fy = `${fyStart}-${String((fyStart + 1) % 100).padStart(2, '0')}`;
  return {
    key: `${fy}-Q${quarter}`,
    start: londonMidnight(startYear, firstMonth + 1, 1),
    end: endMonth === 12 ? londonMidnight(startYear + 1, 1, 1) : londonMidnight(startYear, endMonth + 1, 1),
    label: `Quarter ${quarter} ${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')} (${MONTHS[firstMonth]} to ${MONTHS[firstMonth + 2]} ${startYear})`,
  };
}

/**
 * The reporting period a key names ("2026-27-Q3" for a financial-year quarter, "2026-11" for a month), or
 * null when the key names none (e.g. "2026-28-Q3", "2026-13").
 */
export function reportingPeriodByKey(key: string): ReportingPeriod | null {
  let m: RegExpMatchArray | null;
  let period: ReportingPeriod | null = null;
  if ((m = key.match(/^(\d{4})-\d{2}-Q([1-4])$/))) {
    const quarter = Number(m[2]);
    const year = Number(m[1]) + (quarter === 4 ? 1 : 0);
    period = reportingPeriodAt(londonMidnight(year, [4, 7, 10, 1][quarter - 1], 15), 'QUARTERLY');
  } else if ((m = key.match(/^(\d{4})-(\d{2})$/)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    period = reportingPeriodAt(londonMidnight(Number(m[1]), Number(m[2]), 15), 'MONTHLY');
  }
  // The round trip rejects keys whose parts disagree, such as a second year that does not follow the first.
  return period?.key === key ? period : null;
}
