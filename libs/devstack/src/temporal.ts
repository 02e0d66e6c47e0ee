import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { choosePort, freePort, LOOPBACK } from './ports';
import {
  classifyLeftover,
  describeExit,
  indent,
  isProcessAlive,
  sleep,
  spawnManaged,
  terminatePid,
  type Log,
  type ManagedProcess,
} from './process';

const execFileAsync = promisify(execFile);

/** v1.5.1 is the newest tag `go install` accepts: later tags carry a `replace` directive in go.mod. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

/** temporal.api.enums.v1.IndexedValueType */
const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
};

export interface ResolveTemporalCliOptions {
  /** Where `.tools/bin/temporal` lives (the repository root). */
  projectRoot: string;
  log?: Log;
  /** Defaults to process.env (TEMPORAL_CLI_PATH, PATH). */
  env?: NodeJS.ProcessEnv;
  /** false → never build with `go install`; fail instead. Default true. */
  build?: boolean;
}

/**
 * Finds the Temporal CLI: env TEMPORAL_CLI_PATH; `temporal` on PATH; `<projectRoot>/.tools/bin/temporal`;
 * else builds it once with `GOBIN=<projectRoot>/.tools/bin go install <module>@v1.5.1` (a few minutes).
 * Nothing is downloaded at run time otherwise: the SDK's own download does not work on offline machines.
 */
export async function resolveTemporalCli(options: ResolveTemporalCliOptions): Promise<string> {
  const log = options.log ?? console.log;
  const env = options.env ?? process.env;
  const exe = process.platform === 'win32' ? 'temporal.exe' : 'temporal';
  const toolsBin = path.join(path.resolve(options.projectRoot), '.tools', 'bin');
  const local = path.join(toolsBin, exe);

  const fromEnv = env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    await assertRuns(fromEnv, 'TEMPORAL_CLI_PATH');
    return fromEnv;
  }
  const onPath = findOnPath(exe, env.PATH);
  if (onPath) {
    await assertRuns(onPath, '`temporal` on PATH');
    return onPath;
  }
  if (isExecutable(local)) {
    await assertRuns(local, local);
    return local;
  }

  const notFound = `Temporal CLI not found (TEMPORAL_CLI_PATH is not set, no \`temporal\` on PATH, no ${local})`;
  if (options.build === false) {
    throw new Error(`${notFound}. Install it (https://docs.temporal.io/cli) and set TEMPORAL_CLI_PATH.`);
  }
  const go = findOnPath(process.platform === 'win32' ? 'go.exe' : 'go', env.PATH);
  if (!go) {
    throw new Error(
      `${notFound} and \`go\` is not installed: install Go (https://go.dev/dl/) so that it can be built with ` +
        `\`GOBIN=${toolsBin} go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}\`, or install the ` +
        `Temporal CLI yourself and set TEMPORAL_CLI_PATH to it (or set TEMPORAL_ADDRESS to use a running server).`,
    );
  }
  await buildWithGo(go, toolsBin, local, env, log);
  await assertRuns(local, local);
  return local;
}

async function buildWithGo(
  go: string,
  toolsBin: string,
  local: string,
  env: NodeJS.ProcessEnv,
  log: Log,
): Promise<void> {
  fs.mkdirSync(toolsBin, { recursive: true });
  const lock = path.join(toolsBin, '.temporal-build.lock');
  // One build at a time (npm start and a test run may both get here): the lock holds the builder's pid.
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(fs.readFileSync(lock, 'utf8').trim());
      if (!isProcessAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      log(`Waiting for the Temporal CLI build already running (pid ${holder}) to finish…`);
      while (fs.existsSync(lock) && isProcessAlive(holder)) await sleep(1000);
      if (isExecutable(local)) return;
    }
  }
  try {
    const started = Date.now();
    const command = `GOBIN=${toolsBin} go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`;
    log(`Temporal CLI not found: building it once with \`${command}\` (this takes a few minutes)…`);
    const proc = spawnManaged(go, ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...env, GOBIN: toolsBin },
      exitSignal: 'SIGTERM',
    });
    const exit = await proc.exited;
    if (exit.code !== 0 || !isExecutable(local)) {
      throw new Error(
        `Temporal CLI not found, and building it with \`${command}\` failed (${describeExit(exit)}). Output:\n` +
          `${indent(proc.output.text() || '(none)')}\nFix the build, or install the Temporal CLI and set TEMPORAL_CLI_PATH.`,
      );
    }
    log(`Built the Temporal CLI into ${local} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

async function assertRuns(cli: string, source: string): Promise<void> {
  try {
    await execFileAsync(cli, ['--version'], { timeout: 30_000 });
  } catch (err) {
    throw new Error(
      `The Temporal CLI from ${source} (${cli}) does not run: ${(err as Error).message.trim()}`,
    );
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(exe: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export interface StartTemporalDevServerOptions {
  /** From resolveTemporalCli(). */
  cliPath: string;
  /** SQLite file for persistent state (`npm start`: under .data/). undefined → in memory (tests). */
  dbFile?: string;
  /** gRPC port on 127.0.0.1. undefined or 0 → a free port. */
  port?: number;
  /** Web UI port. undefined or 0 → a free port. Ignored when headless. */
  uiPort?: number;
  /** No Web UI (saves a little start-up time and a port). Default false. */
  headless?: boolean;
  /** Namespace to create and wait for. Default `default` (always created by the dev server). */
  namespace?: string;
  /**
   * Custom search attributes, registered on the namespace. Also added on later starts with an existing
   * dbFile: the dev server itself only registers them when it creates the namespace, i.e. on a new database.
   */
  searchAttributes?: Record<string, SearchAttributeType>;
  /** `--dynamic-config-value KEY=JSON` pairs. */
  dynamicConfig?: Record<string, unknown>;
  /** How long to wait for the server to answer. Default 60 s. */
  startTimeoutMs?: number;
  log?: Log;
}

export interface TemporalDevServerHandle {
  /** host:port for Connection.connect / NativeConnection.connect, e.g. 127.0.0.1:57233 */
  address: string;
  /** http://127.0.0.1:<uiPort>, or undefined when headless. */
  uiUrl: string | undefined;
  namespace: string;
  port: number;
  pid: number;
  /** SIGTERM, wait for exit (SIGKILL after 10 s). Idempotent. */
  stop(): Promise<void>;
}

export async function startTemporalDevServer(
  options: StartTemporalDevServerOptions,
): Promise<TemporalDevServerHandle> {
  const log = options.log ?? console.log;
  const namespace = options.namespace ?? 'default';
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const searchAttributes = options.searchAttributes ?? {};
  const dbFile = options.dbFile === undefined ? undefined : path.resolve(options.dbFile);
  const started = Date.now();
  const fail = (why: string) =>
    new Error(
      `Temporal dev server could not start (${options.cliPath}${dbFile ? `, db ${dbFile}` : ''}): ${why}`,
    );

  if (!isExecutable(options.cliPath)) throw fail('the CLI does not exist or is not executable.');
  for (const [name, type] of Object.entries(searchAttributes)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw fail(`invalid search attribute name "${name}".`);
    if (!(type in INDEXED_VALUE_TYPE))
      throw fail(`search attribute ${name}: unknown type "${String(type)}".`);
  }

  const pidFile = dbFile ? `${dbFile}.pid` : undefined;
  if (dbFile && pidFile) {
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    await clearLeftoverServer(pidFile, dbFile, log, fail);
  }

  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, {
        namespace,
        timeoutMs,
        searchAttributes,
        dbFile,
        pidFile,
        started,
        log,
        fail,
      });
    } catch (err) {
      // The dev server picks the ports of its internal services itself (bind, close, bind again), so on a busy
      // machine another process can take one in between and the server crashes during start-up. A fresh try
      // picks fresh ports. Anything else (a timeout, a search attribute of the wrong type) is not retried.
      if (!(err instanceof StartupCrash) || attempt >= START_ATTEMPTS) throw err;
      log(`${err.message}\nTrying again (attempt ${attempt + 1} of ${START_ATTEMPTS}).`);
    }
  }
}

const START_ATTEMPTS = 3;

/** The server process exited before it answered: worth one more try. */
class StartupCrash extends Error {}

interface StartContext {
  namespace: string;
  timeoutMs: number;
  searchAttributes: Record<string, SearchAttributeType>;
  dbFile: string | undefined;
  pidFile: string | undefined;
  started: number;
  log: Log;
  fail: (why: string) => Error;
}

async function startOnce(
  options: StartTemporalDevServerOptions,
  context: StartContext,
): Promise<TemporalDevServerHandle> {
  const { namespace, searchAttributes, dbFile, pidFile, log } = context;
  const port = await choosePort(options.port, 'Temporal dev server');
  const uiPort = options.headless ? undefined : await choosePort(options.uiPort, 'Temporal dev server UI');
  const args = ['server', 'start-dev', '--ip', LOOPBACK, '--port', String(port), '--log-level', 'warn'];
  args.push(...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (dbFile) args.push('--db-filename', dbFile);
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [name, type] of Object.entries(searchAttributes))
    args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  // Ports the dev server would otherwise choose itself, racily; pin them so they are ours.
  args.push('--http-port', String(await freePort()), '--metrics-port', String(await freePort()));

  // TEMPORAL_* variables configure the CLI's client side (address, namespace, TLS, API key...): the
  // application's own TEMPORAL_ADDRESS must not leak into the server we start.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
  const server = spawnManaged(options.cliPath, args, { env, exitSignal: 'SIGTERM' });
  if (pidFile && server.pid !== undefined) fs.writeFileSync(pidFile, `${server.pid}\n`);

  const address = `${LOOPBACK}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const exit = await server.stop('SIGTERM', 10_000, ['SIGKILL']);
      if (pidFile) fs.rmSync(pidFile, { force: true });
      if (exit.signal === 'SIGKILL') log(`Temporal dev server on ${address} had to be killed (SIGKILL)`);
    })());

  try {
    await waitUntilReady(server, address, context);
  } catch (err) {
    await stop();
    throw err;
  }
  const uiUrl = uiPort === undefined ? undefined : `http://${LOOPBACK}:${uiPort}`;
  log(
    `Temporal dev server ready on ${address}${uiUrl ? ` (UI ${uiUrl})` : ''}` +
      `${dbFile ? ` with state in ${dbFile}` : ' (in memory)'} in ${((Date.now() - context.started) / 1000).toFixed(1)} s`,
  );
  return { address, uiUrl, namespace, port, pid: server.pid ?? -1, stop };
}

async function waitUntilReady(
  server: ManagedProcess,
  address: string,
  { namespace, searchAttributes, timeoutMs, fail }: StartContext,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt yet';
  while (Date.now() < deadline && !server.hasExited()) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({
        address,
        connectTimeout: Math.max(1_000, Math.min(5_000, deadline - Date.now())),
      });
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
    } catch (err) {
      lastError = (err as Error).message;
      await connection?.close();
      await Promise.race([server.exited, sleep(250)]);
      continue;
    }
    try {
      await ensureSearchAttributes(connection, namespace, searchAttributes, fail);
      return;
    } finally {
      await connection.close();
    }
  }
  const output = indent(server.output.text() || '(none)');
  if (server.hasExited()) {
    const exit = await server.exited;
    const crash = fail(`the server ${describeExit(exit)} before it was ready. Its output:\n${output}`);
    throw new StartupCrash(crash.message);
  }
  throw fail(
    `it did not answer on ${address} within ${timeoutMs / 1000} s (last error: ${lastError}). Its output:\n${output}`,
  );
}

async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  wanted: Record<string, SearchAttributeType>,
  fail: (why: string) => Error,
): Promise<void> {
  if (Object.keys(wanted).length === 0) return;
  let customAttributes: Record<string, unknown>;
  try {
    customAttributes =
      (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    throw fail(`could not list the search attributes of namespace ${namespace}: ${(err as Error).message}`);
  }
  const missing: Record<string, number> = {};
  for (const [name, type] of Object.entries(wanted)) {
    const existing = customAttributes[name] as number | undefined;
    if (existing === undefined) missing[name] = INDEXED_VALUE_TYPE[type];
    else if (existing !== INDEXED_VALUE_TYPE[type]) {
      const actual = Object.entries(INDEXED_VALUE_TYPE).find(([, v]) => v === existing)?.[0] ?? existing;
      throw fail(
        `search attribute ${name} is registered as ${actual} in namespace ${namespace}, but ${type} was asked ` +
          `for. A search attribute's type cannot change: rename it, or delete the dev server's database.`,
      );
    }
  }
  if (Object.keys(missing).length > 0) {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    } catch (err) {
      throw fail(
        `could not register search attributes ${Object.keys(missing).join(', ')}: ${(err as Error).message}`,
      );
    }
  }
}

async function clearLeftoverServer(
  pidFile: string,
  dbFile: string,
  log: Log,
  fail: (why: string) => Error,
): Promise<void> {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  const leftover = classifyLeftover(
    pid,
    (p) => p.cmdline.includes('start-dev') && p.cmdline.includes(dbFile),
  );
  switch (leftover.state) {
    case 'gone':
      fs.rmSync(pidFile, { force: true });
      return;
    case 'orphan':
      log(`Stopping a Temporal dev server left running by an earlier run (pid ${pid}) on ${dbFile}`);
      if (
        !(await terminatePid(pid, [
          ['SIGTERM', 10_000],
          ['SIGKILL', 5_000],
        ]))
      ) {
        throw fail(`a dev server left over from an earlier run (pid ${pid}) would not stop.`);
      }
      fs.rmSync(pidFile, { force: true });
      return;
    case 'owned':
      throw fail(
        `a Temporal dev server is already running on this database (pid ${pid}), started by pid ` +
          `${leftover.parent?.pid} (${leftover.parent?.cmdline.join(' ')}). Stop it first, or use another dbFile.`,
      );
    default:
      throw fail(
        `${pidFile} names pid ${pid}, which is running. If it is not a dev server, delete the pid file.`,
      );
  }
}
