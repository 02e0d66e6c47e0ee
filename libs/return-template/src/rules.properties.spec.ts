import fc from 'fast-check';
import { type CellAnswer, type ReturnAnswers, cellKey, questionCells, returnAnswersSchema } from './answers';
import { defaultReturnTemplate } from './default-template';
import { checkRequired, evaluateRules } from './rules';
import { type ReturnTemplate, allQuestions, returnTemplateSchema } from './template';

// Property: for any valid template and any answers that pass returnAnswersSchema, evaluateRules and
// checkRequired never throw, and evaluateRules gives one result per rule, in order.

/** Mostly counts, so that many rules are evaluated; also any other number, text, yes/no, "not collected". */
const cellAnswer: fc.Arbitrary<CellAnswer> = fc.oneof(
  { arbitrary: fc.nat({ max: 1000 }), weight: 12 },
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.constant({ notCollected: true as const }),
);

/** Answers to some of a template's cells, of any type, plus a stray question and cell. */
function answersTo(template: ReturnTemplate): fc.Arbitrary<ReturnAnswers> {
  const cells = allQuestions(template).flatMap(({ question }) =>
    questionCells(template, question).map((codes) => [question.key, cellKey(codes)] as const),
  );
  return fc
    .tuple(
      fc.array(fc.option(cellAnswer, { nil: undefined, freq: 20 }), {
        minLength: cells.length,
        maxLength: cells.length,
      }),
      fc.dictionary(fc.constantFrom('Q_STRAY', cells[0][0]), fc.dictionary(fc.string(), cellAnswer), {
        maxKeys: 1,
      }),
    )
    .map(([values, stray]) => {
      const answers: ReturnAnswers = structuredClone(stray);
      cells.forEach(([key, cell], index) => {
        const value = values[index];
        if (value !== undefined) answers[key] = { ...answers[key], [cell]: value };
      });
      return returnAnswersSchema.parse(answers);
    });
}

const TYPES = ['count', 'money', 'yes-no', 'text'] as const;
const LISTS = { 'list-a': ['a0', 'a1', 'a2'], 'list-b': ['b0', 'b1'] } as const;
type ListKey = keyof typeof LISTS;

/** A small random template, with rules made from the whole rule language. */
const smallTemplate: fc.Arbitrary<ReturnTemplate> = fc.gen().map((g) => {
  const questions = Array.from({ length: g(fc.integer, { min: 1, max: 4 }) }, (_, index) => {
    const dimensions = g(
      fc.constantFrom,
      [],
      ['list-a'],
      ['list-b'],
      ['list-a', 'list-b'],
      ['list-b', 'list-a'],
    );
    return { key: `Q${index}`, type: g(fc.constantFrom, ...TYPES), dimensions: dimensions as ListKey[] };
  });
  const numeric = questions.filter((q) => q.type !== 'text');
  const reference = (set: boolean) => {
    const question: (typeof numeric)[number] = g(fc.constantFrom, ...numeric);
    if (question.dimensions.length === 0) return question.key;
    const codes = question.dimensions.map((list): string =>
      g(fc.constantFrom, ...(set ? ['*'] : []), ...LISTS[list]),
    );
    return `${question.key}[${codes.join(', ')}]`;
  };
  const number = (depth: number, tolerance: boolean): string => {
    const choice = g(fc.integer, { min: 0, max: depth > 2 ? 2 : 8 });
    if (choice === 0) return reference(false);
    if (choice === 1) return String(g(fc.constantFrom, 0, 1, 0.5, 100, -3));
    if (choice === 2) return `${g(fc.constantFrom, 'sum', 'min', 'max')}(${reference(true)})`;
    if (choice === 3) return `${g(fc.constantFrom, 'change', 'previous')}(${reference(true)})`;
    if (choice === 4) return `abs(${number(depth + 1, tolerance)})`;
    if (choice === 5) return `-(${number(depth + 1, tolerance)})`;
    if (choice === 6) return tolerance ? 'tolerance' : '1';
    return `(${number(depth + 1, tolerance)} ${g(fc.constantFrom, '+', '-', '*', '/')} ${number(depth + 1, tolerance)})`;
  };
  const condition = (depth: number, tolerance: boolean): string => {
    const choice = g(fc.integer, { min: 0, max: depth > 1 ? 0 : 2 });
    if (choice === 0)
      return `${number(depth, tolerance)} ${g(fc.constantFrom, '==', '!=', '<', '<=', '>', '>=')} ${number(depth, tolerance)}`;
    if (choice === 1) return `not (${condition(depth + 1, tolerance)})`;
    return `(${condition(depth + 1, tolerance)}) ${g(fc.constantFrom, 'and', 'or')} (${condition(depth + 1, tolerance)})`;
  };
  const rules = numeric.length
    ? Array.from({ length: g(fc.integer, { min: 1, max: 4 }) }, (_, index) => ({
        key: `rule-${index}`,
        kind: g(fc.constantFrom, 'error', 'warning'),
        message: 'A rule',
        expression: `(${condition(0, true)}) or tolerance < 0`,
        appliesTo: [numeric[0].key],
        tolerance: g(fc.constantFrom, 0, 0.5, 2),
      }))
    : [];
  return returnTemplateSchema.parse({
    templateVersion: 1,
    financialYear: '2025-26',
    title: 'Random',
    sourceNotes: [],
    codeLists: Object.fromEntries(
      Object.entries(LISTS).map(([key, codes]) => [
        key,
        { label: key, codes: codes.map((code) => ({ code, label: code, confirmed: true })) },
      ]),
    ),
    sections: [
      {
        key: 'only',
        number: 1,
        title: 'Only',
        sheetName: 'Only',
        questions: questions.map((question, index) => ({
          ...question,
          label: question.key,
          guidance: '',
          obligation: g(fc.constantFrom, 'mandatory', 'voluntary'),
          confidence: 'provisional',
          source: 'coordinator',
          ...(index > 0 && numeric.length && g(fc.boolean)
            ? { obligation: 'mandatory', requiredWhen: condition(0, false) }
            : {}),
        })),
      },
    ],
    rules,
  });
});

const templateWithAnswers = (template: fc.Arbitrary<ReturnTemplate>) =>
  template.chain((t) => fc.tuple(fc.constant(t), answersTo(t), fc.option(answersTo(t), { nil: undefined })));

function expectTotal(template: ReturnTemplate, answers: ReturnAnswers, previousYear?: ReturnAnswers): void {
  const results = evaluateRules(template, answers, previousYear);
  expect(results.map((r) => r.key)).toEqual(template.rules.map((r) => r.key));
  for (const result of results) expect(['pass', 'fail', 'not-evaluable']).toContain(result.outcome);
  const required = checkRequired(template, answers);
  expect(required).toHaveLength(
    allQuestions(template).filter((q) => q.question.obligation === 'mandatory').length,
  );
}

describe('evaluateRules, for any answers that pass the answers schema', () => {
  it('never throws on the default template, and gives one result per rule', () => {
    fc.assert(
      fc.property(
        templateWithAnswers(fc.constant(defaultReturnTemplate())),
        ([template, answers, previousYear]) => expectTotal(template, answers, previousYear),
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on small random templates, and gives one result per rule', () => {
    fc.assert(
      fc.property(templateWithAnswers(smallTemplate), ([template, answers, previousYear]) =>
        expectTotal(template, answers, previousYear),
      ),
      { numRuns: 300 },
    );
  });
});
