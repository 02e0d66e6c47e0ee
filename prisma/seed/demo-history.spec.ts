// The demo's generated figures (no database): up to the last complete period, at each KPI's entry cadence.
import { kpiHistory, historyQuarters } from './demo-history';
import { SANDWELL, type SeedData } from './sandwell.data';

const TODAY = new Date('2026-12-07T10:00:00Z');

describe('demo history', () => {
  it('covers the four quarters before the current one', () => {
    const { past, current } = historyQuarters(TODAY);
    expect(past.map((p) => p.key)).toEqual(['2025-26-Q3', '2025-26-Q4', '2026-27-Q1', '2026-27-Q2']);
    expect(current.key).toBe('2026-27-Q3');
  });

  it("gives each entered KPI figures up to its last complete period, after the strategy's own", () => {
    const { values } = kpiHistory(SANDWELL, TODAY);
    const periods = (code: string) => values.filter((v) => v.code === code).map((v) => v.value.periodKey);
    expect(periods('DA-HOMELESSNESS')).toEqual(['2021-22', '2022-23', '2023-24', '2024-25', '2025-26']);
    expect(periods('MARAC-CASES').at(-1)).toBe('2026-27-Q2');
    expect(periods('MARAC-CASES')).toHaveLength(22);
    // The document's own 2020/21 figure is kept, not generated again; derived KPIs are computed, not generated.
    expect(periods('WMP-DA-INCIDENTS')[0]).toBe('2021-22');
    expect(periods('MARAC-REPEAT-RATE')).toEqual([]);
    expect(values.every((v) => v.enteredAt <= TODAY)).toBe(true);
  });

  it('asks for the periods a KPI is entered for, at its entry cadence', () => {
    const marac = SANDWELL.kpis.find((k) => k.code === 'MARAC-CASES')!;
    const data: SeedData = {
      ...SANDWELL,
      kpis: [{ ...marac, frequency: 'ROLLING_12_MONTHS', entryCadence: 'YEARLY_TO_JUNE' }],
    };
    const { values } = kpiHistory(data, TODAY);
    expect(values.map((v) => v.value.periodKey)).toEqual([
      '2021-06-R12',
      '2022-06-R12',
      '2023-06-R12',
      '2024-06-R12',
      '2025-06-R12',
      '2026-06-R12',
    ]);
  });
});
