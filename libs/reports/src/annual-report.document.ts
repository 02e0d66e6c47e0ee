// The annual report for the board and for publication: the figures of the Part 4 return in plain English,
// last year beside this year, with charts, as a Word document (docx) a board paper can use. Small numbers are
// suppressed by the partnership's policy (./suppression). Everything comes from the template: sections,
// questions, labels and code lists. A pure function: it reads nothing but its input, so a frozen version can
// be reported as well as the draft.
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { londonIsoDate } from '@waymark/calendar';
import {
  type CellAnswer,
  type ReturnAnswers,
  type ReturnQuestion,
  type ReturnSection,
  type ReturnTemplate,
  type RuleResult,
  allQuestions,
  cellKey,
  compileExpression,
  expressionScope,
  isNotCollected,
  questionCells,
} from '@waymark/return-template';
import { codeLabel, periodOf } from './annual-return.workbook';
import { renderChart } from './charts';
import {
  type CountLine,
  type Suppression,
  type SuppressionPolicy,
  WITHHELD,
  linesOfCells,
  suppressCounts,
} from './suppression';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Draft until signed off; then the approved version it reports. */
export type AnnualReportStatus =
  { state: 'draft' } | { state: 'approved'; version: number; /** ISO 8601 instant. */ approvedAt?: string };

/** One year's figures: its template and answers. */
export interface AnnualReportYear {
  financialYear: string;
  template: ReturnTemplate;
  answers: ReturnAnswers;
}

export interface AnnualReportInput {
  partnership: { name: string; gssCode: string };
  /** This year: the template's year. */
  year: AnnualReportYear;
  /** Last year's return, when there is one. */
  lastYear?: AnnualReportYear;
  /** evaluateRules and checkRequired on this year's answers. */
  results: RuleResult[];
  /** The coordinator's explanations of warnings, by rule key. */
  explanations: Record<string, string>;
  policy: SuppressionPolicy;
  status: AnnualReportStatus;
  /** ISO 8601 instant. */
  generatedAt: string;
}

// ---------------------------------------------------------------------------------------------------
// Figures as the report shows them
// ---------------------------------------------------------------------------------------------------

const NOT_PROVIDED = 'Not provided';
const NOT_COLLECTED = 'Not collected';
const NOT_ASKED = 'Not asked';
const INCOMPLETE = 'Incomplete';

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2025-05-01" → "1 May 2025". */
export function dateWords(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}

function countWords(value: number): string {
  return value.toLocaleString('en-GB');
}

function moneyWords(value: number): string {
  return value.toLocaleString('en-GB', {
    style: 'currency',
    currency: 'GBP',
    minimumFractionDigits: Number.isInteger(value) ? 0 : 2,
  });
}

const isNumeric = (question: ReturnQuestion) => question.type === 'count' || question.type === 'money';

/** What a cell shows: its words, and its number when the number may be shown (for charts and change). */
interface Shown {
  words: string;
  figure: number | null;
  hidden: boolean;
}

/** A count's id for suppression: its question and cell. */
const countId = (questionKey: string, cell: string) => `${questionKey}|${cell}`;

/** The id of the total of some cells of a question, as the report prints it. */
const totalId = (questionKey: string) => (cells: readonly string[]) =>
  `${questionKey}|total of ${[...cells].sort().join('+')}`;

/** A term of a sum a rule states: a question key, with or without cells in brackets. */
const TERM = /^[A-Z][A-Z0-9_]*(?:\s*\[[^\]]*\])?$/;

/**
 * The template's rules that say counts add up exactly, such as `sum(Q04_INDIVIDUALS_BY_GROUP[*]) ==
 * Q04_INDIVIDUALS_TOTAL` or `Q06_HOUSEHOLDS_STOPPED == Q06_STOPPED_SANCTUARY + Q06_STOPPED_NON_SANCTUARY`: sums
 * of counts on both sides, no tolerance. A reader can subtract across them as within a table.
 */
function ruleLines(template: ReturnTemplate): CountLine[] {
  const scope = expressionScope(template)(false);
  const questions = new Map(allQuestions(template).map(({ question }) => [question.key, question]));
  return template.rules.flatMap((rule) => {
    if (rule.tolerance !== undefined) return [];
    const sides = rule.expression.replace(/\bsum\s*\(([^()]*)\)/g, '$1').split('==');
    const terms = sides.map((side) => side.split('+').map((term) => term.replace(/\s+/g, '')));
    if (sides.length !== 2 || !terms.flat().every((term) => TERM.test(term))) return [];
    const references = new Map(
      compileExpression(rule.expression, scope).references.map((r) => [r.text.replace(/\s+/g, ''), r]),
    );
    const cellsOf = (term: string) => {
      const reference = references.get(term);
      const question = reference && questions.get(reference.questionKey);
      if (!question || question.type !== 'count') return undefined;
      return questionCells(template, question)
        .filter((codes) => reference.codes.every((code, d) => code === '*' || code === codes[d]))
        .map((codes) => countId(question.key, cellKey(codes)));
    };
    const [plus, minus] = terms.map((side) => side.map(cellsOf));
    if ([...plus, ...minus].some((cells) => cells === undefined)) return [];
    return [{ plus: plus.flatMap((cells) => cells!), minus: minus.flatMap((cells) => cells!) }];
  });
}

/** One year's answers with the suppression of its counts worked out. */
class YearFigures {
  /** The counts hidden, by countId (cells) and totalId (the totals the report prints). */
  private readonly hidden: Map<string, Suppression>;

  constructor(
    readonly year: AnnualReportYear,
    private readonly policy: SuppressionPolicy,
  ) {
    const { template } = year;
    const values = new Map<string, number | null>();
    const lines: CountLine[] = [];
    for (const { question } of allQuestions(template)) {
      if (question.type !== 'count') continue;
      const cells = questionCells(template, question);
      for (const codes of cells)
        values.set(countId(question.key, cellKey(codes)), this.number(question.key, codes));
      if (question.dimensions.length === 0) continue;
      for (const line of linesOfCells(cells, totalId(question.key))) {
        const parts = line.plus.map((cell) => values.get(countId(question.key, cell)) ?? null);
        values.set(
          line.minus[0],
          parts.includes(null) ? null : parts.reduce<number>((sum, n) => sum + n!, 0),
        );
        lines.push({ plus: line.plus.map((cell) => countId(question.key, cell)), minus: line.minus });
      }
    }
    this.hidden = suppressCounts(values, [...lines, ...ruleLines(template)], policy);
  }

  /** The question as this year's template has it (by key), or undefined when it was not asked. */
  asked(question: ReturnQuestion): ReturnQuestion | undefined {
    for (const section of this.year.template.sections)
      for (const candidate of section.questions) if (candidate.key === question.key) return candidate;
    return undefined;
  }

  /** Whether any cell of the question has an answer this year. */
  answered(question: ReturnQuestion): boolean {
    return (
      this.asked(question) !== undefined && Object.keys(this.year.answers[question.key] ?? {}).length > 0
    );
  }

  answer(key: string, codes: readonly string[]): CellAnswer | undefined {
    return this.year.answers[key]?.[cellKey(codes)];
  }

  private number(key: string, codes: readonly string[]): number | null {
    const answer = this.answer(key, codes);
    return typeof answer === 'number' ? answer : null;
  }

  /** A cell of a question (this year's or last year's) as the report shows it. */
  cell(question: ReturnQuestion, codes: readonly string[]): Shown {
    const own = this.asked(question);
    if (!own) return { words: NOT_ASKED, figure: null, hidden: false };
    const answer = this.answer(own.key, codes);
    if (answer === undefined) return { words: NOT_PROVIDED, figure: null, hidden: false };
    if (isNotCollected(answer)) return { words: NOT_COLLECTED, figure: null, hidden: false };
    if (typeof answer === 'number') {
      if (own.type === 'money') return { words: moneyWords(answer), figure: answer, hidden: false };
      const why = this.hidden.get(countId(own.key, cellKey(codes)));
      if (why)
        return { words: why === 'small' ? this.policy.replaceWith : WITHHELD, figure: null, hidden: true };
      return { words: countWords(answer), figure: answer, hidden: false };
    }
    if (typeof answer === 'boolean') return { words: answer ? 'Yes' : 'No', figure: null, hidden: false };
    if (own.type === 'date') return { words: dateWords(answer), figure: null, hidden: false };
    if (own.type === 'choice')
      return {
        words: codeLabel(this.year.template.codeLists[own.choices ?? ''], answer),
        figure: null,
        hidden: false,
      };
    return { words: answer, figure: null, hidden: false };
  }

  /**
   * The total of some cells of a count question: a number only when every cell is a number ("Not provided"
   * when none is answered, "Incomplete" otherwise), hidden when small or when suppression had to hide it.
   */
  total(question: ReturnQuestion, cells: readonly (readonly string[])[]): Shown {
    const own = this.asked(question);
    if (!own) return { words: NOT_ASKED, figure: null, hidden: false };
    const numbers = cells.map((codes) => this.number(own.key, codes));
    if (numbers.some((n) => n === null)) {
      const none = cells.every((codes) => this.answer(own.key, codes) === undefined);
      return { words: none ? NOT_PROVIDED : INCOMPLETE, figure: null, hidden: false };
    }
    const total = numbers.reduce<number>((sum, n) => sum + n!, 0);
    const why = own.type === 'count' ? this.hidden.get(totalId(own.key)(cells.map(cellKey))) : undefined;
    if (why)
      return { words: why === 'small' ? this.policy.replaceWith : WITHHELD, figure: null, hidden: true };
    return {
      words: own.type === 'money' ? moneyWords(total) : countWords(total),
      figure: total,
      hidden: false,
    };
  }
}

/** "+32 (+8%)", "−5 (−10%)", "No change"; "" when either has no number; "Not shown" when either is hidden. */
function changeWords(now: Shown, before: Shown, money: boolean): string {
  const missing = (shown: Shown) => shown.figure === null && !shown.hidden;
  if (missing(now) || missing(before)) return '';
  if (now.figure === null || before.figure === null) return 'Not shown';
  const difference = now.figure - before.figure;
  if (difference === 0) return 'No change';
  const sign = difference > 0 ? '+' : '−';
  const amount = money ? moneyWords(Math.abs(difference)) : countWords(Math.abs(difference));
  if (before.figure === 0) return `${sign}${amount}`;
  const percent = Math.round((Math.abs(difference) / before.figure) * 100);
  return `${sign}${amount} (${sign}${percent}%)`;
}

// ---------------------------------------------------------------------------------------------------
// Document parts
// ---------------------------------------------------------------------------------------------------

const FONT = 'Arial';
const HEADER_FILL = 'F3F2F1';
const THIS_YEAR_COLOUR = '#1d70b8';
const LAST_YEAR_COLOUR = '#b1b4b6';
const SERIES_COLOURS = [
  '#1d70b8',
  '#f47738',
  '#00703c',
  '#4c2c92',
  '#d4351c',
  '#505a5f',
  '#b58840',
  '#28a197',
];
/** Width of a chart on the page, in pixels (A4 portrait less the margins is about 640). */
const CHART_WIDTH = 620;

export function paragraph(text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) {
  return new Paragraph({ children: [new TextRun({ text, ...options })], spacing: { after: 120 } });
}

export function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) {
  return new Paragraph({ text, heading: level, keepNext: true, spacing: { before: 240, after: 120 } });
}

export function bullet(text: string) {
  return new Paragraph({ text, bullet: { level: 0 } });
}

/** A table cell: each line of the text a paragraph. */
function tableCell(text: string, header = false, right = false) {
  return new TableCell({
    children: text.split('\n').map(
      (line) =>
        new Paragraph({
          children: [new TextRun({ text: line, bold: header })],
          alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        }),
    ),
    shading: header ? { type: ShadingType.CLEAR, fill: HEADER_FILL, color: 'auto' } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

/** The width of the page between the margins, in twentieths of a point (A4 less 2 cm each side). */
const CONTENT_WIDTH = 11906 - 2 * 1134;

/**
 * A table across the page: a header row, then rows; the first column `first` of the width, the others
 * sharing the rest; when they hold figures, every column but the first right-aligned.
 */
export function table(
  headings: readonly string[],
  rows: readonly (readonly string[])[],
  { first = 0.4, figures = true }: { first?: number; figures?: boolean } = {},
): Table {
  const width = Math.round(first * CONTENT_WIDTH);
  const rest = Math.floor((CONTENT_WIDTH - width) / Math.max(1, headings.length - 1));
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    columnWidths: [width, ...headings.slice(1).map(() => rest)],
    rows: [
      new TableRow({
        tableHeader: true,
        children: headings.map((h, i) => tableCell(h, true, figures && i > 0)),
      }),
      ...rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, i) =>
              tableCell(text, row === rows.at(-1) && text === 'Total', figures && i > 0),
            ),
          }),
      ),
    ],
  });
}

/** Shorter labels for a chart's axis. */
function short(label: string): string {
  return label.length > 40 ? `${label.slice(0, 39)}…` : label;
}

interface ChartSeries {
  name: string;
  values: Shown[];
}

/** A horizontal bar chart as a picture, with its alt text; hidden figures are not plotted but listed. */
async function barChart(
  number: number,
  title: string,
  categories: readonly string[],
  series: readonly ChartSeries[],
  colours: readonly string[],
): Promise<Paragraph[]> {
  const height = 70 + categories.length * Math.max(26, 14 * series.length);
  const image = await renderChart(
    {
      legend: { bottom: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
      // ECharts measures labels narrower than DejaVu Sans draws them: room on the left for the difference.
      grid: { left: 36, right: 40, top: 8, bottom: 36, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
      yAxis: {
        type: 'category',
        data: categories.map(short),
        inverse: true,
        axisLabel: { fontSize: 11, color: '#0b0c0c' },
      },
      series: series.map((s, i) => ({
        name: s.name,
        type: 'bar' as const,
        barMaxWidth: 18,
        data: s.values.map((v) => v.figure),
        itemStyle: { color: colours[i % colours.length] },
        label: { show: true, position: 'right' as const, fontSize: 10, color: '#0b0c0c' },
      })),
    },
    CHART_WIDTH,
    height,
  );
  const describe = (value: Shown, name: string) =>
    `${value.words}${value.hidden ? ' (not plotted)' : ''}${series.length > 1 ? ` ${name}` : ''}`;
  const description =
    `Bar chart: ${title}. ` +
    categories
      .map((category, c) => `${category}: ${series.map((s) => describe(s.values[c], s.name)).join(', ')}`)
      .join('; ') +
    '.';
  const hidden = categories.flatMap((category, c) =>
    series.filter((s) => s.values[c].hidden).map((s) => `${category} (${s.name}): ${s.values[c].words}`),
  );
  return [
    new Paragraph({
      children: [
        new ImageRun({
          type: 'png',
          data: image.png,
          transformation: { width: image.width, height: image.height },
          altText: { name: `Figure ${number}`, title: `Figure ${number}: ${title}`, description },
        }),
      ],
      keepNext: true,
    }),
    paragraph(`Figure ${number}: ${title}`, { italics: true, size: 18 }),
    ...(hidden.length
      ? [paragraph(`Not plotted, to protect small numbers: ${hidden.join('; ')}.`, { size: 18 })]
      : []),
  ];
}

// ---------------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------------

class ReportWriter {
  private readonly now: YearFigures;
  private readonly before: YearFigures | undefined;
  private figures = 0;

  constructor(private readonly input: AnnualReportInput) {
    this.now = new YearFigures(input.year, input.policy);
    this.before = input.lastYear && new YearFigures(input.lastYear, input.policy);
  }

  private get thisYear() {
    return this.input.year.financialYear;
  }

  private get lastYear() {
    return this.input.lastYear?.financialYear;
  }

  private codes(key: string) {
    return this.input.year.template.codeLists[key];
  }

  /** Columns of a comparison: this year, and last year and the change when there is a last year. */
  private comparison(first: string): string[] {
    return this.before ? [first, this.thisYear, this.lastYear!, 'Change'] : [first, this.thisYear];
  }

  private compareRow(label: string, now: Shown, before: Shown | undefined, money: boolean): string[] {
    return before ? [label, now.words, before.words, changeWords(now, before, money)] : [label, now.words];
  }

  titlePage(): Paragraph[] {
    const { input } = this;
    const status =
      input.status.state === 'draft'
        ? 'Draft: not approved'
        : `Approved version ${input.status.version}` +
          (input.status.approvedAt
            ? `, approved on ${dateWords(londonIsoDate(new Date(input.status.approvedAt)))}`
            : '');
    const { suppressBelow, replaceWith } = input.policy;
    return [
      new Paragraph({ text: input.partnership.name, heading: HeadingLevel.TITLE, spacing: { after: 240 } }),
      new Paragraph({
        children: [
          new TextRun({
            text: `Domestic abuse safe accommodation: annual report ${this.thisYear}`,
            size: 32,
          }),
        ],
        spacing: { after: 240 },
      }),
      paragraph(
        `The partnership's report on its duty to support victims of domestic abuse in safe accommodation (Part 4 of the Domestic Abuse Act 2021), with the figures of its annual return to the department.`,
      ),
      paragraph(`Reporting period: ${periodOf(this.thisYear)}`),
      new Paragraph({
        children: [new TextRun({ text: `Status: ${status}`, bold: true })],
        spacing: { after: 120 },
      }),
      paragraph(`Template: ${input.year.template.title}`),
      paragraph(`Produced by Waymark on ${dateWords(londonIsoDate(new Date(input.generatedAt)))}`),
      heading('How to read this report', HeadingLevel.HEADING_2),
      bullet(`“${NOT_PROVIDED}”: no answer has been given yet.`),
      bullet(`“${NOT_COLLECTED}”: the figure is not collected. It is not zero.`),
      bullet('0 means none.'),
      ...(suppressBelow > 0
        ? [
            bullet(
              `To protect the people behind them, counts from 1 to ${suppressBelow - 1} are shown as “${replaceWith}” and are not plotted in charts.`,
            ),
            bullet(
              `“${WITHHELD}”: a larger count not shown, so that a small one cannot be worked out from a total.`,
            ),
          ]
        : [
            bullet(
              'Small numbers are not suppressed in this report: it is not for publication as it stands.',
            ),
          ]),
      ...(this.before
        ? [bullet(`Each figure is shown beside last year's (${this.lastYear}), with the change.`)]
        : [bullet('There is no return for last year in Waymark to compare with.')]),
      new Paragraph({ children: [new PageBreak()] }),
    ];
  }

  /** The headline of each section: its first count or amount without dimensions. */
  summary(): Paragraph[] {
    const lines: string[] = [];
    for (const section of this.input.year.template.sections) {
      const question = section.questions.find((q) => isNumeric(q) && q.dimensions.length === 0);
      if (!question) continue;
      const now = this.now.cell(question, []);
      const before = this.before?.cell(question, []);
      lines.push(`${question.label}: ${now.words}${before ? this.since(now, before) : ''}.`);
    }
    return [
      heading('Summary', HeadingLevel.HEADING_1),
      ...(lines.length ? lines.map(bullet) : [paragraph('The template has no headline figures.')]),
      ...this.checksSummary(),
    ];
  }

  private since(now: Shown, before: Shown): string {
    const last = this.lastYear!;
    if (before.words === NOT_ASKED) return ` (not asked in ${last})`;
    if (now.figure === null || before.figure === null)
      return before.words === now.words ? '' : ` (${last}: ${before.words})`;
    if (now.figure === before.figure) return `, the same as in ${last}`;
    return `, ${now.figure > before.figure ? 'up' : 'down'} from ${before.words} in ${last}`;
  }

  /** The results sorted: unanswered mandatory questions, failing errors and warnings, and the rest counted. */
  private get outcomes() {
    const { results } = this.input;
    const failing = results.filter((r) => r.outcome === 'fail');
    const isRequired = (r: RuleResult) => r.key.startsWith('required:');
    const warnings = failing.filter((r) => r.kind === 'warning');
    return {
      required: failing.filter(isRequired).length,
      errors: failing.filter((r) => r.kind === 'error' && !isRequired(r)),
      warnings,
      unexplained: warnings.filter((r) => !this.input.explanations[r.key]).length,
      notEvaluable: results.filter((r) => r.outcome === 'not-evaluable').length,
      passing: results.filter((r) => r.outcome === 'pass').length,
    };
  }

  private checksSummary(): Paragraph[] {
    const { required, errors, warnings, unexplained } = this.outcomes;
    const problems = [
      required
        ? `${required} mandatory ${required === 1 ? 'question is' : 'questions are'} not yet answered`
        : '',
      errors.length ? `${errors.length} ${errors.length === 1 ? 'check fails' : 'checks fail'}` : '',
      warnings.length
        ? `${warnings.length} ${warnings.length === 1 ? 'figure needs' : 'figures need'} an explanation (${unexplained} not yet given)`
        : '',
    ].filter(Boolean);
    return [
      paragraph(
        problems.length
          ? `${problems.join('; ')}: see “Checks on the figures” at the end.`
          : 'Every check on the figures that could be made passes.',
      ),
    ];
  }

  async section(section: ReturnSection): Promise<(Paragraph | Table)[]> {
    const parts: (Paragraph | Table)[] = [
      heading(`${section.number}. ${section.title}`, HeadingLevel.HEADING_1),
    ];
    let figures: ReturnQuestion[] = [];
    const flush = () => {
      if (figures.length === 0) return;
      parts.push(
        table(
          this.comparison('Figure'),
          figures.map((q) =>
            this.compareRow(q.label, this.now.cell(q, []), this.before?.cell(q, []), q.type === 'money'),
          ),
        ),
        paragraph(''),
      );
      figures = [];
    };
    for (const question of section.questions) {
      if (question.dimensions.length === 0 && isNumeric(question)) {
        figures.push(question);
        continue;
      }
      flush();
      if (question.dimensions.length === 0 || !this.anyYearAnswered(question))
        parts.push(...this.sentence(question));
      else if (question.dimensions.length === 1) parts.push(...(await this.byOne(question)));
      else if (question.type === 'count') parts.push(...(await this.countGrid(question)));
      else parts.push(...this.listGrid(question));
    }
    flush();
    return parts;
  }

  private anyYearAnswered(question: ReturnQuestion): boolean {
    return this.now.answered(question) || (this.before?.answered(question) ?? false);
  }

  /** An answer without dimensions that is not a figure, or a question not answered at all: a sentence. */
  private sentence(question: ReturnQuestion): Paragraph[] {
    const unanswered = question.dimensions.length > 0;
    const now = unanswered ? { words: NOT_PROVIDED } : this.now.cell(question, []);
    const before = unanswered ? undefined : this.before?.cell(question, []);
    const comparable = before && !['text', 'url'].includes(question.type) && before.words !== now.words;
    return [
      new Paragraph({
        children: [
          new TextRun({ text: `${question.label} `, bold: true }),
          new TextRun(now.words),
          ...(comparable ? [new TextRun(` (${this.lastYear}: ${before.words})`)] : []),
        ],
        spacing: { after: 120 },
      }),
    ];
  }

  /** A question with one dimension: a table by code, with a total for figures, and a chart for counts. */
  private async byOne(question: ReturnQuestion): Promise<(Paragraph | Table)[]> {
    const list = this.codes(question.dimensions[0]);
    const cells = questionCells(this.input.year.template, question);
    const money = question.type === 'money';
    const rows = cells.map((codes) =>
      this.compareRow(
        codeLabel(list, codes[0]),
        this.now.cell(question, codes),
        this.before?.cell(question, codes),
        money,
      ),
    );
    const total = this.now.total(question, cells);
    if (isNumeric(question) && (total.figure !== null || total.hidden))
      rows.push(this.compareRow('Total', total, this.before?.total(question, cells), money));
    const parts: (Paragraph | Table)[] = [
      heading(question.label, HeadingLevel.HEADING_2),
      table(this.comparison(list.label), rows),
      paragraph(''),
    ];
    if (question.type === 'count' && this.plottable(question, cells)) {
      parts.push(
        ...(await barChart(
          (this.figures += 1),
          question.label,
          cells.map((codes) => codeLabel(list, codes[0])),
          [
            { name: this.thisYear, values: cells.map((codes) => this.now.cell(question, codes)) },
            ...(this.before
              ? [{ name: this.lastYear!, values: cells.map((codes) => this.before!.cell(question, codes)) }]
              : []),
          ],
          [THIS_YEAR_COLOUR, LAST_YEAR_COLOUR],
        )),
      );
    }
    return parts;
  }

  private plottable(question: ReturnQuestion, cells: readonly string[][]): boolean {
    return [this.now, this.before].some((year) =>
      cells.some(
        (codes) => (year?.cell(question, codes).figure ?? 0) > 0 || year?.cell(question, codes).hidden,
      ),
    );
  }

  /**
   * A count question with two dimensions: this year's grid (first dimension down, second across) with its
   * totals; the totals down the first dimension beside last year's; a chart.
   */
  private async countGrid(question: ReturnQuestion): Promise<(Paragraph | Table)[]> {
    const [down, across] = question.dimensions.map((key) => this.codes(key));
    const rowOf = (row: string) => across.codes.map((c) => [row, c.code]);
    const columnOf = (column: string) => down.codes.map((r) => [r.code, column]);
    const all = questionCells(this.input.year.template, question);
    const rows = down.codes.map((row) => [
      row.label,
      ...rowOf(row.code).map((codes) => this.now.cell(question, codes).words),
      this.now.total(question, rowOf(row.code)).words,
    ]);
    rows.push([
      'Total',
      ...across.codes.map((c) => this.now.total(question, columnOf(c.code)).words),
      this.now.total(question, all).words,
    ]);
    const parts: (Paragraph | Table)[] = [
      heading(question.label, HeadingLevel.HEADING_2),
      paragraph(`${this.thisYear}: ${down.label} down, ${across.label} across.`, { italics: true, size: 18 }),
      table([down.label, ...across.codes.map((c) => c.label), 'Total'], rows, { first: 0.28 }),
      paragraph(''),
    ];
    if (this.before?.answered(question))
      parts.push(
        paragraph(`Totals by ${down.label}, beside ${this.lastYear}:`, { italics: true, size: 18 }),
        table(
          this.comparison(down.label),
          down.codes.map((row) =>
            this.compareRow(
              row.label,
              this.now.total(question, rowOf(row.code)),
              this.before!.total(question, rowOf(row.code)),
              false,
            ),
          ),
        ),
        paragraph(''),
      );
    if (this.plottable(question, all))
      parts.push(
        ...(await barChart(
          (this.figures += 1),
          `${question.label} (${this.thisYear})`,
          down.codes.map((r) => r.label),
          across.codes.map((c) => ({
            name: c.label,
            values: down.codes.map((r) => this.now.cell(question, [r.code, c.code])),
          })),
          SERIES_COLOURS,
        )),
      );
    return parts;
  }

  /**
   * Any other question with two dimensions (yes or no by support type and accommodation type): for each code
   * down, the codes across grouped by their answer ("Yes: Refuge, Dispersed"; "Not provided: the other 4"),
   * this year and last.
   */
  private listGrid(question: ReturnQuestion): (Paragraph | Table)[] {
    const [down, across] = question.dimensions.map((key) => this.codes(key));
    const grouped = (year: YearFigures, row: string) => {
      const groups = new Map<string, string[]>();
      for (const code of across.codes) {
        const { words } = year.cell(question, [row, code.code]);
        groups.set(words, [...(groups.get(words) ?? []), code.label]);
      }
      const missing = groups.get(NOT_PROVIDED)?.length ?? 0;
      groups.delete(NOT_PROVIDED);
      if (groups.size === 0) return NOT_PROVIDED;
      return [
        ...[...groups].map(([words, labels]) => `${words}: ${labels.join(', ')}`),
        ...(missing ? [`${NOT_PROVIDED}: the other ${missing}`] : []),
      ].join('\n');
    };
    return [
      heading(question.label, HeadingLevel.HEADING_2),
      table(
        [down.label, this.thisYear, ...(this.before ? [this.lastYear!] : [])],
        down.codes.map((row) => [
          row.label,
          grouped(this.now, row.code),
          ...(this.before ? [grouped(this.before, row.code)] : []),
        ]),
        { first: 0.3, figures: false },
      ),
      paragraph(''),
    ];
  }

  /** Failing errors, failing warnings with the coordinator's explanations, and what could not be checked. */
  checks(): (Paragraph | Table)[] {
    const { explanations } = this.input;
    const { required, errors, warnings, notEvaluable, passing } = this.outcomes;
    return [
      heading('Checks on the figures', HeadingLevel.HEADING_1),
      paragraph(
        `${passing} ${passing === 1 ? 'check passes' : 'checks pass'}; ${notEvaluable} could not be made, because a figure they need is not provided or not collected.`,
      ),
      ...(required
        ? [
            paragraph(
              `${required} mandatory ${required === 1 ? 'question is' : 'questions are'} not yet answered.`,
            ),
          ]
        : []),
      ...(errors.length
        ? [
            heading('Figures that do not add up', HeadingLevel.HEADING_2),
            ...errors.map((r) => bullet(r.message)),
          ]
        : []),
      ...(warnings.length
        ? [
            heading('Figures that need an explanation', HeadingLevel.HEADING_2),
            table(
              ['Check', 'Explanation'],
              warnings.map((r) => [r.message, explanations[r.key] ?? 'Not yet explained']),
              { first: 0.5, figures: false },
            ),
          ]
        : []),
    ];
  }
}

/**
 * Builds the annual report as a .docx. Throws when this year's template is not for the report's year.
 */
export async function buildAnnualReport(input: AnnualReportInput): Promise<Buffer> {
  const { year } = input;
  if (year.template.financialYear !== year.financialYear)
    throw new Error(`The template is for ${year.template.financialYear}, not ${year.financialYear}`);
  const writer = new ReportWriter(input);
  const sections: (Paragraph | Table)[] = [];
  for (const section of year.template.sections) sections.push(...(await writer.section(section)));
  return officialDocument({
    title: `${input.partnership.name}: domestic abuse safe accommodation annual report ${year.financialYear}`,
    description: 'Part 4 of the Domestic Abuse Act 2021: annual report',
    footer: `${input.partnership.name} annual report ${year.financialYear}${input.status.state === 'draft' ? ' (draft)' : ''}`,
    children: [...writer.titlePage(), ...writer.summary(), ...sections, ...writer.checks()],
  });
}

/**
 * A Waymark Word document as .docx bytes: A4 with 2 cm margins, Arial, OFFICIAL at the top, and at the foot
 * OFFICIAL, what the document is and "Page n of m".
 */
export function officialDocument(parts: {
  title: string;
  description: string;
  footer: string;
  children: (Paragraph | Table)[];
}): Promise<Buffer> {
  const document = new Document({
    creator: 'Waymark',
    title: parts.title,
    description: parts.description,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ text: 'OFFICIAL', bold: true })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: [
                      'OFFICIAL · ',
                      parts.footer,
                      ' · Page ',
                      PageNumber.CURRENT,
                      ' of ',
                      PageNumber.TOTAL_PAGES,
                    ],
                    size: 18,
                  }),
                ],
              }),
            ],
          }),
        },
        children: parts.children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
