import { answersSchemaFor, questionCells, returnAnswersSchema } from './answers';
import { defaultReturnTemplate } from './default-template';

const template = defaultReturnTemplate();
const issuesOf = (answers: unknown) => {
  const result = answersSchemaFor(template).safeParse(answers);
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join('/'), message: i.message }));
};

describe('answers', () => {
  it('accepts numbers, text, yes/no and "not collected", and nothing else, in any cell', () => {
    expect(
      returnAnswersSchema.safeParse({ Q01_X: { '': 1, a: 'text', b: true, c: { notCollected: true } } })
        .success,
    ).toBe(true);
    for (const cell of [null, { notCollected: false }, [1], Number.POSITIVE_INFINITY]) {
      expect(returnAnswersSchema.safeParse({ Q01_X: { '': cell } }).success).toBe(false);
    }
  });

  it('gives a question with dimensions one cell per combination of codes', () => {
    const question = template.sections[3].questions.find((q) => q.key === 'Q04_INDIVIDUALS_BY_TYPE');
    const cells = questionCells(template, question!);
    expect(cells).toHaveLength(6 * 4);
    expect(cells[0]).toEqual(['refuge', 'women']);
  });

  it('accepts answers of the right type in cells of the template', () => {
    expect(
      issuesOf({
        Q01_BEDSPACES_TOTAL: { '': 12 },
        Q01_BEDSPACES: { refuge: 12, 'sanctuary-scheme': { notCollected: true } },
        Q07_MONITORING_METHOD: { '': 'both' },
        Q08_STRATEGY_PUBLISHED: { '': true },
        Q08_STRATEGY_PUBLISHED_ON: { '': '2025-01-31' },
        Q08_STRATEGY_URL: { '': 'https://example.org/strategy' },
        Q09_SPEND: { '': 841812.5 },
      }),
    ).toEqual([]);
  });

  it('names each answer that does not fit, by question and cell', () => {
    expect(
      issuesOf({
        Q99_UNKNOWN: { '': 1 },
        Q01_BEDSPACES: { castle: 1, refuge: -1 },
        Q01_BEDSPACES_TOTAL: { '': 1.5 },
        Q07_MONITORING_METHOD: { '': 'inspection' },
        Q08_STRATEGY_PUBLISHED_ON: { '': '2025-02-30' },
        Q08_STRATEGY_URL: { '': 'javascript:alert(1)' },
        Q09_SPEND: { '': 1.005 },
        Q07_QUALITY_NOTES: { '': '  ' },
      }).map((issue) => issue.path),
    ).toEqual([
      'Q99_UNKNOWN',
      'Q01_BEDSPACES/castle',
      'Q01_BEDSPACES/refuge',
      'Q01_BEDSPACES_TOTAL/',
      'Q07_MONITORING_METHOD/',
      'Q08_STRATEGY_PUBLISHED_ON/',
      'Q08_STRATEGY_URL/',
      'Q09_SPEND/',
      'Q07_QUALITY_NOTES/',
    ]);
  });
});
