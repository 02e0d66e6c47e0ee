import { KpiPeriod, kpiPeriodAt, kpiPeriodsEndingWithin } from './kpi-period';

/**
 * How often a KPI's figure is entered, as its publisher gives it: every period of its frequency, or (for
 * monthly and rolling 12-month figures) once a year for the 12 months to December (police, calendar years)
 * or to June (MARAC data), or each quarter's last month.
 */
export type KpiEntryCadenceKey = 'EVERY_PERIOD' | 'YEARLY_TO_DECEMBER' | 'YEARLY_TO_JUNE' | 'QUARTERLY';

export const KPI_ENTRY_CADENCES = [
  'EVERY_PERIOD',
  'YEARLY_TO_DECEMBER',
  'YEARLY_TO_JUNE',
  'QUARTERLY',
] as const;

export const KPI_ENTRY_CADENCE_LABELS: Record<KpiEntryCadenceKey, string> = {
  EVERY_PERIOD: 'every period',
  YEARLY_TO_DECEMBER: 'yearly, to December',
  YEARLY_TO_JUNE: 'yearly, to June',
  QUARTERLY: 'quarterly',
};

/** Months (1-12) a period must end in to be entered, by cadence; null: any. */
const ENDING_MONTHS: Record<KpiEntryCadenceKey, readonly number[] | null> = {
  EVERY_PERIOD: null,
  YEARLY_TO_DECEMBER: [12],
  YEARLY_TO_JUNE: [6],
  QUARTERLY: [3, 6, 9, 12],
};

/** True when a figure is entered for this period. */
export function isEntryPeriod(cadence: KpiEntryCadenceKey, period: KpiPeriod): boolean {
  const months = ENDING_MONTHS[cadence];
  return months === null || months.includes((period.lastMonth % 12) + 1);
}

/** The periods ending within a run of months that a figure is entered for, oldest first. */
export function kpiEntryPeriodsEndingWithin(
  period: { frequency: KpiPeriod['frequency']; cadence: KpiEntryCadenceKey },
  firstMonth: number,
  lastMonth: number,
): KpiPeriod[] {
  return kpiPeriodsEndingWithin(period.frequency, firstMonth, lastMonth).filter((p) =>
    isEntryPeriod(period.cadence, p),
  );
}

/** The next period after this one that a figure is entered for. */
export function nextEntryPeriod(period: KpiPeriod, cadence: KpiEntryCadenceKey): KpiPeriod {
  let next = kpiPeriodAt(period.frequency, period.lastMonth + 1);
  for (let step = 0; step < 12 && !isEntryPeriod(cadence, next); step += 1)
    next = kpiPeriodAt(period.frequency, next.lastMonth + 1);
  return next;
}

/** Whether a cadence other than every period may be given to a KPI of this frequency. */
export function cadenceFits(frequency: KpiPeriod['frequency'], cadence: KpiEntryCadenceKey): boolean {
  return cadence === 'EVERY_PERIOD' || frequency === 'MONTHLY' || frequency === 'ROLLING_12_MONTHS';
}
