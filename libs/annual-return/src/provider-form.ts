// The provider's form, as fields: one input per cell asked (a count, an amount of money, or yes/no), and
// per question a "we do not record this" box that makes its blank cells "not collected". Pure: the
// controller renders these fields and reads the posted body back with `readProviderForm`.
import type { CellAnswer, QuestionType, ReturnAnswers } from '@waymark/return-template';

/** One question of the form, with its cells (from `askedQuestions`). */
export interface FormQuestion {
  key: string;
  type: QuestionType;
  label: string;
  cells: Array<{ key: string; reference: string; label: string }>;
}

/** The field name of a cell's input, and the id it is reached by from the error summary. */
export function cellField(questionKey: string, cellKey: string): string {
  return `cell:${questionKey}:${cellKey}`;
}

export function cellFieldId(questionKey: string, cellKey: string): string {
  return `cell-${questionKey}-${cellKey.replaceAll(',', '--')}`.replace(/-+$/, '');
}

export function notRecordedField(questionKey: string): string {
  return `not-recorded:${questionKey}`;
}

/** What the provider typed, as it goes back into the form when something is wrong. */
export type TypedForm = Record<string, string>;

export interface FormReading {
  answers: ReturnAnswers;
  typed: TypedForm;
  /** Problems by field id, in the form's order. */
  errors: Record<string, string>;
}

/** The form's fields as they were last given (saved or sent), for showing the form again. */
export function typedFromAnswers(
  questions: readonly FormQuestion[],
  answers: ReturnAnswers | null,
): TypedForm {
  const typed: TypedForm = {};
  for (const question of questions) {
    let notRecorded = false;
    for (const cell of question.cells) {
      const answer = answers?.[question.key]?.[cell.key];
      if (answer === undefined) continue;
      if (typeof answer === 'object') notRecorded = true;
      else typed[cellField(question.key, cell.key)] = shown(answer);
    }
    if (notRecorded) typed[notRecordedField(question.key)] = 'yes';
  }
  return typed;
}

function shown(answer: Exclude<CellAnswer, object>): string {
  if (typeof answer === 'boolean') return answer ? 'yes' : 'no';
  return String(answer);
}

/**
 * Reads the posted form: a blank cell stays unanswered (never zero) unless its question is ticked "we do
 * not record this", which makes it "not collected". Every problem is found, not only the first.
 */
export function readProviderForm(
  questions: readonly FormQuestion[],
  body: Record<string, unknown>,
): FormReading {
  const answers: ReturnAnswers = {};
  const typed: TypedForm = {};
  const errors: Record<string, string> = {};
  for (const question of questions) {
    const notRecorded = body[notRecordedField(question.key)] === 'yes';
    if (notRecorded) typed[notRecordedField(question.key)] = 'yes';
    for (const cell of question.cells) {
      const field = cellField(question.key, cell.key);
      const raw = typeof body[field] === 'string' ? (body[field] as string).trim() : '';
      if (raw !== '') typed[field] = raw;
      const read = raw === '' ? undefined : readCell(question.type, raw);
      if (typeof read === 'string') {
        errors[cellFieldId(question.key, cell.key)] = read;
        continue;
      }
      const answer: CellAnswer | undefined = read
        ? read.value
        : notRecorded
          ? { notCollected: true }
          : undefined;
      if (answer !== undefined) (answers[question.key] ??= {})[cell.key] = answer;
    }
  }
  return { answers, typed, errors };
}

/** A typed cell's answer, or what is wrong with it. */
export function readCell(type: QuestionType, raw: string): { value: CellAnswer } | string {
  const text = raw.trim();
  if (/^not collected$/i.test(text)) return { value: { notCollected: true } };
  switch (type) {
    case 'count': {
      const digits = text.replace(/,(?=\d{3}\b)/g, '');
      return /^\d{1,9}$/.test(digits)
        ? { value: Number(digits) }
        : 'Enter a whole number, like 12 (leave it blank if you do not have it yet)';
    }
    case 'money': {
      const amount = text.replace(/^£/, '').replace(/,(?=\d{3}\b)/g, '');
      return /^\d{1,12}(\.\d{1,2})?$/.test(amount)
        ? { value: Number(amount) }
        : 'Enter an amount in pounds, like 1250 or 1250.50';
    }
    case 'yes-no':
      if (/^(yes|y)$/i.test(text)) return { value: true };
      if (/^(no|n)$/i.test(text)) return { value: false };
      return 'Answer yes or no';
    default:
      return 'Providers are asked for counts, amounts and yes or no only';
  }
}
