// The real components behind the integration tests: PostgreSQL and Temporal, started once per test run by
// test/global-setup.ts (unless DATABASE_URL / TEMPORAL_ADDRESS point at running ones), and stopped by
// test/global-teardown.ts. Nothing is mocked; if a component cannot start, the run fails with the reason.
//
// Imports here are relative, not '@waymark/...': Jest loads globalSetup/globalTeardown (and what they
// import) with Node's own module resolution, where jest.config.js moduleNameMapper does not apply.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { Client } from 'pg';
import {
  createTempDir,
  removeDir,
  resolveTemporalCli,
  startPostgres,
  startTemporalDevServer,
  type PostgresHandle,
  type SearchAttributeType,
  type TemporalDevServerHandle,
} from '../../libs/devstack/src';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/src/action/action.contract';

export const projectRoot = path.resolve(__dirname, '..', '..');

/** The workflows' custom search attributes, registered on the test Temporal server. */
export const TEST_SEARCH_ATTRIBUTES: Record<string, SearchAttributeType> = SEARCH_ATTRIBUTE_TYPES;

export interface TestComponents {
  databaseUrl: string;
  temporalAddress: string;
  /** What was started here (as opposed to given through the environment). */
  started: { postgres?: PostgresHandle; temporal?: TemporalDevServerHandle; tempDir?: string };
}

const GLOBAL_KEY = '__waymarkTestComponents';
const TEMP_PREFIX = 'waymark-test-pg-';
type WithComponents = typeof globalThis & { [GLOBAL_KEY]?: TestComponents };

const log = (msg: string) => console.log(`[test setup] ${msg}`);

/**
 * Starts (or checks) PostgreSQL and Temporal, keeps the handles on globalThis for stopTestComponents, and
 * returns where they are. Throws, after stopping whatever it had started, if either is unavailable.
 */
export async function startTestComponents(env: NodeJS.ProcessEnv = process.env): Promise<TestComponents> {
  const components: TestComponents = { databaseUrl: '', temporalAddress: '', started: {} };
  (globalThis as WithComponents)[GLOBAL_KEY] = components;
  try {
    if (env.DATABASE_URL) {
      await checkDatabase(env.DATABASE_URL);
      components.databaseUrl = env.DATABASE_URL;
      log(`PostgreSQL: using DATABASE_URL (${redact(env.DATABASE_URL)})`);
    } else {
      removeAbandonedTestDirs();
      components.started.tempDir = createTempDir(TEMP_PREFIX);
      components.started.postgres = await startPostgres({
        dataDir: path.join(components.started.tempDir, 'data'),
        durable: false,
        log,
      });
      components.databaseUrl = components.started.postgres.databaseUrl;
    }

    if (env.TEMPORAL_ADDRESS) {
      await checkTemporal(env.TEMPORAL_ADDRESS);
      components.temporalAddress = env.TEMPORAL_ADDRESS;
      log(`Temporal: using TEMPORAL_ADDRESS (${env.TEMPORAL_ADDRESS})`);
    } else {
      const cliPath = await resolveTemporalCli({ projectRoot, log });
      components.started.temporal = await startTemporalDevServer({
        cliPath,
        searchAttributes: TEST_SEARCH_ATTRIBUTES,
        log,
      });
      components.temporalAddress = components.started.temporal.address;
    }
    return components;
  } catch (err) {
    await stopTestComponents();
    throw err;
  }
}

/** Stops what startTestComponents started (in this process) and removes its temporary files. */
export async function stopTestComponents(): Promise<void> {
  const components = (globalThis as WithComponents)[GLOBAL_KEY];
  if (!components) return;
  delete (globalThis as WithComponents)[GLOBAL_KEY];
  const { temporal, postgres, tempDir } = components.started;
  const problems: string[] = [];
  for (const [name, handle] of [
    ['Temporal dev server', temporal],
    ['PostgreSQL', postgres],
  ] as const) {
    try {
      await handle?.stop();
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
    }
  }
  removeDir(tempDir);
  if (problems.length > 0) throw new Error(`Could not stop the test components:\n${problems.join('\n')}`);
}

/**
 * A run that was killed (Ctrl-C, SIGKILL, a closed pipe) stops its servers but cannot remove its temporary
 * cluster. Remove those left by earlier runs: no live postmaster, and older than ten minutes (so that a
 * concurrent run still initialising its cluster is left alone).
 */
function removeAbandonedTestDirs(): void {
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs < 10 * 60_000) continue;
      const pidFile = path.join(dir, 'data', 'postmaster.pid');
      const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
      if (pid > 0 && isAlive(pid)) continue;
      removeDir(dir);
    } catch {
      // not ours to worry about
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function checkDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(
      `DATABASE_URL is set (${redact(url)}) but PostgreSQL does not answer: ${(err as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkTemporal(address: string): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 10_000 });
    await connection.workflowService.getSystemInfo({});
  } catch (err) {
    throw new Error(
      `TEMPORAL_ADDRESS is set (${address}) but Temporal does not answer: ${(err as Error).message}`,
    );
  } finally {
    await connection?.close();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
