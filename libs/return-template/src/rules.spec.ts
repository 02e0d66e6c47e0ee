import { type ReturnAnswers } from './answers';
import { checkRequired, evaluateRules } from './rules';
import { type ReturnTemplate, returnTemplateSchema } from './template';

const template: ReturnTemplate = returnTemplateSchema.parse({
  templateVersion: 1,
  financialYear: '2025-26',
  title: 'Rules under test',
  sourceNotes: [],
  codeLists: {
    groups: {
      label: 'People',
      codes: [
        { code: 'adults', label: 'Adults', confirmed: true },
        { code: 'children', label: 'Children', confirmed: true },
      ],
    },
  },
  sections: [
    {
      key: 'individuals',
      number: 4,
      title: 'Individuals',
      sheetName: '04_Individuals',
      questions: [
        { key: 'Q04_TOTAL', type: 'count', obligation: 'mandatory', dimensions: [] },
        { key: 'Q04_BY_GROUP', type: 'count', obligation: 'mandatory', dimensions: ['groups'] },
        { key: 'Q04_ANY_SPECIALIST', type: 'yes-no', obligation: 'mandatory', dimensions: [] },
        {
          key: 'Q04_SPECIALIST',
          type: 'count',
          obligation: 'mandatory',
          dimensions: [],
          requiredWhen: 'Q04_ANY_SPECIALIST == 1',
        },
        { key: 'Q04_NOTES', type: 'text', obligation: 'voluntary', dimensions: [] },
      ].map((question) => ({
        label: question.key,
        guidance: '',
        confidence: 'confirmed',
        source: 'coordinator',
        ...question,
      })),
    },
  ],
  rules: [
    {
      key: 'by-group',
      kind: 'error',
      message: 'Groups add up to the total',
      expression: 'sum(Q04_BY_GROUP[*]) == Q04_TOTAL',
      appliesTo: ['Q04_BY_GROUP', 'Q04_TOTAL'],
    },
    {
      key: 'year-on-year',
      kind: 'warning',
      message: 'More than 50% change',
      expression: 'abs(change(Q04_TOTAL)) <= 0.5',
      appliesTo: ['Q04_TOTAL'],
    },
    {
      key: 'children-share',
      kind: 'warning',
      message: 'Children are usually 39-42%',
      expression: 'abs(Q04_BY_GROUP[children] / Q04_TOTAL - 0.405) <= 0.015 + tolerance',
      appliesTo: ['Q04_BY_GROUP', 'Q04_TOTAL'],
      tolerance: 0.05,
    },
    {
      key: 'specialist-within-last-year',
      kind: 'warning',
      message: 'Specialist support at most doubles',
      expression: 'Q04_ANY_SPECIALIST == 0 or Q04_SPECIALIST <= 2 * previous(Q04_SPECIALIST)',
      appliesTo: ['Q04_SPECIALIST'],
    },
  ],
});

const outcomes = (answers: ReturnAnswers, previousYear?: ReturnAnswers) =>
  Object.fromEntries(evaluateRules(template, answers, previousYear).map((r) => [r.key, r.outcome]));

describe('evaluateRules', () => {
  it('fails a sum that does not add up, and shows the cells it read', () => {
    const [byGroup] = evaluateRules(template, {
      Q04_TOTAL: { '': 100 },
      Q04_BY_GROUP: { adults: 60, children: 41 },
    });
    expect(byGroup).toEqual({
      key: 'by-group',
      kind: 'error',
      outcome: 'fail',
      message: 'Groups add up to the total',
      appliesTo: ['Q04_BY_GROUP', 'Q04_TOTAL'],
      values: { 'Q04_BY_GROUP[adults]': 60, 'Q04_BY_GROUP[children]': 41, Q04_TOTAL: 100 },
    });
  });

  it('passes a sum that adds up, and a share within its tolerance', () => {
    expect(outcomes({ Q04_TOTAL: { '': 100 }, Q04_BY_GROUP: { adults: 59, children: 41 } })).toMatchObject({
      'by-group': 'pass',
      'children-share': 'pass',
    });
    expect(outcomes({ Q04_TOTAL: { '': 100 }, Q04_BY_GROUP: { adults: 30, children: 70 } })).toMatchObject({
      'by-group': 'pass',
      'children-share': 'fail',
    });
  });

  it('cannot evaluate a rule with an input not collected or missing: blank is never zero', () => {
    const [byGroup] = evaluateRules(template, {
      Q04_TOTAL: { '': 100 },
      Q04_BY_GROUP: { adults: { notCollected: true } },
    });
    expect(byGroup).toMatchObject({
      outcome: 'not-evaluable',
      values: {
        'Q04_BY_GROUP[adults]': 'not collected',
        'Q04_BY_GROUP[children]': 'missing',
        Q04_TOTAL: 100,
      },
      reason: 'an input is missing, not collected or not a number',
    });
  });

  it('warns of a change of more than 50% on last year, given last year', () => {
    const thisYear = { Q04_TOTAL: { '': 160 } };
    expect(evaluateRules(template, thisYear, { Q04_TOTAL: { '': 100 } })[1]).toMatchObject({
      kind: 'warning',
      outcome: 'fail',
      values: { Q04_TOTAL: 160, 'last year: Q04_TOTAL': 100 },
    });
    expect(outcomes(thisYear, { Q04_TOTAL: { '': 120 } })['year-on-year']).toBe('pass');
    expect(evaluateRules(template, thisYear)[1]).toMatchObject({
      outcome: 'not-evaluable',
      reason: "it needs last year's answers",
    });
    expect(outcomes(thisYear, { Q04_TOTAL: { '': 0 } })['year-on-year']).toBe('not-evaluable');
  });

  it('cannot evaluate a division by zero', () => {
    const [, , share] = evaluateRules(template, {
      Q04_TOTAL: { '': 0 },
      Q04_BY_GROUP: { adults: 0, children: 0 },
    });
    expect(share).toMatchObject({ outcome: 'not-evaluable', reason: 'it meets a division by zero' });
  });

  it('reads yes as 1 and no as 0, and last year with previous()', () => {
    const last = { Q04_SPECIALIST: { '': 10 } };
    expect(outcomes({ Q04_ANY_SPECIALIST: { '': true }, Q04_SPECIALIST: { '': 25 } }, last)).toMatchObject({
      'specialist-within-last-year': 'fail',
    });
    expect(outcomes({ Q04_ANY_SPECIALIST: { '': true }, Q04_SPECIALIST: { '': 20 } }, last)).toMatchObject({
      'specialist-within-last-year': 'pass',
    });
  });

  it('cannot evaluate a cell whose answer is not a number', () => {
    const [byGroup] = evaluateRules(template, {
      Q04_TOTAL: { '': 'a hundred' },
      Q04_BY_GROUP: { adults: 60, children: 40 },
    });
    expect(byGroup).toMatchObject({ outcome: 'not-evaluable', values: { Q04_TOTAL: 'not a number' } });
  });
});

describe('checkRequired', () => {
  const required = (answers: ReturnAnswers) =>
    Object.fromEntries(checkRequired(template, answers).map((r) => [r.key, r.outcome]));

  it('gives an error for each mandatory question not answered in every cell', () => {
    const results = checkRequired(template, { Q04_TOTAL: { '': 0 }, Q04_BY_GROUP: { adults: 3 } });
    expect(results.map((r) => r.key)).toEqual([
      'required:Q04_TOTAL',
      'required:Q04_BY_GROUP',
      'required:Q04_ANY_SPECIALIST',
      'required:Q04_SPECIALIST',
    ]);
    expect(results[0]).toMatchObject({ kind: 'error', outcome: 'pass' });
    expect(results[1]).toMatchObject({
      kind: 'error',
      outcome: 'fail',
      values: { 'Q04_BY_GROUP[children]': 'missing' },
    });
  });

  it('takes "not collected" as an answer', () => {
    expect(required({ Q04_BY_GROUP: { adults: 3, children: { notCollected: true } } })).toMatchObject({
      'required:Q04_BY_GROUP': 'pass',
    });
  });

  it('requires a question with requiredWhen only when its condition holds', () => {
    expect(required({ Q04_ANY_SPECIALIST: { '': true } })['required:Q04_SPECIALIST']).toBe('fail');
    expect(required({ Q04_ANY_SPECIALIST: { '': false } })['required:Q04_SPECIALIST']).toBe('pass');
    expect(required({})['required:Q04_SPECIALIST']).toBe('not-evaluable');
  });
});
