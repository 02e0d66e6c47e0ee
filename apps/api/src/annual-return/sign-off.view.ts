import type { ReturnContent } from '@waymark/annual-return';
import {
  CellAnswer,
  ReturnQuestion,
  ReturnTemplate,
  cellKey,
  isNotCollected,
  questionCells,
} from '@waymark/return-template';
import { ReturnAnswerSource, SOURCE_LABELS, answerWords } from '@waymark/reports';
import { formatUkDate } from '@waymark/templates';

/** One cell of a question as the sign-off page shows it: its answer in words, and where it came from. */
interface CellRow {
  /** The cell's codes as labels ("Refuge · Women"); null for a question without dimensions. */
  cell: string | null;
  answer: string;
  state: 'answered' | 'blank' | 'not-collected';
  origin: string;
}

const RESULT_WORDS = { pass: 'Pass', fail: 'Fail', 'not-evaluable': 'Cannot be checked' } as const;

function answerText(answer: CellAnswer, question: ReturnQuestion, template: ReturnTemplate): string {
  if (typeof answer === 'string' && question.type === 'choice')
    return template.codeLists[question.choices ?? '']?.codes.find((c) => c.code === answer)?.label ?? answer;
  if (typeof answer === 'string' && question.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(answer))
    return formatUkDate(answer);
  return answerWords(answer, question);
}

/**
 * The whole return for its signatory: every section and question with each cell's answer (blank and "not
 * collected" told apart from 0) and where it came from; then every check with its result and explanation.
 */
export function signOffView(template: ReturnTemplate, content: ReturnContent) {
  const figures = new Map(content.figures.map((f) => [`${f.questionKey}\u0000${f.cellKey}`, f]));
  const sections = template.sections.map((section) => ({
    number: section.number,
    title: section.title,
    questions: section.questions.map((question) => ({
      key: question.key,
      label: question.label,
      voluntary: question.obligation === 'voluntary',
      cells: questionCells(template, question).map((codes): CellRow => {
        const figure = figures.get(`${question.key}\u0000${cellKey(codes)}`);
        const cell =
          codes.length === 0
            ? null
            : codes
                .map(
                  (code, i) =>
                    template.codeLists[question.dimensions[i]].codes.find((c) => c.code === code)?.label ??
                    code,
                )
                .join(' · ');
        if (!figure) return { cell, answer: 'Not answered', state: 'blank', origin: '' };
        const answer = figure.value as CellAnswer;
        const source = SOURCE_LABELS[figure.source as ReturnAnswerSource] ?? figure.source;
        return {
          cell,
          answer: answerText(answer, question, template),
          state: isNotCollected(answer) ? 'not-collected' : 'answered',
          origin: `${source}: ${figure.by}, ${formatUkDate(figure.at)}${figure.note ? `. ${figure.note}` : ''}`,
        };
      }),
    })),
  }));
  const checks = content.results.map((result) => ({
    message: result.message,
    kind: result.kind === 'error' ? 'Error' : 'Warning',
    outcome: result.outcome,
    result: RESULT_WORDS[result.outcome],
    explanation: content.explanations[result.key]?.text ?? '',
  }));
  return { sections, checks, problems: content.problems };
}
