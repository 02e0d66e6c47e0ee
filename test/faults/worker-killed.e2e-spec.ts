// A worker killed with SIGKILL in the middle of three steps, each by a worker of its own, real child processes
// run from the build as in production: a board report's build (stopped on the row that keeps the workbook),
// a KPI collection's request emails (stopped in the SMTP conversation of the second data owner's email) and
// an annual return's opening (stopped on the row of the return). A fresh worker finishes each step once,
// after Temporal's start-to-close timeout of the killed activity: no report, email or return twice, none
// missing. On the test's PostgreSQL, the Temporal dev server and the mail catcher.
import { randomUUID } from 'node:crypto';
import { Server, Socket, createServer, connect } from 'node:net';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { WorkflowHandle } from '@temporalio/client';
import { ReturnTemplates } from '@waymark/annual-return';
import { PrismaService } from '@waymark/db';
import { ManagedProcess, MailCatcherHandle, freePort, startMailCatcher } from '@waymark/devstack';
import { defaultReturnTemplate } from '@waymark/return-template';
import { AnnualReturnWorkflows, KpiCollectionWorkflows, TemporalClient } from '@waymark/temporal';
import {
  annualReturnWorkflowId,
  boardReportWorkflow,
  boardReportWorkflowId,
  kpiCollectionWorkflowId,
} from '@waymark/workflows';
import { createBoardReportFixture } from '../reports/board-report.fixture';
import { createCaller } from '../support/auth';
import { eventually } from '../support/eventually';
import { createPartnership } from '../support/fixtures';
import { buildForChildProcesses, startFromBuild } from '../support/from-build';
import { apiOnly, requireEnv } from '../support/waymark';

const MINUTE = 60_000;
/** The KPI collection's and the annual return's activities time out after 2 minutes, the board report's after 5. */
const AFTER_RETRY = { short: 4 * MINUTE, board: 8 * MINUTE };

/**
 * A relay in front of the mail catcher that, when told to, holds the SMTP conversation whose RCPT TO names
 * an address: the sender waits for the server's answer, mid-send, with its outbox row locked.
 */
async function smtpGate(catcherPort: number) {
  let holdFor: { address: string; held: () => void } | null = null;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(catcherPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let holding = false;
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('data', (chunk: Buffer) => {
      if (holding) return;
      if (holdFor && chunk.toString('latin1').toLowerCase().includes(`rcpt to:<${holdFor.address}>`)) {
        holding = true;
        holdFor.held();
        return;
      }
      upstream.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('close', close);
      socket.on('error', close);
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    /** Resolves when a conversation to `address` is held; until open() is called, every one to it is. */
    hold(address: string): Promise<void> {
      return new Promise((held) => (holdFor = { address: address.toLowerCase(), held }));
    },
    open() {
      holdFor = null;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Holds a row with FOR UPDATE in a transaction of its own: an insert that references it waits. */
async function lockRow(table: string, id: string): Promise<{ release(): Promise<void> }> {
  const client = new PgClient({ connectionString: requireEnv('DATABASE_URL') });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`SELECT 1 FROM "${table}" WHERE id = $1 FOR UPDATE`, [id]);
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** The attempts of each of the workflow's runs of an activity, from its history. */
async function attemptsOf(handle: WorkflowHandle, activityType: string): Promise<number[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const types = new Map<string, string>();
  for (const event of events)
    if (event.activityTaskScheduledEventAttributes)
      types.set(String(event.eventId), event.activityTaskScheduledEventAttributes.activityType?.name ?? '');
  return events
    .map((event) => event.activityTaskStartedEventAttributes)
    .filter((started) => started && types.get(String(started.scheduledEventId)) === activityType)
    .map((started) => started!.attempt ?? 0);
}

describe('a worker killed with SIGKILL mid-step, and a fresh one started', () => {
  const taskQueue = `test-worker-killed-${randomUUID()}`;
  let catcher: MailCatcherHandle;
  let gate: Awaited<ReturnType<typeof smtpGate>>;
  let api: NestExpressApplication;
  let prisma: PrismaService;
  let workerEnv: Record<string, string>;
  const workers: ManagedProcess[] = [];
  const handles: WorkflowHandle[] = [];
  let board: Awaited<ReturnType<typeof createBoardReportFixture>>;
  let kpi: Awaited<ReturnType<typeof createPartnership>> & { owners: Array<{ id: string; email: string }> };
  let annual: Awaited<ReturnType<typeof createPartnership>> & { dataContact: { email: string } };
  const financialYear = defaultReturnTemplate().financialYear;

  const startWorker = () => {
    const worker = startFromBuild('worker', workerEnv);
    workers.push(worker);
    return worker;
  };
  /** Waits until a worker's connection waits for a lock on an insert into `table`, i.e. mid-activity. */
  const insertBlockedOn = (table: string) =>
    eventually(
      async () => {
        const [{ waiting }] = await prisma.$queryRaw<{ waiting: number }[]>`
          SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'
            AND query LIKE ${`INSERT INTO %"${table}"%`}`;
        expect(waiting).toBe(1);
      },
      3 * MINUTE,
      100,
    );
  const inbox = (address: string) => catcher.messages().filter((m) => m.to.includes(address));

  beforeAll(async () => {
    buildForChildProcesses();
    catcher = await startMailCatcher({ log: () => undefined });
    gate = await smtpGate(catcher.smtpPort);
    const linkSecret = `worker-killed-${randomUUID()}`;
    // The test's own view: the services that start the workflows, on the workers' task queue.
    ({ api, prisma } = await apiOnly({ TEMPORAL_TASK_QUEUE: taskQueue, LINK_SECRET: linkSecret }));
    workerEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: requireEnv('DATABASE_URL'),
      TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_URL: gate.smtpUrl,
      LINK_SECRET: linkSecret,
      PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
      RECONCILE_INTERVAL_SECONDS: '0',
    };

    board = await createBoardReportFixture(prisma);

    const kpiBase = await createPartnership(prisma);
    const second = await prisma.contact.create({
      data: {
        partnershipId: kpiBase.partnership.id,
        organisationId: kpiBase.organisation.id,
        name: 'Robin Fictional',
        email: `robin.fictional+${kpiBase.partnership.id.slice(0, 8)}@police.example.org`,
      },
    });
    const kpiCaller = await createCaller(prisma, kpiBase.partnership.id);
    // Requests are opened, and sent, in the order of the data owners' first KPI code.
    for (const [code, owner] of [
      ['KILL-A', kpiBase.lead],
      ['KILL-B', second],
    ] as const)
      await request(api.getHttpServer())
        .post('/api/kpis')
        .set(kpiCaller.header)
        .send({
          code,
          name: `Count ${code}`,
          unit: 'COUNT',
          frequency: 'QUARTERLY',
          dataOwnerContactId: owner.id,
        })
        .expect(201);
    kpi = { ...kpiBase, owners: [kpiBase.lead, second] };

    const annualBase = await createPartnership(prisma);
    const dataContact = await prisma.contact.create({
      data: {
        partnershipId: annualBase.partnership.id,
        organisationId: annualBase.organisation.id,
        name: 'Oak Data',
        email: `oak+${annualBase.partnership.id.slice(0, 8)}@example.org`,
      },
    });
    await request(api.getHttpServer())
      .post('/api/safe-accommodation-services')
      .set((await createCaller(prisma, annualBase.partnership.id)).header)
      .send({
        name: 'Oak refuge',
        providerOrganisationId: annualBase.organisation.id,
        accommodationType: 'REFUGE',
        dataContactId: dataContact.id,
        contractStart: '2024-04-01',
      })
      .expect(201);
    annual = { ...annualBase, dataContact };
    // Compiling the project takes a while on a busy machine.
  }, 5 * MINUTE);

  afterAll(async () => {
    for (const handle of handles) await handle.terminate('test over').catch(() => undefined);
    for (const worker of workers) await worker.stop('SIGTERM', 10_000);
    await api?.close();
    await gate?.close();
    await catcher?.stop();
  });

  it(
    'kills a worker in each step: the board report, the KPI collection and the annual return',
    async () => {
      const temporal = api.get(TemporalClient);
      const week = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();

      // 1. The board report: the workbook built, its row being inserted (held behind a lock on the meeting).
      let worker = startWorker();
      const meeting = await prisma.boardMeeting.findFirstOrThrow({
        where: { boardId: board.board.id, meetsOn: new Date(`${board.meetings.next}T00:00:00Z`) },
      });
      const meetingLock = await lockRow('BoardMeeting', meeting.id);
      const boardRunId = `${boardReportWorkflowId(board.board.id)}/worker-killed`;
      await temporal.startOnce(boardReportWorkflow, boardRunId, [{ boardId: board.board.id }]);
      handles.push(temporal.client.workflow.getHandle(boardRunId));
      await insertBlockedOn('BoardReport');
      await worker.stop('SIGKILL', 10_000);
      await meetingLock.release();

      // 2. The KPI collection: the first data owner's request sent, the second's held mid-SMTP.
      worker = startWorker();
      const held = gate.hold(kpi.owners[1].email);
      await api
        .get(KpiCollectionWorkflows)
        .ensureStarted({ partnershipId: kpi.partnership.id, periodKey: '2026-27-Q1', respondBy: week });
      handles.push(
        temporal.client.workflow.getHandle(kpiCollectionWorkflowId(kpi.partnership.id, '2026-27-Q1')),
      );
      await held;
      await worker.stop('SIGKILL', 10_000);
      gate.open();
      expect(inbox(kpi.owners[0].email)).toHaveLength(1);
      expect(inbox(kpi.owners[1].email)).toHaveLength(0);

      // 3. The annual return, opened by its workflow as the April schedule does: the return's row being
      // inserted with the figures Waymark's records answer (held behind a lock on its template version).
      worker = startWorker();
      const template = await api.get(ReturnTemplates).forYear(annual.partnership.id, financialYear);
      const templateLock = await lockRow('ReturnTemplateVersion', template.id);
      await api
        .get(AnnualReturnWorkflows)
        .ensureStarted({ partnershipId: annual.partnership.id, financialYear, respondBy: week });
      handles.push(
        temporal.client.workflow.getHandle(annualReturnWorkflowId(annual.partnership.id, financialYear)),
      );
      await insertBlockedOn('AnnualReturn');
      await worker.stop('SIGKILL', 10_000);
      await templateLock.release();

      // A fresh worker takes each killed activity once its start-to-close timeout has passed.
      startWorker();
    },
    10 * MINUTE,
  );

  it(
    'keeps the board report once and emails it to each member once',
    async () => {
      const [handle] = handles;
      const result = await handle.result();
      expect(result).toMatchObject({ outcome: 'delivered', sent: 3, alreadySent: 0, skipped: 0 });
      expect(await attemptsOf(handle, 'prepareBoardReport')).toEqual([2]);

      const partnershipId = board.partnership.id;
      const reports = await prisma.boardReport.findMany({ where: { boardId: board.board.id } });
      expect(reports).toHaveLength(1);
      expect(await prisma.auditEvent.count({ where: { partnershipId, event: 'board-report.built' } })).toBe(
        1,
      );
      // Give any second email the time to show itself.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const { chair, sam, robin, former } = board.members;
      for (const member of [chair, sam, robin]) {
        const [email, ...more] = inbox(member.email);
        expect(more).toHaveLength(0);
        expect(email.subject).toContain('progress report');
        expect(email.attachments.map((a) => a.filename)).toEqual([reports[0].fileName]);
      }
      expect(inbox(former.email)).toHaveLength(0);
      // (The fixture's partnership has update requests of its own in the outbox.)
      const outbox = await prisma.outboundEmail.findMany({ where: { partnershipId, kind: 'board-report' } });
      expect(outbox).toHaveLength(3);
      expect(outbox.every((row) => row.status === 'SENT')).toBe(true);
      expect(outbox.map((row) => row.messageId).sort()).toEqual(
        [chair, sam, robin].map((member) => inbox(member.email)[0].messageId).sort(),
      );
    },
    AFTER_RETRY.board,
  );

  it(
    "asks each data owner once, the second's email sent by the fresh worker",
    async () => {
      const handle = handles[1];
      const partnershipId = kpi.partnership.id;
      await eventually(
        async () => expect(inbox(kpi.owners[1].email)).toHaveLength(1),
        AFTER_RETRY.short,
        1_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(await attemptsOf(handle, 'sendKpiValueRequest')).toEqual([1, 2]);

      const requests = await prisma.kpiValueRequest.findMany({ where: { partnershipId } });
      expect(requests.map((r) => r.dataOwnerContactId).sort()).toEqual(kpi.owners.map((o) => o.id).sort());
      const caught = kpi.owners.map((owner) => inbox(owner.email));
      expect(caught.map((messages) => messages.length)).toEqual([1, 1]);
      const outbox = await prisma.outboundEmail.findMany({ where: { partnershipId } });
      expect(outbox.every((row) => row.status === 'SENT')).toBe(true);
      expect(outbox.map((row) => row.messageId).sort()).toEqual(caught.map(([m]) => m.messageId).sort());
      expect(
        await prisma.auditEvent.count({ where: { partnershipId, event: 'kpi-value-request.sent' } }),
      ).toBe(2);
    },
    AFTER_RETRY.short,
  );

  it(
    'opens the annual return once, with its figures once, and asks the provider once',
    async () => {
      const handle = handles[2];
      const partnershipId = annual.partnership.id;
      await eventually(
        async () => expect(inbox(annual.dataContact.email)).toHaveLength(1),
        AFTER_RETRY.short,
        1_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(await attemptsOf(handle, 'openAnnualReturn')).toEqual([2]);

      const returns = await prisma.annualReturn.findMany({ where: { partnershipId } });
      expect(returns).toHaveLength(1);
      expect(await prisma.auditEvent.count({ where: { partnershipId, event: 'annual-return.opened' } })).toBe(
        1,
      );
      const figures = await prisma.returnFigure.findMany({ where: { returnId: returns[0].id } });
      const cells = new Set(figures.map((f) => `${f.questionKey}/${f.cellKey}`));
      expect(figures.length).toBe(cells.size);
      expect(figures.every((f) => f.revision === 1)).toBe(true);
      expect(inbox(annual.dataContact.email)).toHaveLength(1);
      const outbox = await prisma.outboundEmail.findMany({ where: { partnershipId } });
      expect(outbox).toHaveLength(1);
      expect(outbox[0]).toMatchObject({
        status: 'SENT',
        messageId: inbox(annual.dataContact.email)[0].messageId,
      });
    },
    AFTER_RETRY.short,
  );
});
