// Durability on real components. (1) The worker process is killed with SIGKILL in the middle of a period
// and started again: no email is lost and none is sent twice. (2) The Temporal dev server (state on disk)
// is restarted mid-chase: the chase resumes where it was.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { startApi } from '../../apps/api/src/main';
import { WaymarkConfig, loadConfig, projectRoot } from '@waymark/config';
import { PrismaService } from '@waymark/db';
import {
  MailCatcherHandle,
  createTempDir,
  freePort,
  removeDir,
  resolveTemporalCli,
  startMailCatcher,
  startTemporalDevServer,
} from '@waymark/devstack';
import { SEARCH_ATTRIBUTE_TYPES } from '@waymark/workflows';
import { eventually } from '../support/eventually';
import { authed, createCaller, httpAs } from '../support/auth';
import { createPartnership } from '../support/fixtures';
import { RunningWaymark, requireEnv, startWaymark } from '../support/waymark';
import { addContact, createAction, linksIn } from './chasing-fixtures';

const LADDER = {
  requestBefore: { seconds: 20 },
  gatherFor: { seconds: 3 },
  reminders: [{ seconds: -6 }, { seconds: 3 }],
  escalations: [],
  quietHours: null,
  weeklyNudgeCap: 20,
};
/** Per lead: the request, then two reminders. */
const EXPECTED = ['Request', 'Reminder', 'Reminder'];

function subjectsTo(catcher: MailCatcherHandle, email: string): string[] {
  return catcher
    .messages()
    .filter((m) => m.to.includes(email))
    .map((m) => (m.subject.startsWith('Reminder') ? 'Reminder' : 'Request'));
}

describe('when the worker is killed mid-period', () => {
  let catcher: MailCatcherHandle;
  let api: NestExpressApplication;
  let config: WaymarkConfig;
  let worker: ChildProcess | undefined;

  const root = projectRoot();
  function startWorkerProcess(): ChildProcess {
    const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'worker', 'src', 'main.js')], {
      env: {
        ...process.env,
        ...(config as unknown as Record<string, string>),
        PORT: String(config.PORT),
        RECONCILE_INTERVAL_SECONDS: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return child;
  }

  beforeAll(async () => {
    // The worker runs as its own process, from the build, exactly as in production.
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: root, stdio: 'inherit' },
    );
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js'), '-p', 'tsconfig.build.json'],
      { cwd: root, stdio: 'inherit' },
    );
    catcher = await startMailCatcher({ log: () => undefined });
    config = loadConfig({
      NODE_ENV: 'test',
      PORT: String(await freePort()),
      DATABASE_URL: requireEnv('DATABASE_URL'),
      TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: `test-kill-${Date.now()}`,
      SMTP_URL: catcher.smtpUrl,
      LINK_SECRET: 'kill-test-secret-of-at-least-32-chars',
      RECONCILE_INTERVAL_SECONDS: '0',
    });
    api = await startApi(config);
  });

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await api?.close();
    await catcher?.stop();
  });

  it('loses no email and sends none twice', async () => {
    const prisma = api.get(PrismaService);
    const f = await createPartnership(prisma, LADDER);
    const leads = [
      f.lead,
      ...(await Promise.all([1, 2, 3].map((n) => addContact(prisma, f, `Lead ${n} Fictional`, `lead${n}`)))),
    ];
    worker = startWorkerProcess();
    const http = authed(api.getHttpServer(), await createCaller(prisma, f.partnership.id));
    for (const [i, lead] of leads.entries()) {
      await createAction(http, f, lead.id, `K${i}a`);
      await createAction(http, f, lead.id, `K${i}b`);
    }

    // Kill the worker mid-period: every lead has been asked, no send is in flight (the outbox has nothing
    // pending), and the reminders are still to come. (A kill in the milliseconds between the SMTP server's
    // acceptance and the outbox commit re-sends that one email with the same Message-ID: see README.)
    for (const lead of leads) await catcher.waitFor((m) => m.to.includes(lead.email), 60_000);
    await eventually(async () => {
      const pending = await prisma.outboundEmail.count({
        where: { toAddress: { in: leads.map((l) => l.email) }, status: { not: 'SENT' } },
      });
      expect(pending).toBe(0);
    });
    worker.kill('SIGKILL');
    await new Promise<void>((resolve) => worker!.once('exit', () => resolve()));

    // The timers of the first reminder pass while no worker runs; then a new worker picks everything up.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    worker = startWorkerProcess();
    // Every lead gets its reminders after the restart.
    for (const lead of leads) {
      await catcher.waitFor((m) => m.to.includes(lead.email) && m.subject.startsWith('Reminder'), 90_000);
    }
    // Give any duplicate the time to show itself before counting.
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    // Nothing sent twice: each outbox step has its own Message-ID, so a second send would repeat one.
    // (A lead's second action may be asked in a second email when it joined after the first went out.)
    const caught = catcher.messages().filter((m) => leads.some((l) => m.to.includes(l.email)));
    const messageIds = caught.map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    // Nothing lost: every action was asked for exactly once, and every email the outbox sent arrived.
    for (const [i, lead] of leads.entries()) {
      const asked = caught
        .filter((m) => m.to.includes(lead.email) && !m.subject.startsWith('Reminder'))
        .flatMap((m) => Object.keys(linksIn(m)))
        .sort();
      expect(asked).toEqual([`K${i}a`, `K${i}b`]);
    }
    const outbox = await prisma.outboundEmail.findMany({
      where: { toAddress: { in: leads.map((l) => l.email) } },
    });
    expect(outbox.every((row) => row.status === 'SENT')).toBe(true);
    expect(outbox.map((row) => row.messageId).sort()).toEqual([...messageIds].sort());
  });
});

describe('when the Temporal server restarts mid-chase', () => {
  let catcher: MailCatcherHandle;
  let waymark: RunningWaymark;
  let temporal: Awaited<ReturnType<typeof startTemporalDevServer>>;
  let dir: string;
  let cliPath: string;
  let port: number;

  beforeAll(async () => {
    dir = createTempDir('waymark-temporal-restart');
    cliPath = await resolveTemporalCli({ projectRoot: projectRoot(), build: false });
    port = await freePort();
    const start = () =>
      startTemporalDevServer({
        cliPath,
        dbFile: join(dir, 'temporal.db'),
        port,
        headless: true,
        searchAttributes: SEARCH_ATTRIBUTE_TYPES,
        log: () => undefined,
      });
    temporal = await start();
    catcher = await startMailCatcher({ log: () => undefined });
    waymark = await startWaymark({ SMTP_URL: catcher.smtpUrl, TEMPORAL_ADDRESS: temporal.address });
    restart = async () => {
      await temporal.stop();
      temporal = await start();
    };
  });
  let restart: () => Promise<void>;

  afterAll(async () => {
    await waymark?.stop();
    await temporal?.stop();
    await catcher?.stop();
    removeDir(dir);
  });

  it('resumes the chase: the reminders still come, once each', async () => {
    const f = await createPartnership(waymark.prisma, LADDER);
    const http = await httpAs(waymark, f.partnership.id);
    await createAction(http, f, f.lead.id, 'R1');
    await catcher.waitFor((m) => m.to.includes(f.lead.email), 60_000);

    await restart();

    await catcher.waitFor(
      (m) => m.to.includes(f.lead.email) && subjectsTo(catcher, f.lead.email).length >= 3,
      90_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(subjectsTo(catcher, f.lead.email)).toEqual(EXPECTED);
  });
});
