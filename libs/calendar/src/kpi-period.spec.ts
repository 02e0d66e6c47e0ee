import {
  financialYearKeyOf,
  kpiPeriod,
  kpiPeriodAt,
  kpiPeriodDates,
  kpiPeriodLabel,
  kpiPeriodTiles,
  kpiPeriodsContaining,
  kpiPeriodsEndingWithin,
  monthNumber,
  monthNumberAt,
  nextKpiPeriod,
  parseKpiPeriod,
  previousKpiPeriod,
} from './kpi-period';

const keys = (periods: { key: string }[] | undefined) => periods?.map((p) => p.key);

describe('KPI periods', () => {
  it.each([
    ['2026-11', 'MONTHLY', '2026-11-01', '2026-11-30', 'November 2026'],
    ['2026-27-Q3', 'QUARTERLY', '2026-10-01', '2026-12-31', 'Quarter 3 2026/27'],
    ['2026-27-Q4', 'QUARTERLY', '2027-01-01', '2027-03-31', 'Quarter 4 2026/27'],
    ['2026-27', 'FINANCIAL_YEAR', '2026-04-01', '2027-03-31', '2026/27'],
    ['2027-02-R12', 'ROLLING_12_MONTHS', '2026-03-01', '2027-02-28', '12 months to February 2027'],
    ['1999-00', 'FINANCIAL_YEAR', '1999-04-01', '2000-03-31', '1999/00'],
  ])('reads %s as a %s period from %s to %s', (key, frequency, first, last, label) => {
    const period = kpiPeriod(key);
    expect(period).toMatchObject({ key, frequency });
    expect(kpiPeriodDates(period)).toEqual({ first, last });
    expect(kpiPeriodLabel(period)).toBe(label);
  });

  it.each(['2026', '2026-13', '2026-28', '2026-27-Q5', '2026-00-R12', 'Q3', ''])('refuses %j', (key) => {
    expect(parseKpiPeriod(key)).toBeUndefined();
    expect(() => kpiPeriod(key)).toThrow(/not a period/);
  });

  it('reads a key the way the frequency says when the forms collide', () => {
    expect(parseKpiPeriod('2011-12')?.frequency).toBe('FINANCIAL_YEAR');
    expect(parseKpiPeriod('2011-12', 'MONTHLY')?.frequency).toBe('MONTHLY');
    expect(parseKpiPeriod('2026-27', 'MONTHLY')).toBeUndefined();
    expect(() => kpiPeriod('2026-11', 'QUARTERLY')).toThrow(/not a quarterly period/);
  });

  it('steps back and forward, across financial years', () => {
    expect(previousKpiPeriod(kpiPeriod('2026-27-Q1')).key).toBe('2025-26-Q4');
    expect(nextKpiPeriod(kpiPeriod('2026-27-Q4')).key).toBe('2027-28-Q1');
    expect(previousKpiPeriod(kpiPeriod('2026-01')).key).toBe('2025-12');
    expect(previousKpiPeriod(kpiPeriod('2026-27')).key).toBe('2025-26');
    expect(previousKpiPeriod(kpiPeriod('2026-03-R12')).key).toBe('2026-02-R12');
    expect(nextKpiPeriod(kpiPeriod('2026-12-R12')).key).toBe('2027-01-R12');
  });

  it('finds the periods that contain a period, and those that tile one', () => {
    const november = kpiPeriod('2026-11');
    expect(keys(kpiPeriodsContaining('QUARTERLY', november))).toEqual(['2026-27-Q3']);
    expect(keys(kpiPeriodsContaining('FINANCIAL_YEAR', november))).toEqual(['2026-27']);
    const rolling = kpiPeriodsContaining('ROLLING_12_MONTHS', november);
    expect(rolling).toHaveLength(12);
    expect([rolling[0].key, rolling[11].key]).toEqual(['2026-11-R12', '2027-10-R12']);
    expect(keys(kpiPeriodsContaining('MONTHLY', kpiPeriod('2026-27-Q3')))).toEqual([]);

    expect(keys(kpiPeriodTiles(kpiPeriod('2026-27-Q3'), 'MONTHLY'))).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(keys(kpiPeriodTiles(kpiPeriod('2026-27'), 'QUARTERLY'))).toEqual([
      '2026-27-Q1',
      '2026-27-Q2',
      '2026-27-Q3',
      '2026-27-Q4',
    ]);
    expect(kpiPeriodTiles(kpiPeriod('2026-12-R12'), 'QUARTERLY')).toHaveLength(4);
    expect(kpiPeriodTiles(kpiPeriod('2026-11-R12'), 'QUARTERLY')).toBeUndefined();
    expect(kpiPeriodTiles(kpiPeriod('2026-27-Q3'), 'FINANCIAL_YEAR')).toBeUndefined();
  });

  it('lists the periods ending within a run of months, and the financial year a period ends in', () => {
    const q3 = kpiPeriod('2026-27-Q3');
    expect(keys(kpiPeriodsEndingWithin('MONTHLY', q3.firstMonth, q3.lastMonth))).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(keys(kpiPeriodsEndingWithin('FINANCIAL_YEAR', q3.firstMonth, q3.lastMonth))).toEqual([]);
    expect(financialYearKeyOf(kpiPeriod('2027-02-R12'))).toBe('2026-27');
    expect(financialYearKeyOf(kpiPeriod('2027-04'))).toBe('2027-28');
  });

  it('uses the London month of an instant', () => {
    expect(monthNumberAt(new Date('2026-10-31T23:30:00Z'))).toBe(monthNumber(2026, 10)); // GMT since 25 Oct
    expect(monthNumberAt(new Date('2026-07-31T23:30:00Z'))).toBe(monthNumber(2026, 8)); // BST
    expect(kpiPeriodAt('QUARTERLY', monthNumber(2027, 3)).key).toBe('2026-27-Q4');
  });
});
