// The annual return assembled and validated for 40 providers and 400 question cells, against writing the
// same 400 cells with exceljs and no styling, in the same run.
//
// Assembling is what the return does when providers' answers are in: combine the 40 providers' answers into
// the return's figures (with each provider's answer kept for the provenance), evaluate every rule and every
// required check, and build the return workbook. The 2025-26 template has 188 cells, so the benchmark's
// template is the shipped one with more codes: 20 accommodation types (6 shipped) and 18 specialist
// characteristics (10 shipped), which makes 400 cells. Every variant runs in a child process of its own, so
// that its peak memory (maxRSS) is its own; both load the same modules.
import { fork } from 'node:child_process';
import ExcelJS from 'exceljs';
import { type ReturnCellProvenance, buildReturnWorkbook } from '@waymark/reports';
import {
  ACCOMMODATION_TYPES,
  type CellAnswer,
  type ProviderAnswers,
  type ReturnAnswers,
  type ReturnQuestion,
  type ReturnTemplate,
  allQuestions,
  cellKey,
  checkRequired,
  combineProviderAnswers,
  defaultReturnTemplate,
  evaluateRules,
  providerCells,
  questionCells,
  returnTemplateSchema,
} from '@waymark/return-template';
import { seededRandom } from './random';

const PROVIDERS = 40;
const ACCOMMODATION_TYPE_COUNT = 20;
const CHARACTERISTIC_COUNT = 18;
/** Timed runs after the first, in the same process: the figures are small, so one run is noisy. */
const WARM_RUNS = 20;
/** Each variant runs this many times, alternating (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The 2025-26 template with more codes in two code lists, to make the 400 cells of the benchmark. */
export function benchmarkTemplate(): ReturnTemplate {
  const template = structuredClone(defaultReturnTemplate());
  const extend = (listKey: string, size: number, label: string) => {
    const { codes } = template.codeLists[listKey];
    for (let n = codes.length + 1; n <= size; n += 1)
      codes.push({ code: `bench-${n}`, label: `${label} ${n} (benchmark)`, confirmed: false });
  };
  extend(ACCOMMODATION_TYPES, ACCOMMODATION_TYPE_COUNT, 'Accommodation type');
  extend('specialist-characteristics', CHARACTERISTIC_COUNT, 'Specialist characteristic');
  return returnTemplateSchema.parse(template);
}

interface BenchReturn {
  template: ReturnTemplate;
  providers: ProviderAnswers[];
  /** The figures not from providers (Waymark's records, the coordinator, KPIs), already held. */
  held: ReturnAnswers;
  previousYear: ReturnAnswers;
}

/**
 * 40 providers, each with services of one to three accommodation types, asked the cells of their types.
 * Three have not answered; of those who have, about 2% of cells are blank and 3% "not collected".
 */
export function syntheticReturn(): BenchReturn {
  const template = benchmarkTemplate();
  const rnd = seededRandom(11);
  const types = template.codeLists[ACCOMMODATION_TYPES].codes.map((c) => c.code);
  const answer = (question: ReturnQuestion): CellAnswer =>
    rnd() < 0.03
      ? { notCollected: true }
      : question.type === 'yes-no'
        ? rnd() < 0.6
        : Math.floor(rnd() * (question.dimensions.length ? 25 : 120));
  const questions = new Map(allQuestions(template).map(({ question }) => [question.key, question]));
  const providers = Array.from({ length: PROVIDERS }, (_, i): ProviderAnswers => {
    const own = new Set(
      Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => types[Math.floor(rnd() * types.length)]),
    );
    const asked = providerCells(template, [...own]);
    const answered = i % 13 !== 12;
    const answers: ReturnAnswers = {};
    if (answered)
      for (const [key, cells] of Object.entries(asked)) {
        const question = questions.get(key)!;
        answers[key] = Object.fromEntries(
          cells.filter(() => rnd() >= 0.02).map((cell) => [cell, answer(question)]),
        );
      }
    return {
      providerId: `provider-${i + 1}`,
      providerName: `Provider ${i + 1}`,
      asked,
      answers: answered ? answers : null,
    };
  });

  const held: ReturnAnswers = {};
  const previousYear: ReturnAnswers = {};
  for (const { question } of allQuestions(template)) {
    const cells = questionCells(template, question).map(cellKey);
    if (question.source !== 'providers')
      held[question.key] = Object.fromEntries(
        cells.map((cell) => [cell, heldAnswer(template, question, rnd)]),
      );
    if (question.type === 'count' || question.type === 'money')
      previousYear[question.key] = Object.fromEntries(cells.map((cell) => [cell, Math.floor(rnd() * 400)]));
  }
  return { template, providers, held, previousYear };
}

/** A figure Waymark's records or the coordinator give, of the question's type. */
function heldAnswer(template: ReturnTemplate, question: ReturnQuestion, rnd: () => number): CellAnswer {
  switch (question.type) {
    case 'count':
      return Math.floor(rnd() * 30);
    case 'money':
      return Math.round(rnd() * 50_000_000) / 100;
    case 'yes-no':
      return rnd() < 0.8;
    case 'date':
      return '2025-03-31';
    case 'url':
      return 'https://council.example.org/domestic-abuse-strategy';
    case 'choice':
      return template.codeLists[question.choices!].codes[0].code;
    case 'text':
      return 'Figures from the commissioning team’s records.';
  }
}

interface Assembled {
  answers: ReturnAnswers;
  provenance: Record<string, Record<string, ReturnCellProvenance>>;
}

const AT = '2026-05-14T09:00:00.000Z';

/** The return's figures: the providers' combined, each with every provider's answer, beside those held. */
function assemble({ template, providers, held }: BenchReturn): Assembled {
  const answers: ReturnAnswers = structuredClone(held);
  const provenance: Assembled['provenance'] = {};
  for (const [questionKey, cells] of Object.entries(held))
    provenance[questionKey] = Object.fromEntries(
      Object.keys(cells).map((cell) => [cell, { source: 'coordinator', by: 'Coordinator', at: AT }]),
    );
  for (const cell of combineProviderAnswers(template, providers)) {
    (answers[cell.questionKey] ??= {})[cell.cellKey] = cell.value;
    (provenance[cell.questionKey] ??= {})[cell.cellKey] = {
      source: 'providers',
      by: `${cell.from.filter((f) => f.value !== null).length} of ${cell.from.length} providers`,
      at: AT,
      providers: cell.from.flatMap((f) =>
        f.value === null ? [] : [{ name: f.providerName, value: f.value }],
      ),
    };
  }
  return { answers, provenance };
}

/** Assemble, validate and build the workbook: what the return does once the answers are in. */
async function assembleAndValidate(data: BenchReturn): Promise<{ bytes: number; phases: number[] }> {
  const marks = [performance.now()];
  const { answers, provenance } = assemble(data);
  marks.push(performance.now());
  const results = [
    ...evaluateRules(data.template, answers, data.previousYear),
    ...checkRequired(data.template, answers),
  ];
  marks.push(performance.now());
  const content = await buildReturnWorkbook({
    partnership: { name: 'Benchshire', gssCode: 'E10000099' },
    financialYear: data.template.financialYear,
    template: data.template,
    templateVersion: { version: 1, sha256: '0'.repeat(64) },
    answers,
    provenance,
    results,
    explanations: {},
    notes: {},
    state: 'draft',
    generatedAt: AT,
  });
  marks.push(performance.now());
  return { bytes: content.length, phases: marks.slice(1).map((mark, i) => mark - marks[i]) };
}

/** Every one of the template's cells, in order, with the assembled figure (blank when there is none). */
function figures(data: BenchReturn): { sheet: string; rows: (string | number | boolean | null)[][] }[] {
  const { answers } = assemble(data);
  return data.template.sections.map((section) => ({
    sheet: section.sheetName,
    rows: section.questions.flatMap((question) =>
      questionCells(data.template, question).map((codes) => {
        const value = answers[question.key]?.[cellKey(codes)];
        return [
          question.key,
          cellKey(codes),
          value === undefined ? null : typeof value === 'object' ? 'Not collected' : value,
        ];
      }),
    ),
  }));
}

/** The baseline: the same cells, one row each, unstyled. */
async function writePlain(sheets: ReturnType<typeof figures>): Promise<{ bytes: number; phases: number[] }> {
  const started = performance.now();
  const workbook = new ExcelJS.Workbook();
  for (const { sheet, rows } of sheets) workbook.addWorksheet(sheet).addRows(rows);
  const bytes = ((await workbook.xlsx.writeBuffer()) as ArrayBuffer).byteLength;
  return { bytes, phases: [performance.now() - started] };
}

interface VariantResult {
  variant: string;
  bytes: number;
  /** The first run, and the medians of the warm runs after it: wall-clock time and this process's CPU time. */
  firstMs: number;
  medianMs: number;
  medianCpuMs: number;
  /** Median wall-clock time of each phase over the warm runs (assemble: combine, validate, workbook). */
  phases: number[];
  /** Resident memory before the first run (data and modules loaded), and the peak over the first run. */
  baselineMb: number;
  peakMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function runVariant(variant: string): Promise<VariantResult> {
  const data = syntheticReturn();
  const sheets = figures(data);
  const work = variant === 'assemble' ? () => assembleAndValidate(data) : () => writePlain(sheets);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let started = performance.now();
  const first = await work();
  const firstMs = performance.now() - started;
  const peakMb = mb(process.resourceUsage().maxRSS * 1024);
  const warm: { ms: number; cpu: number; phases: number[] }[] = [];
  for (let i = 0; i < WARM_RUNS; i += 1) {
    global.gc?.();
    const cpu = cpuMs();
    started = performance.now();
    const { phases } = await work();
    warm.push({ ms: performance.now() - started, cpu: cpuMs() - cpu, phases });
  }
  return {
    variant,
    bytes: first.bytes,
    firstMs,
    medianMs: median(warm.map((w) => w.ms)),
    medianCpuMs: median(warm.map((w) => w.cpu)),
    phases: first.phases.map((_, p) => median(warm.map((w) => w.phases[p]))),
    baselineMb: mb(baseline),
    peakMb,
  };
}

function inChild(variant: string): Promise<VariantResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--variant', variant], { execArgv: ['--expose-gc'] });
    child.once('message', (result) => resolve(result as VariantResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`${variant} variant exited with ${code}`)));
  });
}

export default async function annualReturnBench(): Promise<void> {
  const data = syntheticReturn();
  const providerCellCount = allQuestions(data.template)
    .filter(({ question }) => question.source === 'providers')
    .reduce((n, { question }) => n + questionCells(data.template, question).length, 0);
  const asked = data.providers.reduce(
    (n, p) => n + Object.values(p.asked).reduce((m, cells) => m + cells.length, 0),
    0,
  );
  const answered = data.providers.filter((p) => p.answers !== null).length;
  const { answers } = assemble(data);
  const results = [
    ...evaluateRules(data.template, answers, data.previousYear),
    ...checkRequired(data.template, answers),
  ];
  const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
  console.log(
    `${PROVIDERS} providers (${answered} answered), ${providerCellCount} of the return's ` +
      `${figures(data).reduce((n, s) => n + s.rows.length, 0)} cells from providers, ` +
      `${asked} provider cells asked in all; ${results.length} checks ` +
      `(${count('pass')} pass, ${count('fail')} fail, ${count('not-evaluable')} cannot be checked)`,
  );
  // The variants alternate, round by round, so that a change in the machine's load falls on both.
  const rounds: [VariantResult, VariantResult][] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const pair: [VariantResult, VariantResult] = [await inChild('assemble'), await inChild('plain')];
    rounds.push(pair);
    for (const r of pair) {
      const label = r.variant === 'assemble' ? 'assemble, validate, workbook' : 'same cells, no styling';
      const phases =
        r.variant === 'assemble'
          ? ` (combine ${r.phases[0].toFixed(1)}, validate ${r.phases[1].toFixed(1)}, workbook ${r.phases[2].toFixed(1)})`
          : '';
      console.log(
        `round ${round}: ${label.padEnd(30)}first ${r.firstMs.toFixed(0)} ms, then median ${r.medianMs.toFixed(1)} ms` +
          `${phases}, CPU ${r.medianCpuMs.toFixed(1)} ms; ${(r.bytes / 1024).toFixed(0)} KB file; peak RSS ` +
          `${r.peakMb} MB (+${r.peakMb - r.baselineMb} MB over ${r.baselineMb} MB with the data loaded)`,
      );
    }
  }
  const ratio = (of: (r: VariantResult) => number) =>
    `x${median(rounds.map(([a, p]) => of(a) / of(p))).toFixed(2)}`;
  const growth = (i: 0 | 1) => median(rounds.map((pair) => pair[i].peakMb - pair[i].baselineMb));
  console.log(
    `ratios assembled/plain (median of ${ROUNDS} rounds): time ${ratio((r) => r.medianMs)}, ` +
      `CPU ${ratio((r) => r.medianCpuMs)}, first run ${ratio((r) => r.firstMs)}, ` +
      `peak RSS ${ratio((r) => r.peakMb)} (growth +${growth(0)} MB and +${growth(1)} MB), ` +
      `file size ${ratio((r) => r.bytes)}`,
  );
}

if (process.argv[2] === '--variant') {
  runVariant(process.argv[3]).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
