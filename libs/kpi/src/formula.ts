import {
  type ConstantNode,
  type EvalFunction,
  type FunctionNode,
  type MathNode,
  type OperatorNode,
  type SymbolNode,
  addDependencies,
  divideDependencies,
  maxDependencies,
  minDependencies,
  multiplyDependencies,
  parseDependencies,
  subtractDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
} from 'mathjs';
import { restrictedMath } from './restricted-math';

/**
 * Formulas of derived KPIs, e.g. `{MARAC-REPEAT-CASES} / {MARAC-CASES} * 100` or
 * `{WMP-DA-INCIDENTS} / {ref:POPULATION} * 1000`: `{CODE}` is another KPI's value for the same period,
 * `{ref:CODE}` a reference figure (such as a population estimate).
 *
 * Parsing and evaluation use the restricted engine (restricted-math.ts: arithmetic only, with import,
 * createUnit, evaluate and parse disabled inside expressions); every parsed tree is then checked against a whitelist, so a formula can only combine the
 * numbers it is given with + - * / ( ) min() max(). Nothing is ever passed to eval.
 */
const { parse } = restrictedMath(
  {
    parseDependencies,
    addDependencies,
    subtractDependencies,
    multiplyDependencies,
    divideDependencies,
    unaryMinusDependencies,
    unaryPlusDependencies,
    minDependencies,
    maxDependencies,
  },
  'KPI formulas',
);

const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus']);
const FUNCTIONS = new Set(['min', 'max']);
/** KPI and reference-figure codes: capitals, digits, "-", "_" and "." (e.g. WMP-DA-INCIDENTS). */
export const CODE_PATTERN = /^[A-Z][A-Z0-9._-]{0,63}$/;
const REFERENCE = /\{\s*(ref:)?\s*([^{}\s]*)\s*\}/g;

export class FormulaError extends Error {
  override readonly name = 'FormulaError';
}

/** The numbers a formula is evaluated with: KPI values and reference figures, by code. */
export interface FormulaInputs {
  kpis: ReadonlyMap<string, number>;
  references: ReadonlyMap<string, number>;
}

export interface ParsedFormula {
  /** As the coordinator wrote it. */
  text: string;
  /** Codes of the KPIs it reads, in order of first use. */
  kpiCodes: string[];
  /** Codes of the reference figures it reads. */
  referenceCodes: string[];
  /** The result, or undefined when it is not a finite number (e.g. a division by zero). */
  evaluate(inputs: FormulaInputs): number | undefined;
}

/** Parses and checks a formula; throws a FormulaError saying what is wrong. */
export function parseFormula(text: string): ParsedFormula {
  const kpiCodes: string[] = [];
  const referenceCodes: string[] = [];
  const symbols = new Map<string, { kind: 'kpi' | 'ref'; code: string }>();
  const symbolFor = (kind: 'kpi' | 'ref', code: string) => {
    const list = kind === 'kpi' ? kpiCodes : referenceCodes;
    if (!list.includes(code)) list.push(code);
    const symbol = `${kind}_${list.indexOf(code)}`;
    symbols.set(symbol, { kind, code });
    return ` ${symbol} `;
  };
  const expression = text.replace(REFERENCE, (_whole, ref: string | undefined, code: string) => {
    if (!CODE_PATTERN.test(code)) {
      throw new FormulaError(`"${code}" is not a code: codes are capitals, digits, "-", "_" and "."`);
    }
    return symbolFor(ref ? 'ref' : 'kpi', code);
  });
  if (/[{}]/.test(expression)) throw new FormulaError('Unmatched "{" or "}": write {CODE} or {ref:CODE}');
  if (kpiCodes.length === 0) throw new FormulaError('A formula must use at least one KPI, written {CODE}');

  let tree: MathNode;
  try {
    tree = parse(expression);
  } catch (error) {
    throw new FormulaError(`The formula cannot be read: ${(error as Error).message}`);
  }
  checkTree(tree, symbols);
  const compiled: EvalFunction = tree.compile();

  return {
    text,
    kpiCodes,
    referenceCodes,
    evaluate({ kpis, references }) {
      const scope: Record<string, number> = {};
      for (const [symbol, { kind, code }] of symbols) {
        const value = (kind === 'kpi' ? kpis : references).get(code);
        if (value === undefined)
          throw new Error(`No value given for ${kind === 'kpi' ? code : `ref:${code}`}`);
        scope[symbol] = value;
      }
      const result: unknown = compiled.evaluate(scope);
      return typeof result === 'number' && Number.isFinite(result) ? result : undefined;
    },
  };
}

function checkTree(tree: MathNode, symbols: ReadonlyMap<string, unknown>): void {
  tree.traverse((node, _path, parent) => {
    switch (node.type) {
      case 'ConstantNode':
        if (typeof (node as ConstantNode).value !== 'number') fail('only numbers may be written out');
        return;
      case 'ParenthesisNode':
        return;
      case 'OperatorNode': {
        const operator = node as OperatorNode;
        if (!OPERATORS.has(operator.fn)) fail(`"${operator.op}" is not allowed: use + - * / and ( )`);
        if (operator.implicit) fail('write * between numbers and codes');
        return;
      }
      case 'FunctionNode': {
        const name = (node as FunctionNode).fn.name;
        if (!FUNCTIONS.has(name)) fail(`${name}() is not allowed: only min() and max()`);
        return;
      }
      case 'SymbolNode': {
        const name = (node as SymbolNode).name;
        const isFunctionName = parent?.type === 'FunctionNode' && (parent as FunctionNode).fn === node;
        if (!isFunctionName && !symbols.has(name)) {
          fail(`"${name}" is not allowed: write KPIs as {CODE} and reference figures as {ref:CODE}`);
        }
        return;
      }
      default:
        fail(`${node.type.replace(/Node$/, '').toLowerCase()} expressions are not allowed`);
    }
  });
}

function fail(message: string): never {
  throw new FormulaError(message);
}
