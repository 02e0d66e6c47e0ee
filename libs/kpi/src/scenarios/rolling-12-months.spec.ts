// Scenario: rolling 12-month totals and rates over monthly counts.
import {
  KpiGraph,
  KpiValueTable,
  ReferenceTable,
  kpiDefinition,
  recompute,
  recomputeAll,
  recorded,
} from '..';

const month = (value: number) => recorded(value, 'Housing Solutions', { status: 'CONFIRMED' });

describe('scenario: rolling 12 months', () => {
  const graph = new KpiGraph([
    kpiDefinition({ code: 'PRESENTATIONS', unit: 'COUNT', frequency: 'MONTHLY' }),
    kpiDefinition({ code: 'ACCEPTED', unit: 'COUNT', frequency: 'MONTHLY' }),
    kpiDefinition({
      code: 'PRESENTATIONS-R12',
      unit: 'COUNT',
      frequency: 'ROLLING_12_MONTHS',
      formula: '{PRESENTATIONS}',
    }),
    kpiDefinition({
      code: 'ACCEPTED-RATE-R12',
      unit: 'PERCENTAGE',
      frequency: 'ROLLING_12_MONTHS',
      formula: '{ACCEPTED} / {PRESENTATIONS} * 100',
    }),
  ]);
  // April 2025 to March 2027: 24 months, 10 presentations and 4 accepted each, 20 in January 2027.
  const months = Array.from({ length: 24 }, (_, i) => {
    const m = 3 + i;
    return `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
  const load = () => {
    const values = new KpiValueTable();
    for (const key of months) {
      values.set('PRESENTATIONS', key, month(key === '2027-01' ? 20 : 10));
      values.set('ACCEPTED', key, month(4));
    }
    return values;
  };

  it('adds up twelve months, and divides the sums (not the monthly rates)', () => {
    const values = load();
    recomputeAll(graph, values, new ReferenceTable());
    expect(values.periodKeysOf('PRESENTATIONS-R12')).toHaveLength(13); // March 2026 to March 2027
    expect(values.get('PRESENTATIONS-R12', '2026-03-R12')?.value).toBe(120);
    expect(values.get('PRESENTATIONS-R12', '2027-03-R12')?.value).toBe(130);
    expect(values.get('ACCEPTED-RATE-R12', '2027-03-R12')?.value).toBe(36.9231); // 48 / 130
    expect(values.get('PRESENTATIONS-R12', '2026-02-R12')).toBeUndefined(); // needs March 2025
  });

  it('recomputes the twelve rolling years that contain a revised month, and nothing else', () => {
    const values = load();
    recomputeAll(graph, values, new ReferenceTable());
    values.set('PRESENTATIONS', '2026-06', month(22));
    const results = recompute(graph, values, new ReferenceTable(), [
      { kind: 'kpi', code: 'PRESENTATIONS', periodKey: '2026-06' },
    ]);
    const keys = (code: string) => results.filter((r) => r.code === code).map((r) => r.periodKey);
    // June 2026 is in the rolling years ending June 2026 to May 2027; only those up to March 2027 exist.
    expect(keys('PRESENTATIONS-R12')).toEqual([
      '2026-06-R12',
      '2026-07-R12',
      '2026-08-R12',
      '2026-09-R12',
      '2026-10-R12',
      '2026-11-R12',
      '2026-12-R12',
      '2027-01-R12',
      '2027-02-R12',
      '2027-03-R12',
    ]);
    expect(keys('ACCEPTED-RATE-R12')).toEqual(keys('PRESENTATIONS-R12'));
    expect(values.get('PRESENTATIONS-R12', '2027-03-R12')?.value).toBe(142);
    expect(values.get('PRESENTATIONS-R12', '2026-05-R12')?.value).toBe(120);
  });
});
