// Scenario: missing figures stay missing; they are never read as zero.
import {
  KpiGraph,
  KpiValueTable,
  ReferenceTable,
  checkValue,
  kpiDefinition,
  kpiStatus,
  recompute,
  recorded,
} from '..';

const value = (v: number | null, note: string | null = null) =>
  recorded(v, 'Refuge provider', { status: 'CONFIRMED', note });

describe('scenario: missing values', () => {
  const graph = new KpiGraph([
    kpiDefinition({ code: 'REFUGE-A', unit: 'COUNT', frequency: 'QUARTERLY' }),
    kpiDefinition({ code: 'REFUGE-B', unit: 'COUNT', frequency: 'QUARTERLY' }),
    kpiDefinition({ code: 'REFERRALS', unit: 'COUNT', frequency: 'QUARTERLY' }),
    kpiDefinition({
      code: 'REFUGE-TOTAL',
      unit: 'COUNT',
      frequency: 'QUARTERLY',
      formula: '{REFUGE-A} + {REFUGE-B}',
    }),
    kpiDefinition({
      code: 'REFUGE-SHARE',
      unit: 'PERCENTAGE',
      frequency: 'QUARTERLY',
      formula: '{REFUGE-TOTAL} / {REFERRALS} * 100',
    }),
  ]);

  it('leaves a total across providers missing while one provider has not given its figure', () => {
    const values = new KpiValueTable();
    values.set('REFUGE-A', '2026-27-Q1', value(12));
    values.set('REFUGE-B', '2026-27-Q1', value(null, 'Provider changed its case system'));
    const results = recompute(graph, values, new ReferenceTable(), [
      { kind: 'kpi', code: 'REFUGE-B', periodKey: '2026-27-Q1' },
    ]);
    expect(results).toEqual([]);
    expect(values.get('REFUGE-TOTAL', '2026-27-Q1')).toBeUndefined();
  });

  it('turns a computed value into a recorded gap when an input goes missing, and says why', () => {
    const values = new KpiValueTable();
    values.set('REFUGE-A', '2026-27-Q1', value(12));
    values.set('REFUGE-B', '2026-27-Q1', value(7));
    values.set('REFERRALS', '2026-27-Q1', value(38));
    recompute(graph, values, new ReferenceTable(), [
      { kind: 'kpi', code: 'REFUGE-B', periodKey: '2026-27-Q1' },
    ]);
    expect(values.get('REFUGE-TOTAL', '2026-27-Q1')?.value).toBe(19);
    expect(values.get('REFUGE-SHARE', '2026-27-Q1')?.value).toBe(50);

    values.set('REFUGE-B', '2026-27-Q1', value(null, 'Figures withdrawn for checking'));
    const results = recompute(graph, values, new ReferenceTable(), [
      { kind: 'kpi', code: 'REFUGE-B', periodKey: '2026-27-Q1' },
    ]);
    expect(results.map((r) => [r.code, r.decision, r.value.value, r.value.note])).toEqual([
      ['REFUGE-TOTAL', 'revision', null, 'No value for REFUGE-B in 2026-27-Q1'],
      ['REFUGE-SHARE', 'revision', null, 'No value for REFUGE-TOTAL in 2026-27-Q1'],
    ]);
  });

  it('treats a zero denominator as no result, not as zero or infinity', () => {
    const values = new KpiValueTable();
    values.set('REFUGE-TOTAL', '2026-27-Q2', { ...value(0), source: 'formula' });
    values.set('REFERRALS', '2026-27-Q2', value(0));
    values.set('REFUGE-SHARE', '2026-27-Q2', { ...value(10), source: 'formula' });
    const [result] = recompute(graph, values, new ReferenceTable(), [
      { kind: 'kpi', code: 'REFERRALS', periodKey: '2026-27-Q2' },
    ]);
    expect(result.value).toMatchObject({
      value: null,
      note: 'The formula has no result (a division by zero)',
    });
  });

  it('asks why a figure is not available, and skips the gap when judging the latest value', () => {
    expect(
      checkValue({ unit: 'COUNT', value: null, note: null, previous: null, jumpTolerance: 0.25 }),
    ).toEqual([{ field: 'note', message: 'Say why the figure is not available' }]);
    const status = kpiStatus({
      frequency: 'QUARTERLY',
      direction: 'LOWER_IS_BETTER',
      rag: { kind: 'TOLERANCE', tolerance: 0.1 },
      baseline: null,
      targets: new Map([['2026-27-Q1', 20]]),
      series: [
        { periodKey: '2026-27-Q1', value: 19, exceptional: false, seriesBreak: false },
        { periodKey: '2026-27-Q2', value: null, exceptional: false, seriesBreak: false },
      ],
      asOf: new Date('2026-09-15T12:00:00Z'),
    });
    expect(status).toMatchObject({
      latest: { periodKey: '2026-27-Q1', value: 19 },
      rag: 'GREEN',
      stale: false,
    });
  });
});
