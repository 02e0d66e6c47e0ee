import { z } from 'zod';
import { QUESTION_KEY_PATTERN } from './expression';
import { type ReturnQuestion, type ReturnTemplate, allQuestions } from './template';

/**
 * Answers to a return: per question key, per cell, a number, a text (also a date, URL or choice code), yes/no
 * as a boolean, or the explicit `{ notCollected: true }`. A cell with no entry is unanswered: blank is never
 * zero.
 */
export const notCollectedSchema = z.strictObject({ notCollected: z.literal(true) });
export const cellAnswerSchema = z.union([z.number(), z.string(), z.boolean(), notCollectedSchema]);
export const returnAnswersSchema = z.record(
  z.string().regex(QUESTION_KEY_PATTERN, 'a question key'),
  z.record(z.string(), cellAnswerSchema),
);

export type CellAnswer = z.infer<typeof cellAnswerSchema>;
export type ReturnAnswers = z.infer<typeof returnAnswersSchema>;

/** The key of a cell: its codes in dimension order, joined by ","; "" for a question without dimensions. */
export function cellKey(codes: readonly string[]): string {
  return codes.join(',');
}

/** Every cell of a question, as its codes: the cartesian product of its dimensions' code lists. */
export function questionCells(template: ReturnTemplate, question: ReturnQuestion): string[][] {
  return question.dimensions.reduce<string[][]>(
    (cells, list) => cells.flatMap((cell) => template.codeLists[list].codes.map((c) => [...cell, c.code])),
    [[]],
  );
}

export function isNotCollected(answer: CellAnswer): answer is { notCollected: true } {
  return typeof answer === 'object';
}

/** The answers schema of one template: known questions and cells, each answer of its question's type. */
export function answersSchemaFor(template: ReturnTemplate) {
  const questions = new Map(allQuestions(template).map(({ question }) => [question.key, question]));
  return returnAnswersSchema.superRefine((answers, context) => {
    for (const [key, cells] of Object.entries(answers)) {
      const question = questions.get(key);
      if (!question) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} is not a question of this template`,
        });
        continue;
      }
      const known = new Set(questionCells(template, question).map(cellKey));
      for (const [cell, answer] of Object.entries(cells)) {
        const problem = known.has(cell)
          ? answerProblem(template, question, answer)
          : `"${cell}" is not a cell of ${key}` +
            (question.dimensions.length
              ? ` (codes of ${question.dimensions.join(' × ')}, joined by ",")`
              : ' (use "")');
        if (problem) context.addIssue({ code: 'custom', path: [key, cell], message: problem });
      }
    }
  });
}

/** Why an answer does not fit its question, or undefined when it does. */
export function answerProblem(
  template: ReturnTemplate,
  question: ReturnQuestion,
  answer: CellAnswer,
): string | undefined {
  if (isNotCollected(answer)) return undefined;
  switch (question.type) {
    case 'count':
      return typeof answer === 'number' && Number.isInteger(answer) && answer >= 0
        ? undefined
        : 'a count is a whole number, 0 or more';
    case 'money':
      return typeof answer === 'number' && Math.abs(answer * 100 - Math.round(answer * 100)) < 1e-6
        ? undefined
        : 'an amount of money is a number in pounds, to the penny at most';
    case 'yes-no':
      return typeof answer === 'boolean' ? undefined : 'yes or no is true or false';
    case 'date':
      return typeof answer === 'string' && isDate(answer) ? undefined : 'a date is written YYYY-MM-DD';
    case 'text':
      return typeof answer === 'string' && answer.trim() !== '' ? undefined : 'a text answer is not blank';
    case 'url':
      return typeof answer === 'string' && isWebAddress(answer) ? undefined : 'a web address starts https://';
    case 'choice': {
      const codes = template.codeLists[question.choices ?? '']?.codes.map((c) => c.code) ?? [];
      return typeof answer === 'string' && codes.includes(answer)
        ? undefined
        : `a choice is one of the codes of ${question.choices}: ${codes.join(', ')}`;
    }
  }
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function isWebAddress(text: string): boolean {
  try {
    return ['https:', 'http:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** The provider's latest answers with the reply's figures over them: a figure left out keeps its answer. */
export function mergeAnswers(latest: ReturnAnswers | null, given: ReturnAnswers): ReturnAnswers {
  const merged: ReturnAnswers = { ...latest };
  for (const [questionKey, cells] of Object.entries(given))
    merged[questionKey] = { ...merged[questionKey], ...cells };
  return merged;
}
