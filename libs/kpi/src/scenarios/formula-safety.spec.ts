// Scenario: formulas can only do arithmetic on the figures they are given.
import { FormulaError, parseFormula } from '..';

const evaluate = (text: string, kpis: Record<string, number>, references: Record<string, number> = {}) =>
  parseFormula(text).evaluate({
    kpis: new Map(Object.entries(kpis)),
    references: new Map(Object.entries(references)),
  });

describe('scenario: formula safety', () => {
  it('reads codes with hyphens, reference figures, min and max', () => {
    const formula = parseFormula('max({A-1}, {B_2}) / {ref:POP} * 1000 - -1');
    expect([formula.kpiCodes, formula.referenceCodes]).toEqual([['A-1', 'B_2'], ['POP']]);
    expect(evaluate('max({A-1}, {B_2}) / {ref:POP} * 1000', { 'A-1': 5, B_2: 10 }, { POP: 2000 })).toBe(5);
    expect(evaluate('{A} + {A} * 2', { A: 3 })).toBe(9);
  });

  it.each([
    ['{A} ^ 2', /"\^" is not allowed/],
    ['{A} % 2', /is not allowed/],
    ['2 {A}', /write \* between/],
    ['import(1) + {A}', /import\(\) is not allowed/],
    ['evaluate("1+1") + {A}', /evaluate\(\) is not allowed|only numbers/],
    ['{A}.constructor', /not allowed|cannot be read/],
    ['f(x) = {A}', /not allowed/],
    ['x = {A}', /not allowed/],
    ['[{A}, 1]', /not allowed/],
    ['{A} > 1 ? 1 : 0', /not allowed/],
    ['"text" + {A}', /only numbers/],
    ['sqrt({A})', /sqrt\(\) is not allowed/],
    ['{A} + pi', /"pi" is not allowed/],
    ['{A} + 5 cm', /not allowed|write \*/],
    ['{A', /Unmatched/],
    ['{lower-case}', /is not a code/],
    ['1 + 2', /at least one KPI/],
    ['{A} +', /cannot be read/],
  ])('refuses %j', (text, message) => {
    expect(() => parseFormula(text)).toThrow(FormulaError);
    expect(() => parseFormula(text)).toThrow(message);
  });
});
