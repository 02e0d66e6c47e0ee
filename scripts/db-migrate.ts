// `npm run db:migrate`: applies the pending migrations in prisma/migrations to DATABASE_URL, offline
// (Prisma's schema engine as WebAssembly; no download, no native binary). Safe to run again: it applies
// only what the database has not had; with DATABASE_APP_ROLE, then grants that role the application's
// privileges. Run as `node dist/scripts/db-migrate.js`.
import { applyMigrations, describeDatabaseUrl, grantAppRole } from '@waymark/db';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error(
      'DATABASE_URL is not set. Set it to the PostgreSQL database to migrate, e.g.\n' +
        '  DATABASE_URL=postgresql://user:password@host:5432/waymark npm run db:migrate',
    );
  }
  console.log(`Migrating ${describeDatabaseUrl(databaseUrl)}`);
  const applied = await applyMigrations(databaseUrl, { log: (message) => console.log(`  ${message}`) });
  if (applied.length === 0) console.log('No pending migrations to apply: the database is up to date.');
  else
    console.log(`Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}`);
  // The application's own role (docs/operations.md#the-applications-database-role): granted after every
  // migration, so new tables are too.
  const appRole = process.env.DATABASE_APP_ROLE;
  if (appRole) {
    await grantAppRole(databaseUrl, appRole);
    console.log(
      `Granted "${appRole}" the application's privileges (append-only: the audit log, return versions).`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
