// Deadline day: 500 leads open their form and submit their update (one in five with an evidence file) at random
// moments within five minutes, against one API with its worker; beside a bare route on the same API that does
// one insert, hit at the same moments, in the same run. Then the coordinators' list endpoints with 20
// partnerships of 500 actions each, beside a bare route that does one select.
//   BENCH_LEADS (500), BENCH_RUSH_SECONDS (300), BENCH_PARTNERSHIPS (20), BENCH_LIST_ACTIONS (500)
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { generateToken, hashToken } from '@waymark/access';
import { loadConfig, projectRoot } from '@waymark/config';
import { PrismaClient, PrismaService, applyMigrations, createPrismaClient } from '@waymark/db';
import {
  createTempDir,
  removeDir,
  resolveTemporalCli,
  startMailCatcher,
  startPostgres,
  startTemporalDevServer,
} from '@waymark/devstack';
import { SEARCH_ATTRIBUTE_TYPES, actionWorkflow, actionWorkflowId } from '@waymark/workflows';
import { createApi } from '../apps/api/src/main';
import { startWorker } from '../apps/worker/src/main';
import { seedChasedPlan } from './chased-plan';
import { seededRandom } from './random';

const LEADS = Number(process.env.BENCH_LEADS ?? 500);
const RUSH_SECONDS = Number(process.env.BENCH_RUSH_SECONDS ?? 300);
const PARTNERSHIPS = Number(process.env.BENCH_PARTNERSHIPS ?? 20);
const LIST_ACTIONS = Number(process.env.BENCH_LIST_ACTIONS ?? 500);
const LIST_REQUESTS = 50;

/** Child process: the API and its worker, as `npm start` runs them, with the two bare routes. */
async function serverProcess(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0', NODE_ENV: 'test' });
  await startWorker(config);
  const api = await createApi(config);
  const prisma = api.get(PrismaService);
  const express = api.getHttpAdapter().getInstance() as {
    post(path: string, handler: (req: unknown, res: { json(body: unknown): void }) => void): void;
    get(path: string, handler: (req: unknown, res: { json(body: unknown): void }) => void): void;
  };
  express.post('/bench/bare', (_req, res) => {
    void prisma.$executeRaw`INSERT INTO bench_bare (at) VALUES (now())`.then(() => res.json({ ok: true }));
  });
  express.get('/bench/bare', (_req, res) => {
    void prisma.$queryRaw`SELECT count(*)::int AS n FROM bench_bare`.then((rows) => res.json(rows));
  });
  // Registered before listen(), which adds the app's own routes and its not-found handler after them.
  await api.listen(0, config.HOST);
  process.send!({ url: await api.getUrl() });
}

interface Timing {
  ms: number;
  ok: boolean;
}

async function timed(request: () => Promise<Response>, expect: (status: number) => boolean): Promise<Timing> {
  const started = performance.now();
  try {
    const res = await request();
    await res.arrayBuffer();
    return { ms: performance.now() - started, ok: expect(res.status) };
  } catch {
    return { ms: performance.now() - started, ok: false };
  }
}

function percentiles(timings: Timing[]): string {
  const ms = timings.map((t) => t.ms).sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)];
  const errors = timings.filter((t) => !t.ok).length;
  return `p50 ${at(50).toFixed(0)} ms, p99 ${at(99).toFixed(0)} ms, max ${at(100).toFixed(0)} ms, ${errors} errors of ${timings.length}`;
}

const p99 = (timings: Timing[]) => {
  const ms = timings.map((t) => t.ms).sort((a, b) => a - b);
  return ms[Math.ceil(0.99 * ms.length) - 1];
};

/** 20 partnerships of 500 actions each, and a coordinator's API token for each. */
async function seedLists(prisma: PrismaClient): Promise<string[]> {
  const tokens: string[] = [];
  for (let p = 0; p < PARTNERSHIPS; p++) {
    const suffix = randomUUID().slice(0, 8);
    const partnership = await prisma.partnership.create({
      data: {
        name: `Listshire ${suffix}`,
        gssCode: `L${suffix}`,
        coordinatorEmail: `c+${suffix}@example.org`,
      },
    });
    const strategy = await prisma.strategy.create({
      data: {
        partnershipId: partnership.id,
        title: 'Listed strategy',
        periodStart: new Date('2026-04-01'),
        periodEnd: new Date('2029-03-31'),
      },
    });
    const lead = await prisma.contact.create({
      data: { partnershipId: partnership.id, name: 'Lead Fictional', email: `lead+${suffix}@example.org` },
    });
    const statuses = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'BLOCKED', 'COMPLETE'] as const;
    await prisma.action.createMany({
      data: Array.from({ length: LIST_ACTIONS }, (_, i) => ({
        partnershipId: partnership.id,
        strategyId: strategy.id,
        ref: `L${i}`,
        title: `Listed action ${i}`,
        text: 'An action in a long plan.',
        leadContactId: lead.id,
        rag: (['RED', 'AMBER', 'GREEN'] as const)[i % 3],
        status: statuses[i % statuses.length],
        dueDate: new Date(Date.UTC(2027, i % 12, 1 + (i % 28))),
      })),
    });
    const user = await prisma.user.create({
      data: {
        partnershipId: partnership.id,
        email: `coordinator+${suffix}@example.org`,
        name: 'Coordinator',
        role: 'COORDINATOR',
      },
    });
    const token = generateToken();
    await prisma.apiToken.create({
      data: {
        userId: user.id,
        name: 'bench',
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    tokens.push(token);
  }
  return tokens;
}

function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['server'], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve({ url: (m as { url: string }).url, stop: () => child.kill() }));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

export default async function main(): Promise<void> {
  const log = () => undefined;
  const dir = createTempDir('waymark-bench');
  const stops: Array<() => Promise<void> | void> = [];
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startPostgres({ dataDir: join(dir, 'pg'), durable: false, log });
      stops.push(pg.stop);
      databaseUrl = pg.databaseUrl;
    }
    await applyMigrations(databaseUrl);
    const prisma = createPrismaClient(databaseUrl);
    stops.push(() => prisma.$disconnect());
    await prisma.$executeRaw`CREATE TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, at timestamptz)`;
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
    // One action for each lead.
    const rush = await seedChasedPlan(prisma, { actions: LEADS, leads: LEADS, name: 'Rushshire' });

    const taskQueue = `bench-${randomUUID()}`;
    const server = await startServer({
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_URL: catcher.smtpUrl,
      LINK_SECRET: randomUUID() + randomUUID(),
      // Five hundred leads reach the API from one address here; in life each has their own.
      RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
      RATE_LIMIT_API_PER_MINUTE: '100000',
    });
    stops.unshift(server.stop);

    // The period starts: every lead is emailed their link.
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    for (const id of rush.actionIds)
      await client.workflow
        .start(actionWorkflow, { workflowId: actionWorkflowId(id), taskQueue, args: [{ actionId: id }] })
        .catch((error: unknown) => {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        });
    const links: string[] = [];
    for (;;) {
      links.splice(
        0,
        links.length,
        ...catcher.messages().flatMap((m) => /\/u\/[\w-]+/.exec(m.text ?? '') ?? []),
      );
      if (links.length >= LEADS) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    console.log(
      `deadline-day rush: ${LEADS} leads open and submit the form within ${RUSH_SECONDS} s (one in five with a ` +
        'PDF), one API and its worker, real PostgreSQL, Temporal and SMTP',
    );
    const pdf = readFileSync(join(projectRoot(), 'test', 'fixtures', 'evidence', 'training-attendance.pdf'));
    const random = seededRandom(17);
    const opens: Timing[] = [];
    const submits: Timing[] = [];
    const bare: Timing[] = [];
    const started = Date.now();
    await Promise.all(
      links.slice(0, LEADS).map(async (path, i) => {
        await new Promise((r) => setTimeout(r, random() * RUSH_SECONDS * 1000));
        const [open, bareHit] = await Promise.all([
          timed(
            () => fetch(server.url + path),
            (s) => s === 200,
          ),
          timed(
            () => fetch(`${server.url}/bench/bare`, { method: 'POST' }),
            (s) => s === 200,
          ),
        ]);
        opens.push(open);
        bare.push(bareHit);
        const form = new FormData();
        form.set('status', ['ON_TRACK', 'AT_RISK', 'BLOCKED'][i % 3]);
        form.set('percentComplete', String((i * 7) % 100));
        form.set('commentary', `Deadline-day update ${i}: training delivered to two more teams.`);
        form.set('blockers', '');
        if (i % 5 === 0)
          form.set('evidenceFiles', new Blob([pdf], { type: 'application/pdf' }), 'attendance.pdf');
        submits.push(
          await timed(
            () => fetch(server.url + path, { method: 'POST', body: form, redirect: 'manual' }),
            (s) => s === 303,
          ),
        );
      }),
    );
    const recorded = await prisma.update.count({
      where: { action: { partnershipId: rush.partnershipId } },
    });
    console.log(`  open the form:    ${percentiles(opens)}`);
    console.log(`  submit:           ${percentiles(submits)}`);
    console.log(`  bare insert:      ${percentiles(bare)}`);
    console.log(
      `  ratio: submit p99 ×${(p99(submits) / p99(bare)).toFixed(2)} the bare route's, open p99 ` +
        `×${(p99(opens) / p99(bare)).toFixed(2)}; ${recorded} updates recorded in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    if (recorded !== LEADS) console.log(`  ${LEADS - recorded} submitted updates were not recorded`);
    // Confirmations go after the answer: every lead still gets theirs, once.
    const confirmed = () => catcher.messages().filter((m) => m.subject.startsWith('Update received')).length;
    const waitUntil = Date.now() + 60_000;
    while (confirmed() < recorded && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 250));
    console.log(`  confirmation emails: ${confirmed()} for ${recorded} updates`);

    const tokens = await seedLists(prisma);
    console.log(`coordinators' lists: ${PARTNERSHIPS} partnerships × ${LIST_ACTIONS} actions`);
    const lists: Record<string, string> = {
      'actions, first page': '/api/actions?limit=50',
      'actions, red or amber, overdue': '/api/actions?rag=RED,AMBER&overdue=true&limit=50',
      'actions, stale, by title': '/api/actions?stale=true&sort=title&limit=50',
      'progress by organisation': '/api/progress/organisations',
    };
    const bareReads: Timing[] = [];
    const listed: Array<[string, Timing[]]> = [];
    for (const [name, path] of Object.entries(lists)) {
      const timings: Timing[] = [];
      for (let i = 0; i < LIST_REQUESTS; i++) {
        const headers = { authorization: `Bearer ${tokens[i % tokens.length]}` };
        timings.push(
          await timed(
            () => fetch(server.url + path, { headers }),
            (s) => s === 200,
          ),
        );
        bareReads.push(
          await timed(
            () => fetch(`${server.url}/bench/bare`),
            (s) => s === 200,
          ),
        );
      }
      listed.push([name, timings]);
    }
    for (const [name, timings] of listed)
      console.log(
        `  ${name.padEnd(32)} ${percentiles(timings)}, p99 ×${(p99(timings) / p99(bareReads)).toFixed(2)}`,
      );
    console.log(`  ${'bare select'.padEnd(32)} ${percentiles(bareReads)}`);
  } finally {
    for (const stop of stops) await stop();
    removeDir(dir);
  }
}

if (process.argv[2] === 'server')
  serverProcess().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
