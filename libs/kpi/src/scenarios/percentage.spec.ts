// Scenario: a percentage derived from two counts (MARAC repeat rate = repeat cases / all cases × 100).
import { KpiGraph, KpiValueTable, ReferenceTable, kpiDefinition, recompute, recorded } from '..';

const confirmed = (value: number) => recorded(value, 'Sandwell MARAC', { status: 'CONFIRMED' });

describe('scenario: MARAC repeat rate as a percentage of two counts', () => {
  const graph = new KpiGraph([
    kpiDefinition({ code: 'MARAC-CASES', unit: 'COUNT', frequency: 'QUARTERLY' }),
    kpiDefinition({ code: 'MARAC-REPEAT-CASES', unit: 'COUNT', frequency: 'QUARTERLY' }),
    kpiDefinition({
      code: 'MARAC-REPEAT-RATE',
      unit: 'PERCENTAGE',
      frequency: 'QUARTERLY',
      formula: '{MARAC-REPEAT-CASES} / {MARAC-CASES} * 100',
    }),
  ]);

  it('computes the rate to four decimal places once both counts are in', () => {
    const values = new KpiValueTable();
    values.set('MARAC-CASES', '2026-27-Q1', confirmed(243));
    expect(
      recompute(graph, values, new ReferenceTable(), [
        { kind: 'kpi', code: 'MARAC-CASES', periodKey: '2026-27-Q1' },
      ]),
    ).toEqual([]);

    values.set('MARAC-REPEAT-CASES', '2026-27-Q1', { ...confirmed(92), status: 'PROVISIONAL' });
    const [result] = recompute(graph, values, new ReferenceTable(), [
      { kind: 'kpi', code: 'MARAC-REPEAT-CASES', periodKey: '2026-27-Q1' },
    ]);
    expect(result).toMatchObject({
      code: 'MARAC-REPEAT-RATE',
      periodKey: '2026-27-Q1',
      decision: 'new',
      value: { value: 37.8601, source: 'formula', status: 'PROVISIONAL' },
    });
    expect(values.get('MARAC-REPEAT-RATE', '2026-27-Q1')?.value).toBe(37.8601);
  });

  it('is confirmed only when every input is confirmed, and exceptional when any input is', () => {
    const values = new KpiValueTable();
    values.set('MARAC-CASES', '2020-21-Q4', { ...confirmed(223), exceptional: true });
    values.set('MARAC-REPEAT-CASES', '2020-21-Q4', confirmed(112));
    const [result] = recompute(graph, values, new ReferenceTable(), [
      { kind: 'kpi', code: 'MARAC-CASES', periodKey: '2020-21-Q4' },
    ]);
    expect(result.value).toMatchObject({ value: 50.2242, status: 'CONFIRMED', exceptional: true });
  });
});
