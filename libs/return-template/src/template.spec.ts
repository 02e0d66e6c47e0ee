import { stringify } from 'yaml';
import template2025 from '../templates/2025-26.json';
import { defaultReturnTemplate } from './default-template';
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

  it('has a KPI answer a question only by its code, one figure of a count or money', () => {
    const template = document();
    template.sections[0].questions[0] = question({ key: 'Q_TOTAL', source: 'kpi' });
    template.sections[0].questions[2] = question({ key: 'Q_HOW', type: 'text', kpi: 'REFUGE-NIGHTS' });
    template.sections[0].questions.push(question({ key: 'Q_OK', source: 'kpi', kpi: 'REFUGE-NIGHTS' }));
    expect(errorsOf(template)).toEqual([
      {
        path: 'sections.0.questions.0.kpi',
        message: "a question whose source is 'kpi' names the KPI's code",
      },
      { path: 'sections.0.questions.2.kpi', message: "only a question whose source is 'kpi' names a KPI" },
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

describe('parseReturnTemplate, YAML', () => {
  /** document() by hand, as a coordinator would write it. */
  const small = `# A small return
templateVersion: 1
financialYear: 2025-26
title: A small return
sourceNotes: []
codeLists:
  groups:
    label: People
    codes:
      - { code: women, label: Women, confirmed: true }
      - { code: children, label: Children, confirmed: true }
  places:
    label: Places
    codes: [{ code: refuge, label: Refuge, confirmed: true }]
sections:
  - key: individuals
    number: 1
    title: Individuals
    sheetName: 01_Individuals
    questions:
      - key: Q_TOTAL
        label: A question
        guidance: &none ''
        type: count
        obligation: mandatory
        confidence: confirmed
        source: coordinator
        dimensions: []
      - key: Q_BY_GROUP
        label: A question
        guidance: *none
        type: count
        obligation: mandatory
        confidence: confirmed
        source: coordinator
        dimensions: [places, groups]
      - key: Q_HOW
        label: A question
        guidance: ''
        type: choice
        choices: groups
        obligation: mandatory
        confidence: confirmed
        source: coordinator
        dimensions: []
rules:
  - key: a-rule
    kind: error
    message: Check
    expression: sum(Q_BY_GROUP[*, *]) == Q_TOTAL
    appliesTo: [Q_TOTAL]
`;
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('reads the 2025-26 template written as YAML to the same template as its JSON', () => {
    const fromJson = parseReturnTemplate(JSON.stringify(template2025), 'json');
    const fromYaml = parseReturnTemplate(stringify(template2025), 'yaml');
    expect(fromJson.ok).toBe(true);
    expect(fromYaml).toEqual(fromJson);
    expect(fromYaml).toEqual({ ok: true, template: defaultReturnTemplate() });
  });

  it('reads YAML written by hand, with comments, flow style and an alias, to the same template as JSON', () => {
    expect(parseReturnTemplate(small, 'yaml')).toEqual(
      parseReturnTemplate(JSON.stringify(document()), 'json'),
    );
  });

  it('names the same paths as JSON, with the line and column of each', () => {
    const template = document();
    template.sections[0].questions[1].dimensions = ['places', 'ages'];
    template.sections[0].sheetName = 'Q1/Q2';
    template.codeLists.groups.codes[1].code = 'women';
    const text = stringify(template);
    const errors = parseReturnTemplate(text, 'yaml');
    expect(errors).toEqual({
      ok: false,
      errors: errorsOf(template).map((error) => ({
        ...error,
        line: expect.any(Number),
        column: expect.any(Number),
      })),
    });
    const at = (path: string) => (errors.ok ? undefined : errors.errors.find((e) => e.path === path));
    expect(at('sections.0.questions.1.dimensions.1')).toMatchObject({ line: lineOf(text, '- ages') });
    expect(at('sections.0.questions.1.dimensions.1')?.column).toBe(
      text.split('\n')[lineOf(text, '- ages') - 1].indexOf('ages') + 1,
    );
    expect(at('sections.0.sheetName')).toMatchObject({ line: lineOf(text, 'sheetName: Q1/Q2') });
    expect(at('codeLists.groups.codes.1.code')).toMatchObject({ line: lineOf(text, 'code: women') + 3 });
  });

  it('points a missing field at the mapping that lacks it, and an unknown field at its mapping', () => {
    const text = small
      .replace('    title: Individuals\n', '')
      .replace('    kind: error\n', '    kind: error\n    severity: high\n');
    const result = parseReturnTemplate(text, 'yaml');
    expect(result.ok ? [] : result.errors.map(({ path, line }) => ({ path, line }))).toEqual([
      { path: 'sections.0.title', line: lineOf(text, '- key: individuals') },
      { path: 'rules.0', line: lineOf(text, '- key: a-rule') },
    ]);
  });

  it('reads YAML 1.2: yes is text, not true, and the error names its path and line', () => {
    const text = small.replace(
      '{ code: refuge, label: Refuge, confirmed: true }',
      '{ code: refuge, label: Refuge, confirmed: yes }',
    );
    expect(parseReturnTemplate(text, 'yaml')).toEqual({
      ok: false,
      errors: [
        {
          path: 'codeLists.places.codes.0.confirmed',
          message: expect.stringContaining('boolean'),
          line: lineOf(text, 'confirmed: yes'),
          column: text.split('\n')[lineOf(text, 'confirmed: yes') - 1].indexOf('yes') + 1,
        },
      ],
    });
  });

  it('refuses a duplicate key, naming its line and column', () => {
    const text = small.replace('    number: 1\n', '    number: 1\n    number: 2\n');
    expect(parseReturnTemplate(text, 'yaml')).toEqual({
      ok: false,
      errors: [
        {
          path: '',
          message: `not yaml: Map keys must be unique (line ${lineOf(text, 'number: 2')}, column 5)`,
          line: lineOf(text, 'number: 2'),
          column: 5,
        },
      ],
    });
  });

  it.each([
    // Found where the next entry begins.
    [
      'a flow sequence left open',
      small.replace('dimensions: [places, groups]', 'dimensions: [places, groups'),
      '- key: Q_HOW',
    ],
    ['a bad indent', small.replace('    label: Places', '   label: Places'), 'label: Places'],
    ['a second document', `${small}---\ntitle: Another\n`, '---'],
    [
      'a tag YAML does not know',
      small.replace('title: A small return', 'title: !secret A small return'),
      '!secret',
    ],
  ])('refuses %s, naming its line', (_what, text, needle) => {
    const result = parseReturnTemplate(text, 'yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({
      path: '',
      message: expect.stringMatching(/^not yaml: .* \(line \d+, column \d+\)$/),
    });
    expect(result.errors.map((e) => e.line)).toContain(lineOf(text, needle));
  });

  it('refuses an alias to an anchor it has not seen, naming its line, and YAML that is not a mapping', () => {
    const text = small.replace('guidance: *none', 'guidance: *nothing');
    const line = lineOf(text, '*nothing');
    expect(parseReturnTemplate(text, 'yaml')).toEqual({
      ok: false,
      errors: [
        {
          path: '',
          message: `not yaml: alias *nothing has no anchor &nothing before it (line ${line}, column 19)`,
          line,
          column: 19,
        },
      ],
    });
    expect(parseReturnTemplate('- just\n- a list\n', 'yaml')).toMatchObject({
      ok: false,
      errors: [{ path: '', line: 1, column: 1 }],
    });
  });

  it('refuses an alias bomb', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefg') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expect(parseReturnTemplate(levels.join('\n'), 'yaml')).toEqual({
      ok: false,
      errors: [{ path: '', message: expect.stringContaining('resource exhaustion') }],
    });
  });
});
