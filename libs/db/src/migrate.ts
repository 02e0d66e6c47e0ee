// Offline migrations: Prisma's schema engine compiled to WebAssembly (npm @prisma/schema-engine-wasm),
// talking to PostgreSQL through the pg driver adapter. No native engine, no download, no CLI: this works
// on a locked-down council network. The engine keeps `_prisma_migrations` exactly as
// `prisma migrate deploy` does (same table, checksums, advisory lock), so the stock CLI can take over
// wherever it is available.
//
// Keep this file free of '@waymark/...' imports: Jest's globalSetup loads it (through
// test/support/database.ts) with Node's own module resolution.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import { Client } from 'pg';
import { databaseHostPort, databaseName, databaseUrlWithName, describeDatabaseUrl } from './database-url';
import {
  defaultMigrationsDir,
  defaultSchemaPath,
  isEmptyMigrationScript,
  LOCKFILE_NAME,
  lockfileContent,
  lockfileProvider,
  MIGRATION_FILE_NAME,
  newMigrationDirectoryName,
  readMigrationsList,
} from './migrations-folder';
import { PgMigrationAdapterFactory } from './schema-engine/pg-migration-adapter';
import {
  clearSchemaEngineTimers,
  discardSchemaEngineWasm,
  lastSchemaEnginePanic,
  loadSchemaEngineWasm,
} from './schema-engine/wasm-loader';

const PROVIDER = 'postgresql';
const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface MigrateOptions {
  /** Progress lines ("Applying `20260101000000_init`"). Default: silent. */
  log?: (message: string) => void;
  /** Default: prisma/migrations under the project root. */
  migrationsDir?: string;
}

/**
 * Applies every migration in prisma/migrations that the database has not had yet, in name order, and
 * returns the names of those it applied (none on a second run). Creates the database first if the server
 * has no database of that name, as `prisma migrate deploy` does. A failing migration is recorded as
 * failed in _prisma_migrations and rejects with the database's error.
 */
export async function applyMigrations(databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const migrationsList = readMigrationsList(migrationsDir);
  checkLockfile(migrationsList.lockfile.content, migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) log(`No migration found in ${migrationsDir}`);

  await ensureDatabaseExists(databaseUrl, log);
  return withSchemaEngine(databaseUrl, { operation: 'Applying migrations', log }, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return appliedMigrationNames;
  });
}

export interface DiffOptions extends MigrateOptions {
  /**
   * A PostgreSQL server to build the shadow database on (a temporary `waymark_shadow_*` database, dropped
   * afterwards). The database the URL names is only connected to, never changed.
   */
  databaseUrl: string;
  /** The migration's name; becomes the folder `<timestamp>_<name>`. */
  name: string;
  /** Default: prisma/schema.prisma under the project root. */
  schemaPath?: string;
  /** The migration's timestamp. Default: now. */
  now?: Date;
}

export type DiffResult =
  { created: false } | { created: true; migrationName: string; path: string; sql: string };

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the database the
 * migrations build to the current schema.prisma (what `prisma migrate dev --create-only` writes), and
 * migration_lock.toml if missing. Writes no migration when there is nothing to change.
 */
export async function diffSchemaToMigration(options: DiffOptions): Promise<DiffResult> {
  const log = options.log ?? (() => undefined);
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const schemaPath = options.schemaPath ?? defaultSchemaPath();
  const schema = readFileSync(schemaPath, 'utf8');

  mkdirSync(migrationsDir, { recursive: true });
  const lockfilePath = join(migrationsDir, LOCKFILE_NAME);
  if (existsSync(lockfilePath)) checkLockfile(readFileSync(lockfilePath, 'utf8'), migrationsDir);
  else writeFileSync(lockfilePath, lockfileContent(PROVIDER));
  const migrationsList = readMigrationsList(migrationsDir);

  await ensureDatabaseExists(options.databaseUrl, log, { create: false });
  const result = await withSchemaEngine(
    options.databaseUrl,
    {
      operation: 'Diffing the migrations against schema.prisma',
      log,
      datamodel: { path: schemaPath, content: schema },
    },
    (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      }),
  );
  const sql = result.stdout ?? '';
  if (isEmptyMigrationScript(sql)) return { created: false };

  const migrationName = newMigrationDirectoryName(
    options.name,
    options.now ?? new Date(),
    migrationsList.migrationDirectories.map((d) => d.path),
  );
  const dir = join(migrationsDir, migrationName);
  mkdirSync(dir);
  const path = join(dir, MIGRATION_FILE_NAME);
  writeFileSync(path, sql);
  return { created: true, migrationName, path, sql };
}

function checkLockfile(content: string | null, migrationsDir: string): void {
  if (content === null) return;
  const provider = lockfileProvider(content);
  if (provider !== undefined && provider !== PROVIDER) {
    throw new Error(
      `${join(migrationsDir, LOCKFILE_NAME)} is for provider "${provider}", but Waymark's migrations are for "${PROVIDER}"`,
    );
  }
}

/**
 * Connects to the database, creating it (unless told not to) when the server answers that it does not exist
 * (SQLSTATE 3D000).
 * Fails with a message naming host:port when the server cannot be reached.
 */
async function ensureDatabaseExists(
  databaseUrl: string,
  log: (message: string) => void,
  { create = true } = {},
): Promise<void> {
  try {
    await runSql(databaseUrl, 'SELECT 1');
    return;
  } catch (error) {
    if (!create || (error as { code?: string }).code !== '3D000') throw unreachable(databaseUrl, error);
  }
  const name = databaseName(databaseUrl);
  const quoted = `"${name.replace(/"/g, '""')}"`;
  let lastError: unknown;
  for (const maintenance of ['postgres', 'template1']) {
    try {
      await runSql(databaseUrlWithName(databaseUrl, maintenance), `CREATE DATABASE ${quoted}`);
      log(`Created database ${describeDatabaseUrl(databaseUrl)}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code === '42P04') return; // created meanwhile by someone else
      lastError = error;
    }
  }
  throw new Error(
    `Database ${describeDatabaseUrl(databaseUrl)} does not exist and could not be created: ${(lastError as Error).message}`,
  );
}

async function runSql(databaseUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 15_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function unreachable(databaseUrl: string, error: unknown): Error {
  return new Error(
    `Cannot connect to PostgreSQL at ${databaseHostPort(databaseUrl)} (database "${databaseName(databaseUrl)}"): ` +
      `${(error as Error).message || String(error)}`,
    { cause: error },
  );
}

let enginesRunning = 0;

interface EngineSession {
  /** For error messages: "Applying migrations failed: …". */
  operation: string;
  log: (message: string) => void;
  datamodel?: { path: string; content: string };
}

/** Runs `use` with a schema engine connected through the pg adapter; closes everything afterwards. */
async function withSchemaEngine<T>(
  databaseUrl: string,
  session: EngineSession,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const wasm = loadSchemaEngineWasm();
  const factory = new PgMigrationAdapterFactory(databaseUrl);
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(factory);
  let engine: SchemaEngine | undefined;
  enginesRunning += 1;
  try {
    engine = await wasm.SchemaEngine.new(
      { datamodels: session.datamodel ? [[session.datamodel.path, session.datamodel.content]] : undefined },
      (line: string) => forwardEngineLog(line, session.log),
      adapterFactory,
    );
    return await use(engine);
  } catch (error) {
    throw engineError(error, session.operation, databaseUrl, adapterFactory.errorRegistry);
  } finally {
    try {
      engine?.free();
    } catch {
      // A panicked engine cannot be freed; the instance is discarded below.
    }
    enginesRunning -= 1;
    if (enginesRunning === 0) clearSchemaEngineTimers();
    await factory.dispose();
  }
}

/** The engine logs JSON lines (tracing events). Pass on progress and problems; never the SQL itself. */
export function forwardEngineLog(line: string, log: (message: string) => void): void {
  let event: { level?: string; fields?: { message?: string } };
  try {
    event = JSON.parse(line) as typeof event;
  } catch {
    return;
  }
  const message = event.fields?.message;
  if (!message) return;
  if (event.level === 'WARN' || event.level === 'ERROR') log(`${event.level.toLowerCase()}: ${message}`);
  else if (message.startsWith('Applying `')) log(message);
}

interface ErrorRegistry {
  consumeError(id: number): { error: unknown } | undefined;
}

function engineError(error: unknown, operation: string, databaseUrl: string, registry: ErrorRegistry): Error {
  if (!(error instanceof Error)) return new Error(`Schema engine failed: ${String(error)}`);
  if (error.name === 'RuntimeError') {
    discardSchemaEngineWasm();
    return new Error(`Schema engine crashed: ${lastSchemaEnginePanic() || error.message}`, { cause: error });
  }
  // Errors thrown in JS (inside the adapter) reach the engine as { kind: "GenericJs", id }.
  const id = /GenericJs[^0-9]*(\d+)/.exec(error.message)?.[1];
  const original = id ? registry.consumeError(Number(id))?.error : undefined;
  if (original instanceof Error) return original;
  if (/DatabaseNotReachable|Can't reach database server/.test(error.message))
    return unreachable(databaseUrl, error);
  // Keep the engine's message (the database's error), name the migration from its span trace, drop the trace.
  const migration = /migration_name="([^"]+)"/.exec(error.message)?.[1];
  const message = error.message
    .replace(/\n\s+0: [\s\S]*$/, '')
    .replace(/^external connector error\n/, '')
    .trim();
  const where = migration ? ` (migration ${migration})` : '';
  return Object.assign(new Error(`${operation} failed${where}: ${message}`, { cause: error }), {
    code: (error as { code?: string }).code,
  });
}
