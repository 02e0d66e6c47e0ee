import { type TemplateError, parseReturnTemplate } from './template';

/** A small valid template document; tests break one thing in it. */
function document() {
  return {
    templateVersion: 1,
    financialYear: '2025-26',
    title: 'A small return',
    sourceNotes: [],
    codeLists: {
      groups: {
        label: 'People',
        codes: [
          { code: 'women', label: 'Women', confirmed: true },
          { code: 'children', label: 'Children', confirmed: true },
        ],
      },
      places: { label: 'Places', codes: [{ code: 'refuge', label: 'Refuge', confirmed: true }] },
    },
    sections: [
      {
        key: 'individuals',
        number: 1,
        title: 'Individuals',
        sheetName: '01_Individuals',
        questions: [
          question({ key: 'Q_TOTAL' }),
          question({ key: 'Q_BY_GROUP', dimensions: ['places', 'groups'] }),
          question({ key: 'Q_HOW', type: 'choice', choices: 'groups' }),
        ],
      },
    ],
    rules: [rule('sum(Q_BY_GROUP[*, *]) == Q_TOTAL')],
  };
}

function question(fields: { key: string } & Record<string, unknown>) {
  return {
    dimensions: [] as string[],
    label: 'A question',
    guidance: '',
    type: 'count',
    obligation: 'mandatory',
    confidence: 'confirmed',
    source: 'coordinator',
    ...fields,
  };
}

function rule(expression: string, fields: Record<string, unknown> = {}) {
  return { key: 'a-rule', kind: 'error', message: 'Check', expression, appliesTo: ['Q_TOTAL'], ...fields };
}

function errorsOf(value: unknown): TemplateError[] {
  const result = parseReturnTemplate(JSON.stringify(value), 'json');
  return result.ok ? [] : result.errors;
}

describe('parseReturnTemplate', () => {
  it('accepts a valid template', () => {
    const result = parseReturnTemplate(JSON.stringify(document()), 'json');
    expect(result).toMatchObject({ ok: true, template: { financialYear: '2025-26' } });
  });

  it('says when the text is not JSON', () => {
    expect(parseReturnTemplate('{ "templateVersion": ', 'json')).toMatchObject({
      ok: false,
      errors: [{ path: '', message: expect.stringContaining('not json') }],
    });
  });

  it('names the place of an unknown code list', () => {
    const template = document();
    template.sections[0].questions[1].dimensions = ['places', 'ages'];
    expect(errorsOf(template)).toEqual([
      { path: 'sections.0.questions.1.dimensions.1', message: '"ages" is not a code list of this template' },
    ]);
  });

  it('names the places of duplicate keys and codes', () => {
    const template = document();
    template.sections[0].questions[2].key = 'Q_TOTAL';
    template.codeLists.groups.codes[1].code = 'women';
    template.rules.push(rule('Q_TOTAL >= 0'));
    expect(errorsOf(template).map((e) => e.path)).toEqual([
      'codeLists.groups.codes.1.code',
      'sections.0.questions.2.key',
      'rules.1.key',
    ]);
  });

  it('rejects a sheet name Excel would refuse', () => {
    const template = document();
    template.sections[0].sheetName = '08_Strategy_Board_NeedsAssessment';
    expect(errorsOf(template)).toEqual([
      { path: 'sections.0.sheetName', message: 'a sheet name has 1 to 31 characters (this has 33)' },
    ]);
    template.sections[0].sheetName = 'Q1/Q2';
    expect(errorsOf(template)[0].message).toBe('a sheet name may not contain : \\ / ? * [ ]');
  });

  it('wants choices on a choice question only, from a known list', () => {
    const template = document();
    template.sections[0].questions[2] = question({ key: 'Q_HOW', type: 'choice' });
    template.sections[0].questions[0] = question({ key: 'Q_TOTAL', choices: 'groups' });
    expect(errorsOf(template).map((e) => e.path)).toEqual([
      'sections.0.questions.0.choices',
      'sections.0.questions.2.choices',
    ]);
  });

  it("says how providers' answers combine only where they can: sums of figures, yes/no by any or all", () => {
    const template = document();
    template.sections[0].questions[0] = question({ key: 'Q_TOTAL', source: 'providers', combine: 'any' });
    template.sections[0].questions[2] = question({ key: 'Q_HOW', type: 'text', source: 'providers' });
    template.sections[0].questions.push(question({ key: 'Q_YES', type: 'yes-no', combine: 'all' }));
    expect(errorsOf(template)).toEqual([
      { path: 'sections.0.questions.0.combine', message: "'any' and 'all' combine yes/no answers" },
      { path: 'sections.0.questions.2.type', message: expect.stringContaining('providers answer counts') },
      {
        path: 'sections.0.questions.3.combine',
        message: expect.stringContaining("whose source is 'providers'"),
      },
    ]);
  });

  it('names rules that refer to unknown questions, codes or the wrong number of dimensions', () => {
    const cases: [string, string][] = [
      ['Q_NOPE == 1', 'Q_NOPE is not a question of this template'],
      ['sum(Q_BY_GROUP[refuge, men]) == 1', '"men" is not a code of groups (Q_BY_GROUP, dimension 2)'],
      ['Q_BY_GROUP[refuge] == 1', 'Q_BY_GROUP has 2 dimensions'],
      ['Q_TOTAL[women] == 1', 'Q_TOTAL has no dimensions'],
      ['Q_HOW == 1', 'Q_HOW is a choice question'],
      ['Q_BY_GROUP[*, women] == 1', 'is a set of cells'],
      ['sum(Q_BY_GROUP[*, women], 2) == 1', 'must be the only value'],
    ];
    for (const [expression, message] of cases) {
      const template = document();
      template.rules = [rule(expression)];
      const errors = errorsOf(template);
      expect(errors).toEqual([{ path: 'rules.0.expression', message: expect.stringContaining(message) }]);
    }
  });

  it('names an unknown question a rule applies to', () => {
    const template = document();
    template.rules = [rule('Q_TOTAL >= 0', { appliesTo: ['Q_TOTAL', 'Q_OTHER'] })];
    expect(errorsOf(template)).toEqual([
      { path: 'rules.0.appliesTo.1', message: 'Q_OTHER is not a question of this template' },
    ]);
  });

  it.each([
    ['an assignment', 'Q_TOTAL = 1'],
    ['a function definition', 'f(x) = x'],
    ['an unknown function', 'sqrt(Q_TOTAL) == 2'],
    ['an evaluate call', 'evaluate(1) == 1'],
    ['a string', 'Q_TOTAL == "1"'],
    ['a boolean constant', 'true'],
    ['a matrix', '[1, 2] == Q_TOTAL'],
    ['an object', '{a: 1} == Q_TOTAL'],
    ['a property access', 'Q_TOTAL.constructor == 1'],
    ['a conditional', 'Q_TOTAL > 1 ? 1 : 0'],
    ['a chained comparison', '0 <= Q_TOTAL <= 10'],
    ['an unknown symbol', 'Q_TOTAL == pi'],
    ['a number instead of a condition', 'Q_TOTAL + 1'],
    ['a condition used as a number', '(Q_TOTAL > 1) + 1 > 0'],
    ['a number used as a condition', 'Q_TOTAL and 1 > 0'],
    ['tolerance in a rule without one', 'Q_TOTAL <= tolerance'],
    ['change() of a number', 'change(2) > 0'],
    ['unreadable text', 'Q_TOTAL ==== 1'],
    ['a name the engine reserves', 'Q_TOTAL == ref_0'],
  ])('rejects %s', (_what, expression) => {
    const template = document();
    template.rules = [rule(expression)];
    expect(errorsOf(template)).toEqual([{ path: 'rules.0.expression', message: expect.any(String) }]);
  });

  it('checks requiredWhen on mandatory questions only', () => {
    const template = document();
    template.sections[0].questions[0] = question({ key: 'Q_TOTAL', requiredWhen: 'Q_NOPE == 1' });
    template.sections[0].questions[2] = question({
      key: 'Q_HOW',
      obligation: 'voluntary',
      requiredWhen: 'Q_TOTAL > 0',
    });
    expect(errorsOf(template)).toEqual([
      { path: 'sections.0.questions.0.requiredWhen', message: 'Q_NOPE is not a question of this template' },
      {
        path: 'sections.0.questions.2.requiredWhen',
        message: 'a voluntary question is never required: make it mandatory',
      },
    ]);
  });

  it('wants a rule with a tolerance to use it', () => {
    const template = document();
    template.rules = [rule('Q_TOTAL >= 0', { tolerance: 2 })];
    expect(errorsOf(template).map((e) => e.path)).toEqual(['rules.0.tolerance']);
    template.rules = [rule('abs(sum(Q_BY_GROUP[refuge, *]) - Q_TOTAL) <= tolerance', { tolerance: 2 })];
    expect(errorsOf(template)).toEqual([]);
  });

  it('rejects a financial year whose years do not follow', () => {
    expect(errorsOf({ ...document(), financialYear: '2025-27' })).toEqual([
      { path: 'financialYear', message: 'the second year must follow the first (2025-26)' },
    ]);
  });
});
