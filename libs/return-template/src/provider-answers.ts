// Providers' part of the return: which cells each provider of safe accommodation is asked, and how their
// answers combine into the return's figures, with each provider's answer kept beside the total.
import { type CellAnswer, type ReturnAnswers, cellKey, isNotCollected, questionCells } from './answers';
import { type ReturnQuestion, type ReturnTemplate, allQuestions } from './template';

/** The code list that the register's accommodation type of a service is a code of. */
export const ACCOMMODATION_TYPES = 'accommodation-types';

/**
 * The register writes a template code in capitals with underscores (`SECOND_STAGE` for `second-stage`):
 * the template code it stands for.
 */
export function templateCode(registerCode: string): string {
  return registerCode.toLowerCase().replaceAll('_', '-');
}

/**
 * The cells a provider is asked, by question key: every question whose source is `providers`; where a
 * question is broken down by accommodation type, only the cells of the types of the provider's services
 * (template codes). A question left with no cells is not asked.
 */
export function providerCells(
  template: ReturnTemplate,
  accommodationTypes: readonly string[],
): Record<string, string[]> {
  const types = new Set(accommodationTypes);
  const asked: Record<string, string[]> = {};
  for (const { question } of allQuestions(template)) {
    if (question.source !== 'providers') continue;
    const typeAt = question.dimensions.indexOf(ACCOMMODATION_TYPES);
    const cells = questionCells(template, question)
      .filter((codes) => typeAt < 0 || types.has(codes[typeAt]))
      .map(cellKey);
    if (cells.length > 0) asked[question.key] = cells;
  }
  return asked;
}

/** One provider's part: the cells they were asked, and their answers (null while they have not answered). */
export interface ProviderAnswers {
  providerId: string;
  providerName: string;
  asked: Record<string, string[]>;
  answers: ReturnAnswers | null;
}

/** One cell of the return made from providers' answers. */
export interface CombinedCell {
  questionKey: string;
  cellKey: string;
  value: CellAnswer;
  /** True when every provider asked this cell gave an answer to it. */
  complete: boolean;
  /** Each provider asked, with their answer (null: none given). */
  from: Array<{ providerId: string; providerName: string; value: CellAnswer | null }>;
}

/**
 * The return's cells from the providers' answers. Counts and money are summed over the providers who gave
 * a figure; yes/no questions are combined by their rule (`any` by default, or `all`). Blank is never zero:
 * a cell nobody answered is left out; a cell answered only "not collected" is "not collected"; a yes/no
 * that the answers given cannot settle is left out.
 */
export function combineProviderAnswers(
  template: ReturnTemplate,
  providers: readonly ProviderAnswers[],
): CombinedCell[] {
  const combined: CombinedCell[] = [];
  for (const { question } of allQuestions(template)) {
    if (question.source !== 'providers') continue;
    for (const cell of questionCells(template, question).map(cellKey)) {
      const from = providers
        .filter((p) => p.asked[question.key]?.includes(cell))
        .map((p) => ({
          providerId: p.providerId,
          providerName: p.providerName,
          value: p.answers?.[question.key]?.[cell] ?? null,
        }));
      if (from.length === 0) continue;
      const value = combineCell(
        question,
        from.map((f) => f.value),
      );
      if (value === undefined) continue;
      combined.push({
        questionKey: question.key,
        cellKey: cell,
        value,
        complete: from.every((f) => f.value !== null),
        from,
      });
    }
  }
  return combined;
}

/** The combined answer of one cell, or undefined when the answers given do not settle it. */
function combineCell(
  question: ReturnQuestion,
  values: readonly (CellAnswer | null)[],
): CellAnswer | undefined {
  const given = values.filter((v): v is CellAnswer => v !== null);
  const notCollected = given.some(isNotCollected) ? { notCollected: true as const } : undefined;
  const rule = question.combine ?? (question.type === 'yes-no' ? 'any' : 'sum');
  if (rule === 'sum') {
    const figures = given.filter((v): v is number => typeof v === 'number');
    if (figures.length === 0) return notCollected;
    // Money to the penny: summed in pence so that 0.1 + 0.2 is 0.3.
    return question.type === 'money'
      ? figures.reduce((total, v) => total + Math.round(v * 100), 0) / 100
      : figures.reduce((total, v) => total + v, 0);
  }
  // `any` is settled by one yes, `all` by one no; otherwise every provider asked must have said the other.
  const settling = rule === 'any';
  if (given.includes(settling)) return settling;
  if (given.length === values.length && given.every((v) => v === !settling)) return !settling;
  return given.length === values.length ? notCollected : undefined;
}
