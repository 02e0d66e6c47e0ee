// Scenario: a formula that would make KPIs depend on themselves is refused when it is saved.
import { KpiGraph, kpiDefinition } from '..';

const count = (code: string, formula?: string) =>
  kpiDefinition({ code, unit: 'COUNT', frequency: 'QUARTERLY', formula });

describe('scenario: cycles and inputs that cannot be combined', () => {
  it('refuses a KPI that uses itself', () => {
    expect(() => new KpiGraph([count('A', '{A} + 1')])).toThrow('The formulas go round in a circle: A → A');
  });

  it('names the circle when it runs through several KPIs', () => {
    expect(
      () => new KpiGraph([count('IN'), count('A', '{B} + {IN}'), count('B', '{C}'), count('C', '{A} * 2')]),
    ).toThrow(/circle: (A → B → C → A|B → C → A → B|C → A → B → C)$/);
  });

  it('orders a diamond so that every KPI comes after its inputs', () => {
    const graph = new KpiGraph([
      count('TOP', '{LEFT} + {RIGHT}'),
      count('LEFT', '{BASE}'),
      count('RIGHT', '{BASE} * 2'),
      count('BASE'),
    ]);
    const at = (code: string) => graph.positionOf(code);
    expect(at('BASE')).toBeLessThan(at('LEFT'));
    expect(at('RIGHT')).toBeLessThan(at('TOP'));
    expect(graph.dependentsOf('BASE')).toEqual(['LEFT', 'RIGHT']);
  });

  it('refuses unknown inputs and periods that cannot be combined', () => {
    expect(() => new KpiGraph([count('A', '{NOPE}')])).toThrow(
      'A uses {NOPE}, which is not a KPI of this partnership',
    );
    expect(
      () =>
        new KpiGraph([
          kpiDefinition({ code: 'RATE', unit: 'PERCENTAGE', frequency: 'MONTHLY' }),
          kpiDefinition({ code: 'YEAR', unit: 'PERCENTAGE', frequency: 'FINANCIAL_YEAR', formula: '{RATE}' }),
        ]),
    ).toThrow(/only counts and money add up across periods/);
    expect(
      () =>
        new KpiGraph([
          kpiDefinition({ code: 'YEARLY', unit: 'COUNT', frequency: 'FINANCIAL_YEAR' }),
          kpiDefinition({ code: 'Q', unit: 'COUNT', frequency: 'QUARTERLY', formula: '{YEARLY}' }),
        ]),
    ).toThrow(
      'Q is quarterly but uses YEARLY, which is financial-year: its values cannot make up quarterly periods',
    );
  });
});
