// The role the application runs as, apart from the one that owns the tables (and runs the migrations).
//
// Keep this file free of '@waymark/...' imports, as migrate.ts: scripts and test helpers load it directly.
import { Client } from 'pg';

/** Tables the application may read and add to, never change: the audit log, a return's frozen versions. */
export const APPEND_ONLY_TABLES = ['AuditEvent', 'ReturnVersion'] as const;

/**
 * Grants `role` what the application needs on the database `databaseUrl` names, connected as the owner of the
 * tables (the role migrations run as): every table to read and write, except the append-only ones, which it
 * may only read and insert into; the sequences; nothing of `_prisma_migrations`. Owning no table, the role
 * cannot drop or disable the triggers that guard the append-only tables either. Refuses a role that is a
 * superuser or owns a table (it could undo all this). Safe to run again; run it after every migration
 * (`npm run db:migrate` does, given DATABASE_APP_ROLE), so that new tables are granted too.
 */
export async function grantAppRole(databaseUrl: string, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
    throw new Error(
      `The application role must be a plain lower-case name (letters, digits, _), not "${role}"`,
    );
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 15_000 });
  await client.connect();
  try {
    const found = await client.query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname = $1',
      [role],
    );
    if (found.rows.length === 0)
      throw new Error(`No role "${role}": create it first (CREATE ROLE ... LOGIN)`);
    if (found.rows[0].rolsuper)
      throw new Error(`The role "${role}" is a superuser: the grants would mean nothing`);
    const owned = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`,
      [role],
    );
    if (owned.rows.length > 0)
      throw new Error(
        `The role "${role}" owns ${owned.rows.map((r) => r.tablename).join(', ')}: run the migrations as another role`,
      );
    const quoted = `"${role}"`;
    await client.query('BEGIN');
    for (const statement of [
      `GRANT USAGE ON SCHEMA public TO ${quoted}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${quoted}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${quoted}`,
      ...APPEND_ONLY_TABLES.map((table) => `REVOKE UPDATE, DELETE, TRUNCATE ON "${table}" FROM ${quoted}`),
      `REVOKE ALL ON "_prisma_migrations" FROM ${quoted}`,
    ])
      await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
