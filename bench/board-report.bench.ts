// Board report generation at the size of a large partnership: 5,000 actions with 12 reporting periods of
// update history and 300 KPIs with 12 periods of values, against writing the very same cells with exceljs
// and no styling (no fills, formats, widths, print settings or charts), in the same run.
//
// Each variant runs in a child process of its own, so that its peak memory (maxRSS) is its own: once cold
// (its peak memory is that run's), then a few times warm (the medians of wall-clock and CPU time); the two
// alternate for a few rounds, so that a change in a shared machine's load falls on both, and the ratios are
// the medians of the rounds'. The report is built from an in-memory snapshot (what
// BoardReportService.snapshot reads from PostgreSQL), so the figures measure the workbook, not the database.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { ActionStatus, KpiUnit } from '@waymark/db';
import {
  type BoardReportData,
  type ReportAction,
  type ReportKpi,
  type ReportUpdate,
  writeBoardReport,
} from '@waymark/reports';
import { reportingPeriodAt } from '@waymark/calendar';
import { seededRandom } from './random';

const ACTIONS = 5_000;
const PERIODS = 12;
const KPIS = 300;
/** Runs of each variant after the first, in its process. */
const WARM_RUNS = 4;
/** Each variant runs this many times, alternating (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The snapshot the loader would produce for a plan with 12 quarters of history behind it. */
export function syntheticBoardReport(): BoardReportData {
  const rnd = seededRandom(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const asOf = new Date('2026-11-23T10:00:00Z');
  const period = reportingPeriodAt(asOf, 'QUARTERLY');
  // The 12 quarters up to and including the current one, oldest first.
  const quarters = [period];
  while (quarters.length < PERIODS) {
    quarters.unshift(reportingPeriodAt(new Date(quarters[0].start.getTime() - 1), 'QUARTERLY'));
  }
  const priorities = ['Prevention', 'Provision', 'Partnership', 'Perpetrators'].map((title, i) => ({
    id: `p${i + 1}`,
    ref: `P${i + 1}`,
    title,
  }));
  const organisations = Array.from({ length: 40 }, (_, i) => `Partner organisation ${i + 1}`);
  const statuses: ActionStatus[] = [
    'NOT_STARTED',
    'ON_TRACK',
    'ON_TRACK',
    'AT_RISK',
    'OFF_TRACK',
    'BLOCKED',
    'COMPLETE',
    'CANCELLED',
  ];
  const words =
    'partners training refuge outreach housing police health schools advocacy referrals sanctuary'.split(' ');
  const sentence = (n: number) => Array.from({ length: n }, () => pick(words)).join(' ');

  const actions: ReportAction[] = [];
  const updates: ReportUpdate[] = [];
  for (let i = 0; i < ACTIONS; i += 1) {
    const priority = priorities[i % priorities.length];
    const organisation = pick(organisations);
    const owned = rnd() > 0.1;
    // Which of the 12 periods the lead answered in; the latest answer is the action's last update.
    const answered = quarters.filter(() => rnd() > 0.3);
    const last = answered.at(-1);
    const status = pick(statuses);
    const lastUpdate = last
      ? {
          id: `u-${i}`,
          submittedAt: new Date(Math.min(last.start.getTime() + 20 * 86_400_000, asOf.getTime() - 60_000)),
          submittedBy: `Lead ${i % 700} (${organisation})`,
          channel: 'FORM' as const,
          commentary: `${sentence(25)}.`,
        }
      : null;
    const ref = `${priority.ref}.${Math.floor(i / priorities.length) + 1}`;
    const title = `${sentence(8)} (${ref})`;
    actions.push({
      id: `a-${i}`,
      ref,
      title,
      priorityId: priority.id,
      leadOrganisations: owned ? [organisation] : [],
      leadText: owned ? null : 'Community Safety Partnership?',
      leadOfficer: owned ? { name: `Lead ${i % 700}`, organisation } : null,
      dueDate:
        rnd() > 0.2 ? new Date(Date.UTC(2025 + Math.floor(rnd() * 4), Math.floor(rnd() * 12), 28)) : null,
      dueDateText: rnd() > 0.5 ? 'March 2027' : 'during 2027',
      status,
      rag: null,
      percentComplete: status === 'COMPLETE' ? 100 : Math.floor(rnd() * 10) * 10,
      lastUpdate,
      evidenceCount: Math.floor(rnd() * 3),
      request: owned
        ? {
            organisation,
            sentAt: period.start,
            answeredAt: last === quarters.at(-1) ? lastUpdate!.submittedAt : null,
            respondBy: new Date(period.start.getTime() + 14 * 86_400_000),
          }
        : null,
      chasedThisPeriod: owned ? 1 + Math.floor(rnd() * 3) : 0,
      chasedTotal: owned ? PERIODS + Math.floor(rnd() * 20) : 0,
    });
    if (lastUpdate && last === quarters.at(-1)) {
      updates.push({
        ...lastUpdate,
        actionRef: ref,
        actionTitle: title,
        status,
        percentComplete: status === 'COMPLETE' ? 100 : 50,
        blockers: rnd() > 0.8 ? sentence(10) : null,
        proposedDueDate: null,
        approvalState: 'NOT_REQUIRED',
        evidenceCount: 0,
      });
    }
  }

  const units: KpiUnit[] = ['COUNT', 'PERCENTAGE', 'RATE_PER_1000', 'MONEY', 'DAYS'];
  const kpis: ReportKpi[] = Array.from({ length: KPIS }, (_, i) => {
    const base = 50 + rnd() * 500;
    return {
      id: `k-${i}`,
      code: `KPI-${String(i + 1).padStart(3, '0')}`,
      name: `${sentence(6)} (KPI ${i + 1})`,
      unit: units[i % units.length],
      direction: pick(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER', 'NEUTRAL'] as const),
      baselineValue: base,
      baselinePeriod: quarters[0].key,
      frequency: 'QUARTERLY',
      rag: { kind: 'TOLERANCE', tolerance: 0.05 },
      source: 'Provider quarterly return',
      dataOwner: `Data owner ${i % 60}`,
      values: quarters.map((q) => ({
        periodKey: q.key,
        periodStart: q.start,
        periodEnd: q.end,
        value: rnd() > 0.05 ? Math.round(base * (0.8 + rnd() * 0.4) * 10) / 10 : null,
        status: 'CONFIRMED',
        revision: 1,
        note: null,
        exceptional: false,
        seriesBreak: false,
        source: 'Provider quarterly return',
        enteredBy: 'Data owner',
        enteredAt: q.end,
      })),
      targets: quarters.map((q) => ({ periodKey: q.key, value: Math.round(base) })),
    };
  });

  const evidence = actions.slice(0, 1_000).map((a, i) => ({
    id: `e-${i}`,
    actionRef: a.ref,
    kind: i % 2 === 0 ? ('LINK' as const) : ('FILE' as const),
    name: `Evidence ${i}`,
    url: i % 2 === 0 ? `https://evidence.example.org/${i}` : null,
    contentType: i % 2 === 0 ? null : 'application/pdf',
    sizeBytes: i % 2 === 0 ? null : 100_000,
    classification: 'OFFICIAL',
    quarantined: false,
    addedAt: period.start,
  }));

  return {
    partnershipName: 'Benchshire',
    strategy: { id: 'bench', title: 'Benchshire Domestic Abuse Strategy' },
    reviewClock: null,
    period: { key: period.key, label: period.label, start: period.start, end: period.end },
    asOf,
    meeting: {
      boardName: 'Benchshire Domestic Abuse Local Partnership Board',
      meetsOn: new Date('2026-12-02T00:00:00Z'),
    },
    priorities,
    actions,
    updates,
    evidence,
    kpis,
  };
}

// ---------------------------------------------------------------------------------------------------
// The two variants, each in its own process
// ---------------------------------------------------------------------------------------------------

type Cell = string | number | boolean | null | { d: string } | { text: string; hyperlink: string };
type SheetCells = { name: string; rows: Cell[][] };

interface VariantResult {
  variant: string;
  bytes: number;
  /** The first run, and the medians of the warm runs after it: wall-clock time and this process's CPU time. */
  firstMs: number;
  medianMs: number;
  medianCpuMs: number;
  /** Resident memory when the measured work began (data already loaded), and the peak over the first run. */
  baselineMb: number;
  peakMb: number;
}

/** Every cell value of the styled workbook, read back from it, to write again without styling. */
async function cellsOf(data: BoardReportData): Promise<SheetCells[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await writeBoardReport(data)) as unknown as ExcelJS.Buffer);
  return workbook.worksheets.map((sheet) => {
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const v = cell.value;
        cells[col - 1] =
          v instanceof Date
            ? { d: v.toISOString() }
            : v !== null && typeof v === 'object'
              ? 'hyperlink' in v
                ? { text: String(v.text), hyperlink: v.hyperlink }
                : String(v)
              : (v ?? null);
      });
      rows.push(cells);
    });
    return { name: sheet.name, rows };
  });
}

async function writePlain(sheets: SheetCells[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, rows } of sheets) {
    const sheet = workbook.addWorksheet(name);
    for (const cells of rows) {
      sheet.addRow(cells.map((c) => (c !== null && typeof c === 'object' && 'd' in c ? new Date(c.d) : c)));
    }
  }
  return (await workbook.xlsx.writeBuffer()) as unknown as Buffer;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function runVariant(variant: string, cellsFile: string): Promise<VariantResult> {
  let work: () => Promise<Buffer>;
  if (variant === 'styled') {
    const data = syntheticBoardReport();
    work = () => writeBoardReport(data);
  } else {
    const sheets = JSON.parse(readFileSync(cellsFile, 'utf8')) as SheetCells[];
    work = () => writePlain(sheets);
  }
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let started = performance.now();
  const bytes = (await work()).length;
  const firstMs = performance.now() - started;
  const peakMb = mb(process.resourceUsage().maxRSS * 1024);
  const warm: { ms: number; cpu: number }[] = [];
  for (let i = 0; i < WARM_RUNS; i += 1) {
    global.gc?.();
    const cpu = cpuMs();
    started = performance.now();
    await work();
    warm.push({ ms: performance.now() - started, cpu: cpuMs() - cpu });
  }
  return {
    variant,
    bytes,
    firstMs,
    medianMs: median(warm.map((w) => w.ms)),
    medianCpuMs: median(warm.map((w) => w.cpu)),
    baselineMb: mb(baseline),
    peakMb,
  };
}

function inChild(variant: string, cellsFile: string): Promise<VariantResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--variant', variant, cellsFile], { execArgv: ['--expose-gc'] });
    child.once('message', (result) => resolve(result as VariantResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`${variant} variant exited with ${code}`)));
  });
}

export default async function boardReportBench(): Promise<void> {
  const data = syntheticBoardReport();
  console.log(
    `${data.actions.length} actions (12 periods of update history; ${data.updates.length} updates this period), ` +
      `${data.kpis.length} KPIs x ${PERIODS} periods, ${data.evidence.length} evidence items`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'waymark-bench-'));
  try {
    const cellsFile = join(dir, 'cells.json');
    const sheets = await cellsOf(data);
    writeFileSync(cellsFile, JSON.stringify(sheets));
    console.log(`${sheets.reduce((n, s) => n + s.rows.length, 0)} rows over ${sheets.length} sheets`);
    const rounds: [VariantResult, VariantResult][] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const pair: [VariantResult, VariantResult] = [
        await inChild('styled', cellsFile),
        await inChild('plain', cellsFile),
      ];
      rounds.push(pair);
      for (const r of pair) {
        const label = r.variant === 'styled' ? 'board report (styled, charts)' : 'same cells, no styling';
        console.log(
          `round ${round}: ${label}`.padEnd(41) +
            `first ${(r.firstMs / 1000).toFixed(2)} s, then median ${(r.medianMs / 1000).toFixed(2)} s, ` +
            `CPU ${(r.medianCpuMs / 1000).toFixed(2)} s; ${(r.bytes / 1024 / 1024).toFixed(1)} MB file; ` +
            `peak RSS ${r.peakMb} MB (+${r.peakMb - r.baselineMb} MB over ${r.baselineMb} MB with the data loaded)`,
        );
      }
    }
    const ratio = (of: (r: VariantResult) => number) =>
      `x${median(rounds.map(([styled, plain]) => of(styled) / of(plain))).toFixed(2)}`;
    const peak = (i: 0 | 1) => median(rounds.map((pair) => pair[i].peakMb));
    console.log(
      `ratios styled/plain (median of ${ROUNDS} rounds): time ${ratio((r) => r.medianMs)}, ` +
        `CPU ${ratio((r) => r.medianCpuMs)}, first run ${ratio((r) => r.firstMs)}, ` +
        `peak RSS ${ratio((r) => r.peakMb)} (${peak(0)} MB and ${peak(1)} MB), file size ${ratio((r) => r.bytes)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--variant') {
  runVariant(process.argv[3], process.argv[4]).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
