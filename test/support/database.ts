// Test databases. Imports are relative, not '@waymark/...': Jest loads globalSetup (and what it imports)
// with Node's own module resolution, where jest.config.js moduleNameMapper does not apply.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { applyMigrations } from '../../libs/db/src/migrate';

/**
 * Brings the test database to the current schema: applies the pending migrations in prisma/migrations
 * (offline, as `npm run db:migrate` does). Called once by test/global-setup.ts, for the embedded
 * PostgreSQL it started and for an external DATABASE_URL alike.
 */
export async function prepareDatabase(url: string): Promise<void> {
  const applied = await applyMigrations(url);
  if (applied.length > 0) console.log(`[test setup] applied migrations: ${applied.join(', ')}`);
}

export interface ScratchDatabase {
  /** The new database's connection string (same server and credentials as the base URL). */
  url: string;
  name: string;
  /** Drops it (connections still open are terminated). */
  drop(): Promise<void>;
}

/**
 * An empty database of its own for one test file, on the server `baseUrl` points at: for tests that must
 * start from nothing (migrations) or would disturb the shared test database. Drop it in afterAll.
 */
export async function createScratchDatabase(
  baseUrl: string,
  prefix = 'waymark_test',
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE DATABASE "${name}"`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: () => adminQuery(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Runs SQL on the database a URL names and returns the rows. */
export async function query<T = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  await query(url, sql);
}
