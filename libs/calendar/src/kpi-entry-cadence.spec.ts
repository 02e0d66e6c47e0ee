import { isEntryPeriod, kpiEntryPeriodsEndingWithin, nextEntryPeriod } from './kpi-entry-cadence';
import { kpiPeriod, monthNumber } from './kpi-period';

describe('KPI entry cadence', () => {
  it('enters a rolling 12-month figure yearly to December or June, or each quarter', () => {
    const december = kpiPeriod('2025-12-R12');
    const june = kpiPeriod('2026-06-R12');
    expect(isEntryPeriod('YEARLY_TO_DECEMBER', december)).toBe(true);
    expect(isEntryPeriod('YEARLY_TO_DECEMBER', june)).toBe(false);
    expect(isEntryPeriod('YEARLY_TO_JUNE', june)).toBe(true);
    expect(isEntryPeriod('QUARTERLY', kpiPeriod('2026-09-R12'))).toBe(true);
    expect(isEntryPeriod('QUARTERLY', kpiPeriod('2026-08-R12'))).toBe(false);
    expect(isEntryPeriod('EVERY_PERIOD', kpiPeriod('2026-08-R12'))).toBe(true);
  });

  it('finds the next period entered: a year on for a yearly figure', () => {
    expect(nextEntryPeriod(kpiPeriod('2025-12-R12'), 'YEARLY_TO_DECEMBER').key).toBe('2026-12-R12');
    expect(nextEntryPeriod(kpiPeriod('2026-06'), 'YEARLY_TO_JUNE').key).toBe('2027-06');
    expect(nextEntryPeriod(kpiPeriod('2026-06-R12'), 'QUARTERLY').key).toBe('2026-09-R12');
    expect(nextEntryPeriod(kpiPeriod('2026-06'), 'EVERY_PERIOD').key).toBe('2026-07');
  });

  it('asks, in a run of months, only for the periods entered', () => {
    const quarter = [monthNumber(2026, 10), monthNumber(2026, 12)] as const;
    const keys = (cadence: 'YEARLY_TO_DECEMBER' | 'YEARLY_TO_JUNE' | 'EVERY_PERIOD') =>
      kpiEntryPeriodsEndingWithin({ frequency: 'ROLLING_12_MONTHS', cadence }, ...quarter).map((p) => p.key);
    expect(keys('YEARLY_TO_DECEMBER')).toEqual(['2026-12-R12']);
    expect(keys('YEARLY_TO_JUNE')).toEqual([]);
    expect(keys('EVERY_PERIOD')).toEqual(['2026-10-R12', '2026-11-R12', '2026-12-R12']);
  });
});
