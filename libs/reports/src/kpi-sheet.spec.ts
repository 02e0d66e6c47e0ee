import type { ReportKpi, ReportKpiValue } from './board-report.data';
import { readKpi } from './kpi-sheet';

const value = (periodKey: string, v: number | null, year: number): ReportKpiValue => ({
  periodKey,
  periodStart: new Date(`${year}-04-01T00:00:00Z`),
  periodEnd: new Date(`${year + 1}-03-31T00:00:00Z`),
  value: v,
  status: 'CONFIRMED',
  revision: 1,
  note: null,
  exceptional: false,
  source: null,
  enteredBy: null,
  enteredAt: new Date('2026-01-01T00:00:00Z'),
});

function kpi(overrides: Partial<ReportKpi>): ReportKpi {
  return {
    id: 'k',
    code: 'K',
    name: 'A KPI',
    unit: 'COUNT',
    direction: 'HIGHER_IS_BETTER',
    baselineValue: null,
    baselinePeriod: null,
    ragTolerance: null,
    source: null,
    dataOwner: null,
    values: [value('2023-24', 90, 2023), value('2024-25', 97, 2024)],
    targets: [{ periodKey: '2024-25', value: 100 }],
    ...overrides,
  };
}

describe('reading a KPI for the board', () => {
  it('rates the latest value against its target, with a 5% amber band by default', () => {
    expect(readKpi(kpi({})).rag).toBe('AMBER');
    expect(readKpi(kpi({ ragTolerance: 0.01 })).rag).toBe('RED');
    expect(readKpi(kpi({ targets: [{ periodKey: '2024-25', value: 95 }] })).rag).toBe('GREEN');
    expect(
      readKpi(kpi({ direction: 'LOWER_IS_BETTER', targets: [{ periodKey: '2024-25', value: 95 }] })).rag,
    ).toBe('AMBER');
    expect(readKpi(kpi({ direction: 'NEUTRAL' })).rag).toBe('NOT_RATED');
    expect(readKpi(kpi({ targets: [] }))).toMatchObject({ rag: 'NOT_RATED', target: null });
  });

  it('reads the direction of travel by what better means for the KPI', () => {
    expect(readKpi(kpi({})).travel).toBe('Improving');
    expect(readKpi(kpi({ direction: 'LOWER_IS_BETTER' })).travel).toBe('Worsening');
    expect(readKpi(kpi({ direction: 'NEUTRAL' })).travel).toBe('Up');
    expect(readKpi(kpi({ values: [value('2024-25', 97, 2024)] })).travel).toBe('Not known');
  });

  it('keeps a missing latest value missing (never zero), and compares with the last value supplied', () => {
    const reading = readKpi(
      kpi({
        values: [value('2022-23', 80, 2022), value('2023-24', null, 2023), value('2024-25', null, 2024)],
      }),
    );
    expect(reading.latest?.periodKey).toBe('2024-25');
    expect(reading.latest?.value).toBeNull();
    expect(reading.previous?.value).toBe(80);
    expect(reading).toMatchObject({ rag: 'NOT_RATED', travel: 'Not known' });
  });

  it('tolerates a unit or direction it does not know: plain numbers, unrated', () => {
    const reading = readKpi(
      kpi({ unit: 'SOMETHING_NEW' as ReportKpi['unit'], direction: 'SIDEWAYS' as ReportKpi['direction'] }),
    );
    expect(reading).toMatchObject({ rag: 'NOT_RATED', travel: 'Up' });
  });
});
