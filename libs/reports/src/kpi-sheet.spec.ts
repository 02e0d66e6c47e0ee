import type { ReportKpi, ReportKpiValue } from './board-report.data';
import { readKpi } from './kpi-sheet';

// Time is fixed: the 2025-26 year is under way, so a 2024-25 figure is current and a 2023-24 one is stale.
const AS_OF = new Date('2025-11-15T12:00:00Z');

const value = (periodKey: string, v: number | null, year: number): ReportKpiValue => ({
  periodKey,
  periodStart: new Date(`${year}-04-01T00:00:00Z`),
  periodEnd: new Date(`${year + 1}-03-31T00:00:00Z`),
  value: v,
  status: 'CONFIRMED',
  revision: 1,
  note: null,
  exceptional: false,
  seriesBreak: false,
  source: null,
  enteredBy: null,
  enteredAt: new Date('2025-01-01T00:00:00Z'),
});

function kpi(overrides: Partial<ReportKpi>): ReportKpi {
  return {
    id: 'k',
    code: 'K',
    name: 'A KPI',
    unit: 'COUNT',
    direction: 'HIGHER_IS_BETTER',
    frequency: 'FINANCIAL_YEAR',
    baselineValue: null,
    baselinePeriod: null,
    rag: { kind: 'TOLERANCE', tolerance: 0.05 },
    source: null,
    dataOwner: null,
    values: [value('2023-24', 90, 2023), value('2024-25', 97, 2024)],
    targets: [{ periodKey: '2024-25', value: 100 }],
    ...overrides,
  };
}

const thresholds = {
  kind: 'THRESHOLDS' as const,
  green: { min: 28, max: 40 },
  amber: { min: 20, max: 45 },
};

describe('reading a KPI for the board', () => {
  it('rates a tolerance KPI against its target, in either direction', () => {
    expect(readKpi(kpi({}), AS_OF).rag).toBe('AMBER');
    expect(readKpi(kpi({ rag: { kind: 'TOLERANCE', tolerance: 0.01 } }), AS_OF).rag).toBe('RED');
    expect(readKpi(kpi({ targets: [{ periodKey: '2024-25', value: 95 }] }), AS_OF).rag).toBe('GREEN');
    expect(
      readKpi(kpi({ direction: 'LOWER_IS_BETTER', targets: [{ periodKey: '2024-25', value: 95 }] }), AS_OF)
        .rag,
    ).toBe('AMBER');
    expect(readKpi(kpi({ targets: [] }), AS_OF)).toMatchObject({ rag: 'NOT_RATED', target: null });
  });

  it('rates a threshold KPI by its bands, with or without a target', () => {
    const repeatRate = (v: number) =>
      readKpi(kpi({ rag: thresholds, targets: [], values: [value('2024-25', v, 2024)] }), AS_OF).rag;
    expect([repeatRate(33), repeatRate(24), repeatRate(44), repeatRate(12), repeatRate(50)]).toEqual([
      'GREEN',
      'AMBER',
      'AMBER',
      'RED',
      'RED',
    ]);
  });

  it('leaves a KPI with no rule unrated, whatever its target', () => {
    expect(readKpi(kpi({ rag: { kind: 'NONE' } }), AS_OF).rag).toBe('NOT_RATED');
  });

  it('shows a stale KPI as stale, never in its old colour', () => {
    const stale = readKpi(kpi({ values: [value('2023-24', 120, 2023)] }), AS_OF);
    expect(stale).toMatchObject({ rag: 'STALE', latest: { periodKey: '2023-24' } });
  });

  it('reads the direction of travel by what better means for the KPI', () => {
    expect(readKpi(kpi({}), AS_OF).travel).toBe('Improving');
    expect(readKpi(kpi({ direction: 'LOWER_IS_BETTER' }), AS_OF).travel).toBe('Worsening');
    expect(readKpi(kpi({ direction: 'NEUTRAL' }), AS_OF).travel).toBe('Up');
    expect(readKpi(kpi({ values: [value('2024-25', 97, 2024)] }), AS_OF).travel).toBe('Not known');
    const broken = { ...value('2024-25', 97, 2024), seriesBreak: true };
    expect(readKpi(kpi({ values: [value('2023-24', 90, 2023), broken] }), AS_OF).travel).toBe('Not known');
  });

  it('skips a period recorded as missing (never zero) and says it was not supplied', () => {
    const reading = readKpi(
      kpi({
        values: [value('2023-24', 80, 2023), value('2024-25', null, 2024)],
        targets: [{ periodKey: '2023-24', value: 70 }],
      }),
      AS_OF,
    );
    expect(reading.latest).toMatchObject({ periodKey: '2023-24', value: 80 });
    expect(reading.missingSince.map((v) => v.periodKey)).toEqual(['2024-25']);
    expect(reading.rag).toBe('STALE');
  });
});
