// `npm start`: Waymark on embedded defaults. Starts whatever is not configured (PostgreSQL, the Temporal
// dev server, a mail catcher), applies migrations, loads the demo partnership on first run, then runs
// the API and the worker as child processes, exactly as they run in production. Ctrl-C stops it all.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateToken, hashToken } from '@waymark/access';
import { ConfigError, loadConfig, projectRoot } from '@waymark/config';
import { PrismaClient, applyMigrations, createPrismaClient } from '@waymark/db';
import {
  DEV_PORTS,
  resolveTemporalCli,
  startMailCatcher,
  startPostgres,
  startTemporalDevServer,
} from '@waymark/devstack';
import { SEARCH_ATTRIBUTE_TYPES } from '@waymark/workflows';
import { seedDemoPartnership } from '../prisma/seed/sandwell';

const root = projectRoot();
const dataDir = join(root, '.data');
const log = (msg: string) => console.log(`[waymark] ${msg}`);
const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
let stopping = false;

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  // Check what the user set before starting anything: a bad value stops here, naming the variable.
  loadConfig({
    DATABASE_URL: 'postgresql://check',
    TEMPORAL_ADDRESS: 'check:1',
    SMTP_URL: 'smtp://check',
    LINK_SECRET: 'c'.repeat(32),
    ...withoutEmpty(env),
  });
  mkdirSync(dataDir, { recursive: true });

  const urls: Record<string, string> = {};
  if (!env.DATABASE_URL) {
    const pg = await startPostgres({ dataDir: join(dataDir, 'postgres'), port: DEV_PORTS.postgres, log });
    stops.push({ name: 'PostgreSQL', stop: pg.stop });
    env.DATABASE_URL = pg.databaseUrl;
    log(`PostgreSQL (embedded) on 127.0.0.1:${pg.port}, data in .data/postgres`);
  }
  if (!env.TEMPORAL_ADDRESS) {
    const cliPath = await resolveTemporalCli({ projectRoot: root, log });
    const temporal = await startTemporalDevServer({
      cliPath,
      dbFile: join(dataDir, 'temporal.db'),
      port: DEV_PORTS.temporal,
      uiPort: DEV_PORTS.temporalUi,
      searchAttributes: SEARCH_ATTRIBUTE_TYPES,
      log,
    });
    stops.push({ name: 'Temporal dev server', stop: temporal.stop });
    env.TEMPORAL_ADDRESS = temporal.address;
    if (temporal.uiUrl) urls['Temporal UI'] = temporal.uiUrl;
  }
  if (!env.SMTP_URL) {
    const catcher = await startMailCatcher({
      storeDir: join(dataDir, 'mail'),
      smtpPort: DEV_PORTS.smtp,
      httpPort: DEV_PORTS.mailInbox,
      log,
    });
    stops.push({ name: 'mail catcher', stop: catcher.stop });
    env.SMTP_URL = catcher.smtpUrl;
    urls['Mail inbox (every email Waymark sends)'] = catcher.inboxUrl;
  }
  env.LINK_SECRET ??= localLinkSecret();
  env.INBOUND_SMTP_PORT ??= String(DEV_PORTS.inboundSmtp);
  // The demo's people are on made-up domains, which no DNS vouches for: replies are taken unchecked.
  env.INBOUND_SENDER_CHECK ??= 'off';
  const config = loadConfig(env);

  const applied = await applyMigrations(config.DATABASE_URL, { log });
  log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
  const prisma = createPrismaClient(config.DATABASE_URL);
  let demo: Awaited<ReturnType<typeof seedDemoPartnership>>;
  let token: string;
  try {
    demo = await seedDemoPartnership(prisma, { linkSecret: config.LINK_SECRET });
    token = await demoToken(prisma, demo.partnershipId);
  } finally {
    await prisma.$disconnect();
  }

  const worker = runChild('worker', join(root, 'dist', 'apps', 'worker', 'src', 'main.js'), env);
  const api = runChild('api', join(root, 'dist', 'apps', 'api', 'src', 'main.js'), env);
  await waitForHealth(`http://127.0.0.1:${config.PORT}/health`, api);

  const base = config.PUBLIC_BASE_URL;
  urls['API'] = base;
  urls['Coordinators’ console'] = `${base}/console`;
  urls['API docs (OpenAPI)'] = `${base}/docs`;
  urls['OpenAPI JSON'] = `${base}/docs-json`;
  urls['Health'] = `${base}/health`;
  if (config.INBOUND_SMTP_PORT)
    urls[`Replies (SMTP, to ${config.REPLY_MAILBOX.replace('@', '+…@')})`] =
      `smtp://${config.HOST}:${config.INBOUND_SMTP_PORT}`;
  const width = Math.max(...Object.keys(urls).map((k) => k.length));
  console.log('\nWaymark is running. Ctrl-C stops everything; the next start finds the data as it was.\n');
  for (const [name, url] of Object.entries(urls)) console.log(`  ${name.padEnd(width)}  ${url}`);
  console.log(`\nDemo partnership: ${demo.partnershipName} (strategy ${demo.strategyId}).`);
  console.log(
    `Demo coordinator ${DEMO_COORDINATOR}, API token (new each start, this machine only):\n\n  ${token}\n`,
  );
  console.log(
    `Sign in to the console (${base}/console) as ${DEMO_COORDINATOR}: the sign-in link arrives in the mail inbox.\n`,
  );
  console.log('Create an action and watch its update request arrive in the mail inbox:\n');
  console.log(
    `  curl -s -X POST ${base}/api/actions -H 'authorization: Bearer ${token}' -H 'content-type: application/json' -d '${JSON.stringify(
      {
        strategyId: demo.strategyId,
        ref: 'DEMO-1',
        title: 'Try Waymark end to end',
        text: 'We will answer this update request from the mail inbox.',
        leadContactId: demo.exampleLeadContactId,
        dueDate: 'March 2027',
      },
    )}'\n`,
  );
  console.log(
    "Open the 2025-26 annual return, then ask the demo's providers for their figures " +
      '(docs/annual-return.md):\n',
  );
  console.log(
    `  curl -s -X POST ${base}/api/returns -H 'authorization: Bearer ${token}' -H 'content-type: application/json' -d '{"financialYear":"2025-26"}'`,
  );
  console.log(
    `  curl -s -X POST ${base}/api/returns/<id>/collection -H 'authorization: Bearer ${token}' -H 'content-type: application/json' -d '{"respondBy":"${new Date(Date.now() + 14 * 86_400_000).toISOString()}"}'\n`,
  );
  console.log(
    "The demo has a recent history (docs/operations.md): this quarter's red, amber and stale actions, the board " +
      'report and the reply waiting in triage:\n',
  );
  const bearer = `-H 'authorization: Bearer ${token}'`;
  console.log(`  curl -s '${base}/api/actions?status=OFF_TRACK' ${bearer}`);
  console.log(
    `  curl -s ${base}/api/strategies/${demo.strategyId}/reports/board ${bearer} -o board-report.xlsx`,
  );
  console.log(`  curl -s ${base}/api/inbound/triage ${bearer}\n`);
  void worker;
}

const DEMO_COORDINATOR = 'coordinator@demo.waymark.invalid';
const DEMO_TOKEN_NAME = 'npm start';

/** The demo coordinator and a fresh token for them; the previous start's token is revoked. Local runs only. */
async function demoToken(prisma: PrismaClient, partnershipId: string): Promise<string> {
  const user = await prisma.user.upsert({
    where: { partnershipId_email: { partnershipId, email: DEMO_COORDINATOR } },
    create: { partnershipId, email: DEMO_COORDINATOR, name: 'Demo coordinator', role: 'COORDINATOR' },
    update: {},
  });
  const token = generateToken();
  await prisma.$transaction([
    prisma.apiToken.updateMany({
      where: { userId: user.id, name: DEMO_TOKEN_NAME, revokedAt: null },
      data: { revokedAt: new Date() },
    }),
    prisma.apiToken.create({ data: { userId: user.id, name: DEMO_TOKEN_NAME, tokenHash: hashToken(token) } }),
  ]);
  return token;
}

function withoutEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

/** Local runs keep a generated secret in .data/ so links survive restarts; production sets LINK_SECRET. */
function localLinkSecret(): string {
  const file = join(dataDir, 'link-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function runChild(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[waymark] the ${name} stopped (${signal ?? `exit code ${code}`}); shutting down`);
    void shutdown(1);
  });
  stops.push({
    name,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  });
  return child;
}

async function waitForHealth(url: string, api: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error('The API exited during start-up (see its output above)');
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The API did not become healthy at ${url}: ${last}`);
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const { name, stop } of stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      console.error(`[waymark] could not stop the ${name}: ${(error as Error).message}`);
    }
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (error: unknown) => {
  console.error(
    error instanceof ConfigError ? error.message : `[waymark] could not start: ${(error as Error).message}`,
  );
  await shutdown(1);
});
