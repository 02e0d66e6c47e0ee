// Scenario: incidents per 1,000 population, with the population figure of each year.
import {
  KpiGraph,
  KpiValueTable,
  ReferenceTable,
  kpiDefinition,
  recompute,
  recomputeAll,
  recorded,
} from '..';

const police = (value: number) => recorded(value, 'West Midlands Police', { status: 'CONFIRMED' });

describe('scenario: incidents per 1,000 population with a changing population', () => {
  const graph = new KpiGraph([
    kpiDefinition({ code: 'INCIDENTS', unit: 'COUNT', frequency: 'FINANCIAL_YEAR' }),
    kpiDefinition({ code: 'INCIDENTS-Q', unit: 'COUNT', frequency: 'QUARTERLY' }),
    kpiDefinition({
      code: 'INCIDENTS-PER-1000',
      unit: 'RATE_PER_1000',
      frequency: 'FINANCIAL_YEAR',
      formula: '{INCIDENTS} / {ref:POPULATION} * 1000',
    }),
    kpiDefinition({
      code: 'INCIDENTS-Q-PER-1000',
      unit: 'RATE_PER_1000',
      frequency: 'QUARTERLY',
      formula: '{INCIDENTS-Q} / {ref:POPULATION} * 1000',
    }),
  ]);

  it("divides each year's count by that year's population", () => {
    const values = new KpiValueTable();
    values.set('INCIDENTS', '2019-20', police(5688));
    values.set('INCIDENTS', '2020-21', police(7522));
    values.set('INCIDENTS', '2021-22', police(8000));
    const references = new ReferenceTable();
    references.set('POPULATION', '2019-20', 308_063);
    references.set('POPULATION', '2020-21', 308_063);
    references.set('POPULATION', '2021-22', 341_900);

    const results = recomputeAll(graph, values, references);
    expect(results.map((r) => [r.periodKey, r.value.value])).toEqual([
      ['2019-20', 18.4638],
      ['2020-21', 24.4171],
      ['2021-22', 23.3987],
    ]);
  });

  it("uses the financial year's figure for a quarter, and recomputes when a population is revised", () => {
    const values = new KpiValueTable();
    values.set('INCIDENTS-Q', '2021-22-Q2', police(2100));
    values.set('INCIDENTS-Q', '2022-23-Q1', police(2100));
    const references = new ReferenceTable();
    references.set('POPULATION', '2021-22', 341_900);
    expect(recomputeAll(graph, values, references).map((r) => [r.periodKey, r.value.value])).toEqual([
      ['2021-22-Q2', 6.1421],
    ]);

    references.set('POPULATION', '2022-23', 344_000);
    const results = recompute(graph, values, references, [
      { kind: 'reference', code: 'POPULATION', periodKey: '2022-23' },
    ]);
    expect(results.map((r) => [r.code, r.periodKey, r.value.value])).toEqual([
      ['INCIDENTS-Q-PER-1000', '2022-23-Q1', 6.1047],
    ]);
  });
});
