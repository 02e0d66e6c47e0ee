import { FormQuestion, readCell, readCellReference } from '@waymark/annual-return';
import type { CellAnswer, QuestionType, ReturnAnswers } from '@waymark/return-template';
import { type ReadLines, shortLines } from './reply-fields';

/**
 * Reading a provider's figures from an email reply to the annual return request (the format the request
 * email shows): one figure on a line, starting with its reference,
 *
 *   Q01_BEDSPACES[refuge]: 12
 *   Q04_INDIVIDUALS_TOTAL: 1,250
 *   Q02_BY_AND_FOR: yes
 *   Q05_UNABLE_INSTANCES: not collected
 *
 * References are read whatever their case and spacing; values as the provider's form reads them (readCell,
 * by the question's type). Lines copied from the request email and left blank (`Q01_BEDSPACES[refuge]:`,
 * or followed only by the cell's label) are figures left out. Other lines (greetings, signatures,
 * "Tel: 01632 960000") are not figure lines and are ignored; a line whose reference was not asked, or
 * whose value cannot be read, is a problem, and any problem refuses the whole reply.
 */

/** One cell asked of the provider, as the request email lists it. */
export interface AskedCell {
  questionKey: string;
  cellKey: string;
  reference: string;
  type: QuestionType;
  /** The cell's codes as labels ("Refuge accommodation"), shown after the reference in the email; may be empty. */
  cellLabel: string;
  /** The question's label, with the cell's label when it has one. */
  label: string;
}

export type ProviderReading =
  | { ok: true; answers: ReturnAnswers; lines: ReadLines }
  | { ok: false; problems: string[]; lines: ReadLines };

/**
 * `Reference: value`, split at the first `:`: before it, a name (letters, digits, `_`) with an optional
 * `[codes]` (its `]` forgotten too, to be named as a problem), after an optional bullet or bold.
 */
const REFERENCE = /^[A-Za-z][A-Za-z0-9_]*\s*(?:\[[^\]]*\]?)?$/;

/** The reference written and the value of a figure line, or null for any other line. */
function figureLine(line: string): { written: string; value: string } | null {
  const colon = line.indexOf(':');
  if (colon < 0) return null;
  const head = line.slice(0, colon);
  let start = 0;
  let end = head.length;
  while (start < end && '*•- \t'.includes(head[start])) start++;
  while (end > start && '* \t'.includes(head[end - 1])) end--;
  const written = head.slice(start, end);
  return REFERENCE.test(written) ? { written, value: line.slice(colon + 1) } : null;
}

/** What a value of each type looks like, in the words of the request email. */
const VALUE_HELP: Partial<Record<QuestionType, string>> = {
  count: 'write a whole number, like 12',
  money: 'write an amount in pounds, like 1250 or 1250.50',
  'yes-no': 'write yes or no',
};

const SAMPLE: Partial<Record<QuestionType, string>> = { count: '12', money: '1250', 'yes-no': 'yes' };

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const sameCell = (cellKey: string) => cellKey.split(',').map(squash).join(',');

/** The cells of the questions asked (from `askedQuestions`), in the email's order. */
export function askedCellsOf(questions: readonly FormQuestion[]): AskedCell[] {
  return questions.flatMap((question) =>
    question.cells.map((cell) => ({
      questionKey: question.key,
      cellKey: cell.key,
      reference: cell.reference,
      type: question.type,
      cellLabel: cell.label,
      label: cell.label ? `${question.label}: ${cell.label}` : question.label,
    })),
  );
}

/** Reads the reply's new part against the cells asked: every figure given, or every problem found. */
export function readProviderReply(text: string, asked: readonly AskedCell[]): ProviderReading {
  const answers: ReturnAnswers = {};
  const lines: ReadLines = {};
  const problems: string[] = [];
  let given = 0;
  for (const line of shortLines(text)) {
    const m = figureLine(line);
    if (!m) continue;
    const { written } = m;
    const reference = readCellReference(written);
    // A name with `_` or `[` is meant as a reference; other names ("Tel", "Note") are not figure lines.
    const meant = /[[_]/.test(written);
    if (!reference) {
      if (meant)
        problems.push(
          `"${written}" is not a reference we can read: write it as the request email lists it, like "${asked[0].reference}".`,
        );
      continue;
    }
    const ofQuestion = asked.filter((c) => c.questionKey === reference.questionKey);
    const cell = ofQuestion.find((c) => sameCell(c.cellKey) === sameCell(reference.cellKey));
    if (!cell) {
      if (ofQuestion.length)
        problems.push(
          `We did not ask you for "${written}": for ${reference.questionKey} write ${ofQuestion
            .slice(0, 3)
            .map((c) => `"${c.reference}"`)
            .join(' or ')}.`,
        );
      else if (meant)
        problems.push(`We did not ask you for "${written}": use the references listed in the request email.`);
      continue;
    }
    const value = withoutLabel(m.value, cell.cellLabel);
    if (value === '') continue; // listed, left blank: not answered yet
    given += 1;
    const read = readCell(cell.type, value);
    if (typeof read === 'string') {
      lines[cell.reference] = value;
      problems.push(
        `${cell.reference}: "${value}" cannot be read: ${VALUE_HELP[cell.type] ?? read}, or "not collected".`,
      );
      continue;
    }
    const before = answers[cell.questionKey]?.[cell.cellKey];
    if (before !== undefined && shown(before, cell.type) !== shown(read.value, cell.type)) {
      problems.push(
        `${cell.reference} is given twice, as ${lines[cell.reference]} and ${shown(read.value, cell.type)}: give it once.`,
      );
      continue;
    }
    (answers[cell.questionKey] ??= {})[cell.cellKey] = read.value;
    lines[cell.reference] = shown(read.value, cell.type);
  }
  if (given === 0 && problems.length === 0)
    problems.push(
      `We could not find any figures above the quoted text: write one on a line, starting with its reference, for example "${providerExample(asked)[0]}".`,
    );
  return problems.length ? { ok: false, problems, lines } : { ok: true, answers, lines };
}

/** The example a "could not read" answer shows: the first two cells asked, a figure and "not collected". */
export function providerExample(asked: readonly AskedCell[]): string[] {
  return asked
    .slice(0, 2)
    .map((cell, i) => `${cell.reference}: ${i === 0 ? (SAMPLE[cell.type] ?? '12') : 'not collected'}`);
}

/** An answer as the confirmation shows it: "not collected" spelled out, money in pounds. */
function shown(answer: CellAnswer, type: QuestionType): string {
  if (typeof answer === 'object') return 'not collected';
  if (typeof answer === 'boolean') return answer ? 'yes' : 'no';
  if (typeof answer === 'number' && type === 'money')
    return answer.toLocaleString('en-GB', { style: 'currency', currency: 'GBP' });
  return typeof answer === 'number' ? answer.toLocaleString('en-GB') : answer;
}

/** The value typed, without the cell's label when it was copied from the request email with it. */
function withoutLabel(typed: string, cellLabel: string): string {
  const label = `(${cellLabel})`.toLowerCase();
  let value = typed.trim().replace(/\.$/, '').trim();
  if (cellLabel && value.toLowerCase().startsWith(label)) value = value.slice(label.length).trim();
  if (cellLabel && value.toLowerCase().endsWith(label)) value = value.slice(0, -label.length).trim();
  return value.replace(/\.$/, '');
}
