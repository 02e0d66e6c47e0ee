import { type CellAnswer, type ReturnAnswers, cellKey, isNotCollected, questionCells } from './answers';
import { type CellReference, NotEvaluableError, compileExpression } from './expression';
import { type ReturnTemplate, allQuestions, expressionScope } from './template';

export type RuleOutcome = 'pass' | 'fail' | 'not-evaluable';

/** What a cell gave a rule: its number, or why there is none. */
export type RuleValue = number | 'missing' | 'not collected' | 'not a number';

export interface RuleResult {
  /** The rule's key; for a required question, `required:<QUESTION_KEY>`. */
  key: string;
  kind: 'error' | 'warning';
  outcome: RuleOutcome;
  message: string;
  appliesTo: string[];
  /** Every cell read, by reference (`Q04_INDIVIDUALS_BY_GROUP[women]`); last year's prefixed `last year: `. */
  values: Record<string, RuleValue>;
  /** Why the rule could not be evaluated. */
  reason?: string;
}

/**
 * Evaluates every rule of a template against a return's answers (and last year's, for change() and
 * previous()): one result per rule, in the template's order. A rule with an input that is missing, not
 * collected or not a number, or whose arithmetic has no answer, is not-evaluable; nothing throws for answers
 * that pass `returnAnswersSchema`.
 */
export function evaluateRules(
  template: ReturnTemplate,
  answers: ReturnAnswers,
  previousYear?: ReturnAnswers,
): RuleResult[] {
  const scope = expressionScope(template);
  return template.rules.map((rule) => {
    const condition = evaluateCondition(
      template,
      compileExpression(rule.expression, scope(rule.tolerance !== undefined)),
      answers,
      previousYear,
      rule.tolerance,
    );
    return { key: rule.key, kind: rule.kind, message: rule.message, appliesTo: rule.appliesTo, ...condition };
  });
}

/**
 * One error-level result per mandatory question: it fails while a cell has no answer (a value or "not
 * collected"). A mandatory question with requiredWhen is required only when its condition holds, and is
 * not-evaluable while the condition cannot be evaluated. Voluntary questions are never required.
 */
export function checkRequired(template: ReturnTemplate, answers: ReturnAnswers): RuleResult[] {
  const scope = expressionScope(template);
  return allQuestions(template)
    .filter(({ question }) => question.obligation === 'mandatory')
    .map(({ question }) => {
      const result = {
        key: `required:${question.key}`,
        kind: 'error' as const,
        message: `${question.key} (${question.label}) must be answered (or marked "not collected")`,
        appliesTo: [question.key],
      };
      if (question.requiredWhen !== undefined) {
        const when = evaluateCondition(
          template,
          compileExpression(question.requiredWhen, scope(false)),
          answers,
        );
        if (when.outcome === 'not-evaluable') return { ...result, ...when };
        if (when.outcome === 'fail') return { ...result, outcome: 'pass', values: when.values };
      }
      const unanswered = questionCells(template, question).filter(
        (codes) => answerOf(answers, question.key, codes) === undefined,
      );
      const values = Object.fromEntries(
        unanswered.map((codes) => [cellText(question.key, codes), 'missing' as const]),
      );
      return { ...result, outcome: unanswered.length ? 'fail' : 'pass', values };
    });
}

interface Condition {
  outcome: RuleOutcome;
  values: Record<string, RuleValue>;
  reason?: string;
}

function evaluateCondition(
  template: ReturnTemplate,
  expression: ReturnType<typeof compileExpression>,
  answers: ReturnAnswers,
  previousYear?: ReturnAnswers,
  tolerance?: number,
): Condition {
  const values: Record<string, RuleValue> = {};
  const current = new Map<string, number | number[]>();
  const previous = new Map<string, number>();
  let complete = true;
  const read = (reference: CellReference, from: ReturnAnswers, prefix: string) => {
    const numbers: number[] = [];
    for (const codes of expand(template, reference)) {
      const value = numberOf(answerOf(from, reference.questionKey, codes));
      values[prefix + cellText(reference.questionKey, codes)] = value;
      if (typeof value === 'number') numbers.push(value);
      else complete = false;
    }
    return numbers;
  };
  for (const reference of expression.references) {
    if (reference.current) {
      const numbers = read(reference, answers, '');
      current.set(reference.text, reference.isSet ? numbers : numbers[0]);
    }
    if (reference.previous && previousYear) {
      previous.set(
        reference.text,
        read(reference, previousYear, 'last year: ').reduce((sum, next) => sum + next, 0),
      );
    }
  }
  if (!previousYear && expression.references.some((r) => r.previous)) {
    return { outcome: 'not-evaluable', values, reason: "it needs last year's answers" };
  }
  if (!complete) {
    return { outcome: 'not-evaluable', values, reason: 'an input is missing, not collected or not a number' };
  }
  try {
    return { outcome: expression.evaluate(current, previous, tolerance) ? 'pass' : 'fail', values };
  } catch (error) {
    if (!(error instanceof NotEvaluableError)) throw error;
    return { outcome: 'not-evaluable', values, reason: `it meets ${error.message}` };
  }
}

/** The cells a reference reads, as codes: its `*`s expanded over their code lists. */
function expand(
  template: ReturnTemplate,
  reference: Pick<CellReference, 'questionKey' | 'codes'>,
): string[][] {
  const question = allQuestions(template).find((q) => q.question.key === reference.questionKey)?.question;
  return reference.codes.reduce<string[][]>(
    (cells, code, index) => {
      const list = question?.dimensions[index] ?? '';
      const codes = code === '*' ? (template.codeLists[list]?.codes.map((c) => c.code) ?? []) : [code];
      return cells.flatMap((cell) => codes.map((next) => [...cell, next]));
    },
    [[]],
  );
}

/** A cell's answer (own properties only: a code may be called "constructor"). */
function answerOf(
  answers: ReturnAnswers,
  questionKey: string,
  codes: readonly string[],
): CellAnswer | undefined {
  const cells = Object.hasOwn(answers, questionKey) ? answers[questionKey] : undefined;
  const key = cellKey(codes);
  return cells && Object.hasOwn(cells, key) ? cells[key] : undefined;
}

function cellText(questionKey: string, codes: readonly string[]): string {
  return codes.length ? `${questionKey}[${codes.join(', ')}]` : questionKey;
}

/** Counts and money are numbers; yes is 1 and no is 0. */
function numberOf(answer: CellAnswer | undefined): RuleValue {
  if (answer === undefined) return 'missing';
  if (isNotCollected(answer)) return 'not collected';
  if (typeof answer === 'number') return answer;
  if (typeof answer === 'boolean') return answer ? 1 : 0;
  return 'not a number';
}
