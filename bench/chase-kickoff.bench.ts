// A period kick-off for 5,000 actions across 500 leads: the time until every request email (one per lead)
// has been accepted by SMTP, and the worker's peak memory, beside a baseline of 5,000 trivial workflows
// (start plus one no-op activity) on the same Temporal server in the same run. Each side runs in its own
// process, so that peak memory is its own.   node dist/bench/chase-kickoff.bench.js
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig, projectRoot } from '@waymark/config';
import { applyMigrations, createPrismaClient } from '@waymark/db';
import {
  createTempDir,
  removeDir,
  resolveTemporalCli,
  startMailCatcher,
  startPostgres,
  startTemporalDevServer,
} from '@waymark/devstack';
import { SEARCH_ATTRIBUTE_TYPES, actionWorkflow, actionWorkflowId } from '@waymark/workflows';
import { startWorker, stopWorker } from '../apps/worker/src/main';
import { ChasedPlan, seedChasedPlan } from './chased-plan';
import { ServerCpu, cpuSince, serverCpu } from './process-cpu';

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 5000);
const LEADS = Number(process.env.BENCH_LEADS ?? 500);
const START_CONCURRENCY = 50;

interface PhaseResult {
  seconds: number;
  peakRssMb: number;
  /** The phase's own process (worker and client), user and system. */
  cpuSeconds: number;
  /** Measured by the parent around the phase: the servers' share of the work. */
  servers?: ServerCpu;
  /** Waymark only: when every action's request was open, and when the first request had gone out. */
  allOpenSeconds?: number;
  firstSentSeconds?: number;
}

/** Starts `count` workflows, `START_CONCURRENCY` at a time. */
async function startAll(count: number, start: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: START_CONCURRENCY }, async () => {
      while (next < count) await start(next++);
    }),
  );
}

function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function sampleRss(): { peak: () => number; stop: () => void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return { peak: () => peak / 1024 / 1024, stop: () => clearInterval(timer) };
}

/** Child process: the Waymark worker kicks off the period for every action. */
async function waymarkPhase(): Promise<PhaseResult> {
  const config = loadConfig({
    ...process.env,
    TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`,
    PORT: '0',
    NODE_ENV: 'test',
  });
  const rss = sampleRss();
  const worker = await startWorker(config);
  const client = new Client({ connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }) });
  const prisma = createPrismaClient(config.DATABASE_URL);
  const ids = (
    await prisma.action.findMany({ where: { strategyId: process.env.BENCH_STRATEGY }, select: { id: true } })
  ).map((a) => a.id);
  const started = Date.now();
  await startAll(ids.length, (i) =>
    client.workflow
      .start(actionWorkflow, {
        workflowId: actionWorkflowId(ids[i]),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ actionId: ids[i] }],
      })
      .catch((error: unknown) => {
        // The worker's housekeeping sweep starts live actions' missing workflows too: started either way.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }),
  );
  // Done when every action's request has gone out in an email accepted by SMTP. On the way, when every
  // request was open and when the first went out: where the time goes, the actions' workflows or the chases.
  const since = () => (Date.now() - started) / 1000;
  let allOpenSeconds: number | undefined;
  let firstSentSeconds: number | undefined;
  for (;;) {
    const where = { partnershipId: process.env.BENCH_PARTNERSHIP };
    const sent = await prisma.updateRequest.count({ where: { ...where, sentAt: { not: null } } });
    if (sent > 0) firstSentSeconds ??= since();
    if (allOpenSeconds === undefined && (await prisma.updateRequest.count({ where })) >= ids.length)
      allOpenSeconds = since();
    if (sent >= ids.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = since();
  rss.stop();
  const cpuSeconds = processCpuSeconds();
  await prisma.$disconnect();
  await stopWorker(worker);
  return { seconds, peakRssMb: rss.peak(), cpuSeconds, allOpenSeconds, firstSentSeconds };
}

/** Child process: the same number of trivial workflows on a plain worker. */
async function baselinePhase(): Promise<PhaseResult> {
  const address = process.env.TEMPORAL_ADDRESS!;
  const taskQueue = `bench-noop-${randomUUID()}`;
  const rss = sampleRss();
  const connection = await NativeConnection.connect({ address });
  // Counted in the activity itself: thousands of concurrent result() long-polls would exhaust the server.
  let done = 0;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('./noop.workflow'),
    activities: {
      noop: async () => {
        if (++done === ACTIONS) allDone();
      },
    },
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address }) });
  const started = Date.now();
  await startAll(ACTIONS, () =>
    client.workflow.start('benchNoopWorkflow', { workflowId: `noop-${randomUUID()}`, taskQueue }),
  );
  await finished;
  const seconds = (Date.now() - started) / 1000;
  rss.stop();
  const cpuSeconds = processCpuSeconds();
  worker.shutdown();
  await running;
  await connection.close();
  return { seconds, peakRssMb: rss.peak(), cpuSeconds };
}

async function seed(databaseUrl: string): Promise<ChasedPlan> {
  const prisma = createPrismaClient(databaseUrl);
  const plan = await seedChasedPlan(prisma, { actions: ACTIONS, leads: LEADS, name: 'Benchshire' });
  await prisma.$disconnect();
  return plan;
}

function runPhase(phase: 'waymark' | 'baseline', env: NodeJS.ProcessEnv): Promise<PhaseResult> {
  const before = serverCpu();
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [phase], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve({ ...(m as PhaseResult), servers: cpuSince(before) }));
    child.once('exit', (code) => code !== 0 && reject(new Error(`${phase} phase exited with ${code}`)));
  });
}

export default async function main(): Promise<void> {
  const log = () => undefined;
  const dir = createTempDir('waymark-bench');
  const stops: Array<() => Promise<void>> = [];
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startPostgres({ dataDir: join(dir, 'pg'), durable: false, log });
      stops.push(pg.stop);
      databaseUrl = pg.databaseUrl;
    }
    await applyMigrations(databaseUrl);
    const cliPath = await resolveTemporalCli({ projectRoot: projectRoot(), log: console.log });
    const temporal = await startTemporalDevServer({
      cliPath,
      headless: true,
      searchAttributes: SEARCH_ATTRIBUTE_TYPES,
      log,
    });
    stops.push(temporal.stop);
    const catcher = await startMailCatcher({ log });
    stops.push(catcher.stop);
    const { partnershipId, strategyId } = await seed(databaseUrl);

    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_URL: catcher.smtpUrl,
      LINK_SECRET: randomUUID() + randomUUID(),
      BENCH_PARTNERSHIP: partnershipId,
      BENCH_STRATEGY: strategyId,
    };
    console.log(`chase kick-off: ${ACTIONS} actions across ${LEADS} leads, Temporal dev server, real SMTP`);
    console.log(
      `  worker: WORKER_MAX_CACHED_WORKFLOWS=${loadConfig(env).WORKER_MAX_CACHED_WORKFLOWS}, ` +
        `heap limit ${(getHeapStatistics().heap_size_limit / 1024 / 1024).toFixed(0)} MB (NODE_OPTIONS=--max-old-space-size)`,
    );
    // BENCH_BASELINE=off: Waymark alone, for its memory at sizes where the baseline would double a long run.
    const baseline = process.env.BENCH_BASELINE === 'off' ? null : await runPhase('baseline', env);
    const waymark = await runPhase('waymark', env);
    const accepted = catcher.messages().length;
    if (baseline)
      console.log(
        `  baseline: ${ACTIONS} trivial workflows  ${baseline.seconds.toFixed(1)} s, worker peak RSS ${baseline.peakRssMb.toFixed(0)} MB`,
      );
    console.log(
      `  waymark:  ${ACTIONS} actions → ${accepted} emails  ${waymark.seconds.toFixed(1)} s, worker peak RSS ${waymark.peakRssMb.toFixed(0)} MB`,
    );
    console.log(
      `            every request open at ${waymark.allOpenSeconds?.toFixed(1)} s, the first sent at ${waymark.firstSentSeconds?.toFixed(1)} s`,
    );
    const cpu = (p: PhaseResult) =>
      `worker ${p.cpuSeconds.toFixed(1)} s, Temporal server ${p.servers!.temporal.toFixed(1)} s, ` +
      `PostgreSQL ${p.servers!.postgres.toFixed(1)} s`;
    if (baseline) console.log(`  CPU, baseline: ${cpu(baseline)}`);
    console.log(`  CPU, waymark:  ${cpu(waymark)}`);
    if (baseline)
      console.log(
        `  ratio: time ×${(waymark.seconds / baseline.seconds).toFixed(2)}, peak memory ×${(waymark.peakRssMb / baseline.peakRssMb).toFixed(2)}`,
      );
    if (accepted !== LEADS)
      throw new Error(`expected ${LEADS} emails (one per lead), SMTP accepted ${accepted}`);
  } finally {
    for (const stop of stops.reverse()) await stop();
    removeDir(dir);
  }
}

const phase = process.argv[2];
if (phase === 'waymark' || phase === 'baseline') {
  (phase === 'waymark' ? waymarkPhase() : baselinePhase())
    .then((result) => process.send!(result, () => process.exit(0)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
