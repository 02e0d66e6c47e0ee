import { type FactoryFunctionMap, type MathJsInstance, create } from 'mathjs';

export interface RestrictedMath {
  /** The instance's own parser, taken before `parse` was disabled inside expressions. */
  parse: MathJsInstance['parse'];
  math: MathJsInstance;
}

/** math.js functions that could reach beyond arithmetic: never callable from an expression. */
const DANGEROUS = [
  'import',
  'createUnit',
  'reviver',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'derivative',
  'resolve',
] as const;

/**
 * The restricted expression engine behind KPI formulas and return-template rules: a math.js instance built
 * only from the function factories given (plain numbers, no units, matrices or strings), with every function
 * that could evaluate, parse or import code replaced by one that throws, and `extras` (e.g. a division that
 * refuses zero) added. Callers still check each parsed tree against their own whitelist; nothing is ever
 * passed to eval.
 */
export function restrictedMath(
  factories: FactoryFunctionMap,
  usedIn: string,
  extras: Record<string, (...args: never[]) => unknown> = {},
): RestrictedMath {
  const math = create(factories, { number: 'number' });
  const parse = math.parse;
  const disabled = (name: string) => () => {
    throw new Error(`${name} is not available in ${usedIn}`);
  };
  math.import(
    { ...Object.fromEntries(DANGEROUS.map((name) => [name, disabled(name)])), ...extras },
    { override: true },
  );
  return { parse, math };
}
