import { startsNewSeries } from './kpi-ledger';

describe('startsNewSeries', () => {
  const from = (date: string | null, frequency: 'FINANCIAL_YEAR' | 'QUARTERLY' | 'MONTHLY') => ({
    seriesBreakFrom: date ? new Date(`${date}T00:00:00Z`) : null,
    frequency,
  });

  it('marks only the period that holds the date the new series starts from', () => {
    const kpi = from('2029-04-01', 'FINANCIAL_YEAR');
    expect(startsNewSeries(kpi, '2028-29')).toBe(false);
    expect(startsNewSeries(kpi, '2029-30')).toBe(true);
    expect(startsNewSeries(kpi, '2030-31')).toBe(false);
  });

  it('holds for quarters and months, the date inside the period or on its last day', () => {
    expect(startsNewSeries(from('2029-06-30', 'QUARTERLY'), '2029-30-Q1')).toBe(true);
    expect(startsNewSeries(from('2029-07-01', 'QUARTERLY'), '2029-30-Q1')).toBe(false);
    expect(startsNewSeries(from('2029-04-15', 'MONTHLY'), '2029-04')).toBe(true);
  });

  it('marks nothing for a series that runs on', () => {
    expect(startsNewSeries(from(null, 'FINANCIAL_YEAR'), '2029-30')).toBe(false);
  });
});
