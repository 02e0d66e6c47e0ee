// Two API processes and two workers, real child processes run from the build as in production, against one
// PostgreSQL and one Temporal: actions created through both APIs, their leads chased for a whole period (the
// request, then two reminders), one worker killed with SIGKILL once the requests have gone and the other left
// to carry on. No email twice, none missing.
import request from 'supertest';
import { PrismaService } from '@waymark/db';
import { ManagedProcess, MailCatcherHandle, freePort, startMailCatcher } from '@waymark/devstack';
import { addContact, linksIn } from '../chasing/chasing-fixtures';
import { createCaller } from '../support/auth';
import { eventually } from '../support/eventually';
import { createPartnership } from '../support/fixtures';
import { buildForChildProcesses, startFromBuild } from '../support/from-build';
import { requireEnv } from '../support/waymark';

const LADDER = {
  requestBefore: { seconds: 25 },
  gatherFor: { seconds: 3 },
  reminders: [{ seconds: -8 }, { seconds: 3 }],
  escalations: [],
  quietHours: null,
  weeklyNudgeCap: 20,
};
const LEADS = 4;

describe('two APIs and two workers on one PostgreSQL and one Temporal', () => {
  let catcher: MailCatcherHandle;
  let prisma: PrismaService;
  let apis: string[] = [];
  const processes: ManagedProcess[] = [];
  let workers: ManagedProcess[] = [];

  beforeAll(async () => {
    // The processes run from the build, exactly as in production.
    buildForChildProcesses();
    catcher = await startMailCatcher({ log: () => undefined });
    const ports = [await freePort(), await freePort()];
    apis = ports.map((port) => `http://127.0.0.1:${port}`);
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: requireEnv('DATABASE_URL'),
      TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: `test-replicas-${Date.now()}`,
      SMTP_URL: catcher.smtpUrl,
      LINK_SECRET: 'replicas-test-secret-of-at-least-32-chars',
      PUBLIC_BASE_URL: apis[0],
      RECONCILE_INTERVAL_SECONDS: '0',
      RATE_LIMIT_API_PER_MINUTE: '100000',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
    };
    const start = (app: 'api' | 'worker', extra: Record<string, string> = {}) => {
      const child = startFromBuild(app, { ...env, ...extra });
      processes.push(child);
      return child;
    };
    ports.forEach((port) => start('api', { PORT: String(port) }));
    workers = [start('worker'), start('worker')];
    prisma = new PrismaService({ databaseUrl: env.DATABASE_URL });
    await prisma.$connect();
    for (const api of apis)
      await eventually(async () => expect((await request(api).get('/health')).status).toBe(200), 60_000, 500);
    // Compiling the project takes a while on a busy machine.
  }, 300_000);

  afterAll(async () => {
    for (const child of processes) await child.stop('SIGTERM', 10_000);
    await prisma?.$disconnect();
    await catcher?.stop();
  });

  it('chases a whole period with no email twice and none missing, a worker killed mid-period', async () => {
    const f = await createPartnership(prisma, LADDER);
    const leads = [
      f.lead,
      ...(await Promise.all(
        Array.from({ length: LEADS - 1 }, (_, n) => addContact(prisma, f, `Lead ${n} Fictional`, `lead${n}`)),
      )),
    ];
    const caller = await createCaller(prisma, f.partnership.id);
    // Two actions per lead, each created through one API or the other.
    for (const [i, lead] of leads.entries())
      for (const [j, suffix] of ['a', 'b'].entries())
        await request(apis[(i + j) % 2])
          .post('/api/actions')
          .set(caller.header)
          .send({
            strategyId: f.strategy.id,
            ref: `R${i}${suffix}`,
            title: `Action R${i}${suffix}`,
            text: `We will deliver action R${i}${suffix}.`,
            leadContactId: lead.id,
            dueDate: 'March 2027',
          })
          .expect(201);

    // Every lead asked, nothing in flight: then the first worker is killed, the reminders still to come.
    for (const lead of leads) await catcher.waitFor((m) => m.to.includes(lead.email), 60_000);
    await eventually(async () => {
      const pending = await prisma.outboundEmail.count({
        where: { toAddress: { in: leads.map((l) => l.email) }, status: { not: 'SENT' } },
      });
      expect(pending).toBe(0);
    });
    await workers[0].stop('SIGKILL', 10_000);

    for (const lead of leads)
      await catcher.waitFor(
        (m) =>
          m.to.includes(lead.email) &&
          catcher.messages().filter((n) => n.to.includes(lead.email) && n.subject.startsWith('Reminder'))
            .length >= 2,
        120_000,
      );
    // Give any duplicate the time to show itself before counting.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(workers[1].hasExited()).toBe(false);

    const caught = catcher.messages().filter((m) => leads.some((l) => m.to.includes(l.email)));
    for (const [i, lead] of leads.entries()) {
      const toLead = caught.filter((m) => m.to.includes(lead.email));
      // One request email listing both the lead's actions, then the two reminders: nothing twice, nothing missing.
      expect(toLead.map((m) => (m.subject.startsWith('Reminder') ? 'Reminder' : 'Request'))).toEqual([
        'Request',
        'Reminder',
        'Reminder',
      ]);
      expect(Object.keys(linksIn(toLead[0])).sort()).toEqual([`R${i}a`, `R${i}b`]);
    }
    const messageIds = caught.map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    const outbox = await prisma.outboundEmail.findMany({
      where: { toAddress: { in: leads.map((l) => l.email) } },
    });
    expect(outbox.every((row) => row.status === 'SENT')).toBe(true);
    expect(outbox.map((row) => row.messageId).sort()).toEqual([...messageIds].sort());
  }, 300_000);
});
