import { join } from 'node:path';
import { projectRoot } from '@waymark/config';
import {
  CaughtMessage,
  MailCatcherHandle,
  PostgresHandle,
  TemporalDevServerHandle,
  createTempDir,
  freePort,
  removeDir,
  resolveTemporalCli,
  startMailCatcher,
  startPostgres,
  startTemporalDevServer,
} from '@waymark/devstack';
import { SEARCH_ATTRIBUTE_TYPES } from '@waymark/workflows';
import { prepareDatabase } from './database';

/** A component a fault test stops and starts again, on the same address, with its state kept. */
export interface Restartable {
  /** Where it listens: the same across restarts. */
  address: string;
  stop(): Promise<void>;
  /** Starts it again (nothing when it runs). */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  close(): Promise<void>;
}

/**
 * A Temporal dev server of the test's own (the shared one must not go down under other tests), its state on
 * disk so that a restart finds its workflows, with Waymark's search attributes.
 */
export async function restartableTemporal(): Promise<Restartable> {
  const dir = createTempDir('waymark-temporal-fault');
  const cliPath = await resolveTemporalCli({ projectRoot: projectRoot(), build: false });
  const port = await freePort();
  let server: TemporalDevServerHandle | null = null;
  const start = async () => {
    if (server) return;
    server = await startTemporalDevServer({
      cliPath,
      dbFile: join(dir, 'temporal.db'),
      port,
      headless: true,
      searchAttributes: SEARCH_ATTRIBUTE_TYPES,
      log: () => undefined,
    });
  };
  await start();
  return {
    address: server!.address,
    start,
    async stop() {
      await server?.stop();
      server = null;
    },
    async close() {
      await server?.stop();
      removeDir(dir);
    },
  };
}

/**
 * An embedded PostgreSQL of the test's own (the shared one must not go down under other tests), migrated,
 * its data kept across restarts; `address` is its DATABASE_URL.
 */
export async function restartablePostgres(): Promise<Restartable> {
  const dir = createTempDir('waymark-pg-fault');
  const port = await freePort();
  let server: PostgresHandle | null = null;
  const start = async () => {
    if (server) return;
    server = await startPostgres({ dataDir: join(dir, 'data'), port, durable: false, log: () => undefined });
  };
  await start();
  await prepareDatabase(server!.databaseUrl);
  return {
    address: server!.databaseUrl,
    start,
    async stop() {
      await server?.stop();
      server = null;
    },
    async close() {
      await server?.stop();
      removeDir(dir);
    },
  };
}

/** A mail catcher (a real SMTP server) that can go down: what it caught is kept on disk across restarts. */
export interface RestartableMailCatcher extends Restartable {
  /** Everything caught, before and after restarts, oldest first. */
  messages(): CaughtMessage[];
  /** As MailCatcherHandle.waitFor, on the running catcher. */
  waitFor: MailCatcherHandle['waitFor'];
}

export async function restartableMailCatcher(): Promise<RestartableMailCatcher> {
  const dir = createTempDir('waymark-smtp-fault');
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  let catcher: MailCatcherHandle | null = null;
  let last: CaughtMessage[] = [];
  const start = async () => {
    if (catcher) return;
    catcher = await startMailCatcher({ smtpPort, httpPort, storeDir: dir, log: () => undefined });
  };
  await start();
  return {
    address: catcher!.smtpUrl,
    start,
    async stop() {
      last = catcher?.messages() ?? last;
      await catcher?.stop();
      catcher = null;
    },
    async close() {
      await catcher?.stop();
      removeDir(dir);
    },
    messages: () => (catcher ? catcher.messages() : last),
    waitFor: (predicate, timeoutMs) => {
      if (!catcher) throw new Error('The mail catcher is stopped');
      return catcher.waitFor(predicate, timeoutMs);
    },
  };
}
