import {
  type ConstantNode,
  type EvalFunction,
  type FunctionNode,
  type MathNode,
  type OperatorNode,
  type SymbolNode,
  absDependencies,
  addDependencies,
  andDependencies,
  equalDependencies,
  largerDependencies,
  largerEqDependencies,
  maxDependencies,
  minDependencies,
  multiplyDependencies,
  notDependencies,
  orDependencies,
  parseDependencies,
  smallerDependencies,
  smallerEqDependencies,
  subtractDependencies,
  sumDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
  unequalDependencies,
} from 'mathjs';
import { restrictedMath } from '@waymark/kpi';

/**
 * The rule language of return templates, e.g. `sum(Q04_INDIVIDUALS_BY_GROUP[*]) == Q04_INDIVIDUALS_TOTAL` or
 * `abs(change(Q04_INDIVIDUALS_TOTAL)) <= 0.5`.
 *
 * A reference is a question key (capitals, digits, "_"), followed for a question with dimensions by one code
 * (or `*`, every code) per dimension in brackets: `Q04_INDIVIDUALS_BY_TYPE[refuge, *]`. A reference with a `*`
 * is a set of cells and may only be given to sum(), min(), max(), change() or previous().
 *
 * Evaluated by the same restricted engine as the KPI formulas (`restrictedMath` in @waymark/kpi), made only
 * of the arithmetic, comparison and logical functions needed, with import, evaluate, parse and the like
 * disabled inside expressions, and every parsed tree checked against a whitelist. Nothing is passed to eval.
 */
const { parse, math } = restrictedMath(
  {
    parseDependencies,
    addDependencies,
    subtractDependencies,
    multiplyDependencies,
    unaryMinusDependencies,
    unaryPlusDependencies,
    absDependencies,
    sumDependencies,
    minDependencies,
    maxDependencies,
    equalDependencies,
    unequalDependencies,
    smallerDependencies,
    smallerEqDependencies,
    largerDependencies,
    largerEqDependencies,
    andDependencies,
    orDependencies,
    notDependencies,
  },
  'return rules',
  {
    // A division by zero, or a change from last year's zero, has no answer: the rule cannot be evaluated.
    divide: (a: number, b: number) => {
      if (b === 0) throw new NotEvaluableError('a division by zero');
      return a / b;
    },
    change: (current: number | number[], previous: number) => {
      if (previous === 0) throw new NotEvaluableError("a change from last year's zero");
      return (total(current) - previous) / previous;
    },
    previous: (previous: number) => previous,
  },
);
const { FunctionNode: FunctionNodeClass, SymbolNode: SymbolNodeClass } = math;

/** Question keys: capitals, digits and "_", starting with a capital (e.g. Q04_INDIVIDUALS_TOTAL). */
export const QUESTION_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Codes of code lists, keys of code lists, sections and rules: lower case, digits and single hyphens. */
export const CODE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const REFERENCE = /\b([A-Z][A-Z0-9_]*)\b(?:\s*\[([^[\]]*)\])?/g;
const COMPARISONS = new Set(['equal', 'unequal', 'smaller', 'smallerEq', 'larger', 'largerEq']);
const LOGICAL = new Set(['and', 'or', 'not']);
const ARITHMETIC = new Set(['add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus']);
const AGGREGATES = new Set(['sum', 'min', 'max']);
const YEAR_ON_YEAR = new Set(['change', 'previous']);
const FUNCTIONS = new Set([...AGGREGATES, ...YEAR_ON_YEAR, 'abs']);

/** An expression that cannot be used: the message says why. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

/** An expression that cannot give an answer for these values (a division by zero). */
export class NotEvaluableError extends Error {
  override readonly name = 'NotEvaluableError';
}

/** What an expression may refer to: the template's questions and code lists. */
export interface ExpressionScope {
  /** The question's type and its dimensions' code lists, or undefined when there is no such question. */
  question(key: string): { type: string; dimensions: readonly string[] } | undefined;
  /** The codes of a code list. */
  codes(listKey: string): readonly string[];
  /** Whether `tolerance` may be used (the rule gives one). */
  tolerance: boolean;
}

/** A reference to one cell, or with `*` to a set of cells, of a question. */
export interface CellReference {
  /** As normalised: `KEY` or `KEY[code, *]`. */
  text: string;
  questionKey: string;
  /** One per dimension: a code or '*'. */
  codes: string[];
  /** Whether it has a `*`. */
  isSet: boolean;
  /** Whether this year's value is read (it is used outside previous()). */
  current: boolean;
  /** Whether last year's value is read (in change() or previous()). */
  previous: boolean;
}

/** Values of references, by reference text: a number, or the numbers of a set in order. */
export type ReferenceValues = ReadonlyMap<string, number | readonly number[]>;

export interface CompiledExpression {
  text: string;
  references: CellReference[];
  /** Whether it uses `tolerance`. */
  usesTolerance: boolean;
  /**
   * True or false, given this year's values of the references read this year and last year's totals of
   * those read last year. Throws NotEvaluableError when the values give no answer (a division by zero).
   */
  evaluate(current: ReferenceValues, previous: ReadonlyMap<string, number>, tolerance?: number): boolean;
}

/** Parses and checks an expression against a template; throws an ExpressionError saying what is wrong. */
export function compileExpression(text: string, scope: ExpressionScope): CompiledExpression {
  if (/\b(?:ref|prev)_\d/.test(text)) throw new ExpressionError('"ref_" and "prev_" names are reserved');
  const references: CellReference[] = [];
  const bySymbol = new Map<string, CellReference>();
  const rewritten = text.replace(REFERENCE, (_whole, key: string, inside: string | undefined) => {
    const reference = readReference(key, inside, scope);
    let index = references.findIndex((r) => r.text === reference.text);
    if (index < 0) index = references.push(reference) - 1;
    bySymbol.set(`ref_${index}`, references[index]);
    return ` ref_${index} `;
  });
  if (/[[\]]/.test(rewritten)) throw new ExpressionError('"[" and "]" may only follow a question key');

  let tree: MathNode;
  try {
    tree = parse(rewritten);
  } catch (error) {
    throw new ExpressionError(`The expression cannot be read: ${(error as Error).message}`);
  }
  const usesTolerance = checkTree(tree, bySymbol, scope.tolerance);
  if (kindOf(tree) !== 'condition') {
    throw new ExpressionError(
      'An expression must be a condition: a comparison (== != < <= > >=), and, or, not',
    );
  }
  // change(ref_0) becomes change(ref_0, prev_0), previous(ref_0) becomes previous(prev_0).
  const withPrevious = tree.transform((node) => {
    if (node.type !== 'FunctionNode') return node;
    const call = node as FunctionNode;
    if (!YEAR_ON_YEAR.has(call.fn.name)) return node;
    const symbol = (call.args[0] as SymbolNode).name;
    const last = new SymbolNodeClass(symbol.replace('ref_', 'prev_'));
    const args = call.fn.name === 'change' ? [call.args[0], last] : [last];
    return new FunctionNodeClass(call.fn, args);
  });
  const compiled: EvalFunction = withPrevious.compile();

  return {
    text,
    references,
    usesTolerance,
    evaluate(current, previous, tolerance) {
      const values: Record<string, number | number[]> = {};
      references.forEach((reference, index) => {
        if (reference.current) values[`ref_${index}`] = valueOf(current, reference.text);
        if (reference.previous) {
          const last = previous.get(reference.text);
          if (last === undefined) throw new Error(`No value given for last year's ${reference.text}`);
          values[`prev_${index}`] = last;
        }
      });
      if (scope.tolerance) values.tolerance = tolerance ?? 0;
      const result: unknown = compiled.evaluate(values);
      if (typeof result !== 'boolean') throw new NotEvaluableError('no true or false answer');
      return result;
    },
  };
}

function valueOf(values: ReferenceValues, text: string): number | number[] {
  const value = values.get(text);
  if (value === undefined) throw new Error(`No value given for ${text}`);
  return typeof value === 'number' ? value : [...value];
}

function total(value: number | number[]): number {
  return typeof value === 'number' ? value : value.reduce((sum, next) => sum + next, 0);
}

function readReference(key: string, inside: string | undefined, scope: ExpressionScope): CellReference {
  const question = scope.question(key);
  if (!question) throw new ExpressionError(`${key} is not a question of this template`);
  if (!['count', 'money', 'yes-no'].includes(question.type)) {
    throw new ExpressionError(
      `${key} is a ${question.type} question: rules can read count, money and yes-no`,
    );
  }
  const codes = inside === undefined ? [] : inside.split(',').map((code) => code.trim());
  if (codes.length !== question.dimensions.length) {
    const expected = question.dimensions.length;
    throw new ExpressionError(
      expected === 0
        ? `${key} has no dimensions: write it without brackets`
        : `${key} has ${expected} dimension${expected > 1 ? 's' : ''} (${question.dimensions.join(', ')}): ` +
            `write ${key}[${question.dimensions.map(() => 'code').join(', ')}], with * for every code`,
    );
  }
  codes.forEach((code, index) => {
    const list = question.dimensions[index];
    if (code !== '*' && !scope.codes(list).includes(code)) {
      throw new ExpressionError(`"${code}" is not a code of ${list} (${key}, dimension ${index + 1})`);
    }
  });
  return {
    text: codes.length ? `${key}[${codes.join(', ')}]` : key,
    questionKey: key,
    codes,
    isSet: codes.includes('*'),
    current: false,
    previous: false,
  };
}

/** Throws an ExpressionError at the first node outside the whitelist; says whether `tolerance` is used. */
function checkTree(
  tree: MathNode,
  references: ReadonlyMap<string, CellReference>,
  tolerance: boolean,
): boolean {
  let usesTolerance = false;
  tree.traverse((node, _path, parent) => {
    switch (node.type) {
      case 'ConstantNode':
        if (typeof (node as ConstantNode).value !== 'number') fail('only numbers may be written out');
        return;
      case 'ParenthesisNode':
        return;
      case 'OperatorNode': {
        const operator = node as OperatorNode;
        if (![...ARITHMETIC, ...COMPARISONS, ...LOGICAL].includes(operator.fn)) {
          fail(`"${operator.op}" is not allowed: use + - * / ( ), == != < <= > >=, and, or, not`);
        }
        if (operator.implicit) fail('write * between numbers and references');
        return;
      }
      case 'FunctionNode': {
        const call = node as FunctionNode;
        const name = call.fn.type === 'SymbolNode' ? call.fn.name : '';
        if (!FUNCTIONS.has(name)) {
          fail(`${name || 'this'}() is not allowed: only sum, min, max, abs, change and previous`);
        }
        if (name === 'abs' && call.args.length !== 1) fail('abs() takes one value');
        if (AGGREGATES.has(name) && call.args.length === 0) fail(`${name}() needs at least one value`);
        const set = call.args.find(
          (a) => a.type === 'SymbolNode' && references.get((a as SymbolNode).name)?.isSet,
        );
        if (set && call.args.length > 1) fail(`a set of cells must be the only value given to ${name}()`);
        if (YEAR_ON_YEAR.has(name)) {
          const argument = call.args[0];
          const reference = argument?.type === 'SymbolNode' && references.get((argument as SymbolNode).name);
          if (call.args.length !== 1 || !reference) fail(`${name}() takes one question reference`);
        }
        return;
      }
      case 'SymbolNode': {
        const name = (node as SymbolNode).name;
        const call = parent?.type === 'FunctionNode' ? (parent as FunctionNode) : undefined;
        if (call?.fn === node) return;
        if (name === 'tolerance') {
          if (!tolerance) fail('"tolerance" may only be used by a rule that gives a tolerance');
          usesTolerance = true;
          return;
        }
        const reference = references.get(name);
        if (!reference) fail(`"${name}" is not allowed: refer to questions by their keys, in capitals`);
        const callee = call?.fn.name ?? '';
        if (reference.isSet && !AGGREGATES.has(callee) && !YEAR_ON_YEAR.has(callee)) {
          fail(
            `${reference.text} is a set of cells: use it inside sum(), min(), max(), change() or previous()`,
          );
        }
        if (callee !== 'previous') reference.current = true;
        if (YEAR_ON_YEAR.has(callee)) reference.previous = true;
        return;
      }
      default:
        fail(`${node.type.replace(/Node$/, '').toLowerCase()} expressions are not allowed`);
    }
  });
  return usesTolerance;
}

/** Numbers are compared, conditions combined: throws an ExpressionError when one stands for the other. */
function kindOf(node: MathNode): 'number' | 'condition' {
  const expect = (children: MathNode[], kind: 'number' | 'condition', where: string) => {
    for (const child of children) {
      if (kindOf(child) !== kind) {
        fail(kind === 'number' ? `${where} takes numbers, not conditions` : `${where} combines conditions`);
      }
    }
  };
  if (node.type === 'ParenthesisNode') return kindOf((node as MathNode & { content: MathNode }).content);
  if (node.type === 'FunctionNode') {
    const call = node as FunctionNode;
    expect(call.args, 'number', `${call.fn.name}()`);
    return 'number';
  }
  if (node.type !== 'OperatorNode') return 'number';
  const operator = node as OperatorNode;
  if (LOGICAL.has(operator.fn)) {
    expect(operator.args, 'condition', `"${operator.op}"`);
    return 'condition';
  }
  expect(operator.args, 'number', `"${operator.op}"`);
  return COMPARISONS.has(operator.fn) ? 'condition' : 'number';
}

function fail(message: string): never {
  throw new ExpressionError(message);
}
