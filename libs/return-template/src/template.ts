import { z } from 'zod';
import {
  CODE_PATTERN,
  ExpressionError,
  type ExpressionScope,
  QUESTION_KEY_PATTERN,
  compileExpression,
} from './expression';
import { readJson, readYaml } from './template-text';

/**
 * A return template: the department's annual Part 4 form for one financial year, as data. Sections hold
 * questions; code lists give the dimensions and choices; rules check the answers. A template in use is never
 * changed: a change is a new templateVersion.
 */
export const QUESTION_TYPES = ['count', 'money', 'yes-no', 'date', 'text', 'choice', 'url'] as const;
/** Where a figure comes from: a KPI, providers' submissions, Waymark's own records, or the coordinator. */
export const ANSWER_SOURCES = ['kpi', 'providers', 'waymark', 'coordinator'] as const;
/** How providers' answers to one cell combine: summed, or yes when any (or all) say yes. */
export const COMBINE_RULES = ['sum', 'any', 'all'] as const;

/**
 * What Waymark's own records can answer, as at the end of the financial year: a question whose source is
 * `waymark` names one, and the return opens with it filled in (the coordinator may still change it).
 */
export const WAYMARK_FACTS = [
  /** yes-no: the current strategy has been published. */
  'strategy-published',
  /** date: when the current strategy, or its latest reviewed version, was published. */
  'strategy-published-on',
  /** url: where its latest version is published. */
  'strategy-url',
  /** date: the last day of the review window the strategy is in (SI 2021/990 reg 4). */
  'strategy-review-due',
  /** yes-no: the partnership has a board. */
  'board-appointed',
  /** count by a code list whose codes name Waymark's board categories (`waymark`). */
  'board-members-by-category',
  /** count: board meetings held in the year. */
  'board-meetings-in-year',
  /** text: the current strategy's actions by status. */
  'actions-progress',
] as const;

const code = z.string().regex(CODE_PATTERN, 'lower case letters, digits and single hyphens');
const questionKey = z
  .string()
  .regex(QUESTION_KEY_PATTERN, 'capitals, digits and "_", starting with a capital');
const text = z.string().trim().min(1);

const codeListSchema = z.strictObject({
  label: text,
  codes: z
    .array(
      z.strictObject({
        code,
        label: text,
        confirmed: z.boolean(),
        /** The value in Waymark's records this code stands for (e.g. a board category), where there is one. */
        waymark: text.optional(),
      }),
    )
    .min(1),
});

const questionSchema = z.strictObject({
  key: questionKey,
  label: text,
  guidance: z.string(),
  type: z.enum(QUESTION_TYPES),
  obligation: z.enum(['mandatory', 'voluntary']),
  /** Confirmed from a primary source ([P]); provisional when secondary or inferred ([S]/[I]). */
  confidence: z.enum(['confirmed', 'provisional']),
  /** Code-list keys; the question's cells are their cartesian product (one cell without dimensions). */
  dimensions: z.array(code).max(2),
  /** The code list of a choice question. */
  choices: code.optional(),
  source: z.enum(ANSWER_SOURCES),
  /** For a question Waymark's own records answer: which fact. */
  fact: z.enum(WAYMARK_FACTS).optional(),
  /** For a question a KPI answers (`source: 'kpi'`): the KPI's code; its value for the financial year. */
  kpi: z.string().trim().min(1).max(60).optional(),
  /**
   * For a question providers answer: how their answers make the return's figure. `sum` (the default for
   * counts and money), `any` (yes when one says yes: the default for yes/no) or `all` (yes when all do).
   */
  combine: z.enum(COMBINE_RULES).optional(),
  /** A mandatory question with requiredWhen is required only when this condition holds. */
  requiredWhen: text.optional(),
});

const sectionSchema = z.strictObject({
  key: code,
  number: z.number().int().positive(),
  title: text,
  sheetName: z.string(),
  questions: z.array(questionSchema).min(1),
});

const ruleSchema = z.strictObject({
  key: code,
  kind: z.enum(['error', 'warning']),
  message: text,
  expression: text,
  appliesTo: z.array(questionKey).min(1),
  /** A non-negative number the expression reads as `tolerance`. */
  tolerance: z.number().nonnegative().optional(),
});

const financialYear = z
  .string()
  .regex(/^\d{4}-\d{2}$/, 'a financial year such as 2025-26')
  .refine(
    (year) => (Number(year.slice(0, 4)) + 1) % 100 === Number(year.slice(5)),
    'the second year must follow the first (2025-26)',
  );

export const returnTemplateSchema = z
  .strictObject({
    templateVersion: z.number().int().positive(),
    financialYear,
    title: text,
    sourceNotes: z.array(text),
    codeLists: z.record(code, codeListSchema),
    sections: z.array(sectionSchema).min(1),
    rules: z.array(ruleSchema),
  })
  .superRefine((template, context) => {
    const issue = (path: (string | number)[], message: string) =>
      context.addIssue({ code: 'custom', path, message });
    checkTemplate(template, issue);
  });

export type ReturnTemplate = z.infer<typeof returnTemplateSchema>;
export type ReturnSection = ReturnTemplate['sections'][number];
export type ReturnQuestion = ReturnSection['questions'][number];
export type ReturnRule = ReturnTemplate['rules'][number];
export type CodeList = z.infer<typeof codeListSchema>;
export type QuestionType = (typeof QUESTION_TYPES)[number];

type Issue = (path: (string | number)[], message: string) => void;

function checkTemplate(template: ReturnTemplate, issue: Issue): void {
  for (const [listKey, list] of Object.entries(template.codeLists)) {
    duplicates(list.codes.map((c) => c.code)).forEach((index) =>
      issue(['codeLists', listKey, 'codes', index, 'code'], `duplicate code "${list.codes[index].code}"`),
    );
  }
  const listExists = (key: string) => Object.hasOwn(template.codeLists, key);
  const sectionPath = (index: number) => ['sections', index];
  duplicates(template.sections.map((s) => s.key)).forEach((i) =>
    issue([...sectionPath(i), 'key'], `duplicate section key "${template.sections[i].key}"`),
  );
  duplicates(template.sections.map((s) => String(s.number))).forEach((i) =>
    issue([...sectionPath(i), 'number'], `duplicate section number ${template.sections[i].number}`),
  );
  duplicates(template.sections.map((s) => s.sheetName.toLowerCase())).forEach((i) =>
    issue([...sectionPath(i), 'sheetName'], `duplicate sheet name "${template.sections[i].sheetName}"`),
  );
  template.sections.forEach((section, s) => {
    const problem = sheetNameProblem(section.sheetName);
    if (problem) issue([...sectionPath(s), 'sheetName'], problem);
  });

  const questions = allQuestions(template);
  const duplicateQuestions = duplicates(questions.map((q) => q.question.key));
  duplicateQuestions.forEach((i) =>
    issue(questions[i].path.concat('key'), `duplicate question key "${questions[i].question.key}"`),
  );
  for (const { question, path } of questions) {
    question.dimensions.forEach((list, d) => {
      if (!listExists(list))
        issue([...path, 'dimensions', d], `"${list}" is not a code list of this template`);
    });
    if (question.dimensions.length === 2 && question.dimensions[0] === question.dimensions[1]) {
      issue([...path, 'dimensions', 1], 'the two dimensions must be different code lists');
    }
    if (question.type === 'choice' && question.choices === undefined) {
      issue([...path, 'choices'], 'a choice question names the code list it chooses from');
    } else if (question.type !== 'choice' && question.choices !== undefined) {
      issue([...path, 'choices'], 'only a choice question has choices');
    } else if (question.choices !== undefined && !listExists(question.choices)) {
      issue([...path, 'choices'], `"${question.choices}" is not a code list of this template`);
    }
    if (question.fact !== undefined && question.source !== 'waymark')
      issue([...path, 'fact'], "only a question whose source is 'waymark' names a fact of Waymark's records");
    if (question.source === 'kpi' && question.kpi === undefined)
      issue([...path, 'kpi'], "a question whose source is 'kpi' names the KPI's code");
    else if (question.source !== 'kpi' && question.kpi !== undefined)
      issue([...path, 'kpi'], "only a question whose source is 'kpi' names a KPI");
    else if (
      question.kpi !== undefined &&
      (question.dimensions.length > 0 || !['count', 'money'].includes(question.type))
    )
      issue([...path, 'kpi'], 'a KPI answers one figure: a count or money question without dimensions');
    const combineProblem = combineRuleProblem(question);
    if (combineProblem) issue([...path, question.combine ? 'combine' : 'type'], combineProblem);
  }
  duplicates(template.rules.map((r) => r.key)).forEach((i) =>
    issue(['rules', i, 'key'], `duplicate rule key "${template.rules[i].key}"`),
  );
  // Expressions can only be checked against a template whose question keys and code-list references are sound.
  const broken =
    duplicateQuestions.length > 0 ||
    questions.some(
      ({ question }) =>
        question.dimensions.some((list) => !listExists(list)) ||
        (question.choices !== undefined && !listExists(question.choices)),
    );
  if (broken) return;

  const scope = expressionScope(template);
  for (const { question, path } of questions) {
    if (question.requiredWhen === undefined) continue;
    if (question.obligation === 'voluntary') {
      issue([...path, 'requiredWhen'], 'a voluntary question is never required: make it mandatory');
    }
    compileOrReport(question.requiredWhen, scope(false), [...path, 'requiredWhen'], issue);
  }
  const questionKeys = new Set(questions.map((q) => q.question.key));
  template.rules.forEach((rule, r) => {
    rule.appliesTo.forEach((key, k) => {
      if (!questionKeys.has(key))
        issue(['rules', r, 'appliesTo', k], `${key} is not a question of this template`);
    });
    const compiled = compileOrReport(
      rule.expression,
      scope(rule.tolerance !== undefined),
      ['rules', r, 'expression'],
      issue,
    );
    if (compiled && rule.tolerance !== undefined && !compiled.usesTolerance) {
      issue(['rules', r, 'tolerance'], 'the expression does not use its tolerance: write "tolerance" in it');
    }
  });
}

function compileOrReport(
  expression: string,
  scope: ExpressionScope,
  path: (string | number)[],
  issue: Issue,
) {
  try {
    return compileExpression(expression, scope);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    issue(path, error.message);
    return undefined;
  }
}

/** Why a question's answers cannot be combined across providers as it says, or undefined. */
function combineRuleProblem(question: ReturnQuestion): string | undefined {
  if (question.source !== 'providers')
    return question.combine ? "only a question whose source is 'providers' says how to combine" : undefined;
  const numeric = question.type === 'count' || question.type === 'money';
  if (!numeric && question.type !== 'yes-no')
    return 'providers answer counts, money or yes/no: their answers are combined across providers';
  if (question.combine === 'sum' && !numeric) return 'only counts and money are summed';
  if (question.combine && question.combine !== 'sum' && numeric)
    return "'any' and 'all' combine yes/no answers";
  return undefined;
}

/** Every question with its path in the template, in order. */
export function allQuestions(
  template: ReturnTemplate,
): { question: ReturnQuestion; path: (string | number)[] }[] {
  return template.sections.flatMap((section, s) =>
    section.questions.map((question, q) => ({ question, path: ['sections', s, 'questions', q] })),
  );
}

/** What expressions of this template may refer to, with or without a tolerance. */
export function expressionScope(template: ReturnTemplate): (tolerance: boolean) => ExpressionScope {
  const questions = new Map(allQuestions(template).map(({ question }) => [question.key, question]));
  return (tolerance) => ({
    question: (key) => questions.get(key),
    codes: (listKey) => template.codeLists[listKey]?.codes.map((c) => c.code) ?? [],
    tolerance,
  });
}

/** Excel's limits: 1 to 31 characters, none of : \ / ? * [ ], no apostrophe at either end, not "History". */
export function sheetNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 31)
    return `a sheet name has 1 to 31 characters (this has ${name.length})`;
  if (/[:\\/?*[\]]/.test(name)) return 'a sheet name may not contain : \\ / ? * [ ]';
  if (name.startsWith("'") || name.endsWith("'"))
    return 'a sheet name may not begin or end with an apostrophe';
  if (name.toLowerCase() === 'history') return '"History" is reserved by Excel';
  return undefined;
}

/** Indexes of the entries that repeat an earlier one. */
function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  return values.flatMap((value, index) => {
    if (seen.has(value)) return [index];
    seen.add(value);
    return [];
  });
}

export type ReturnTemplateFormat = 'json' | 'yaml';

export interface TemplateError {
  /** Where in the document, dot-separated (e.g. `sections.3.questions.2.dimensions.0`); empty for the whole. */
  path: string;
  message: string;
  /**
   * Where in a YAML text (1-based): the place of a syntax error, or of the value at `path` (its parent's, for a
   * field that is missing). JSON errors have none.
   */
  line?: number;
  column?: number;
}

/**
 * Reads and validates a template document, JSON or YAML: both give the same template, and the same errors by
 * path (YAML's also give their line and column).
 */
export function parseReturnTemplate(
  text: string,
  format: ReturnTemplateFormat = 'json',
): { ok: true; template: ReturnTemplate } | { ok: false; errors: TemplateError[] } {
  const read = format === 'yaml' ? readYaml(text) : readJson(text);
  if (!read.ok) return read;
  const result = returnTemplateSchema.safeParse(read.document);
  if (result.success) return { ok: true, template: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
      ...read.locate(issue.path),
    })),
  };
}
