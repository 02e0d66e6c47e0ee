// `npm run db:diff -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
// takes the database the existing migrations build to the current prisma/schema.prisma (what
// `prisma migrate dev --create-only` would write), offline. Needs DATABASE_URL for a PostgreSQL server on
// which it creates, and afterwards drops, a temporary shadow database; that database itself is not
// changed. Review the SQL, add hand-written SQL below it if needed, then apply with `npm run db:migrate`.
// Run as `node dist/scripts/db-diff.js <name>`.
import { relative } from 'node:path';
import { describeDatabaseUrl, diffSchemaToMigration } from '@waymark/db';

async function main(): Promise<void> {
  const name = process.argv.slice(2).join(' ').trim();
  if (!name) throw new Error('Give the migration a name, e.g. `npm run db:diff -- add_kpi_targets`');
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error(
      'DATABASE_URL is not set. Point it at any PostgreSQL server where you may create databases (the diff ' +
        'builds a temporary shadow database there), e.g.\n' +
        '  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run db:diff -- add_kpi_targets',
    );
  }
  console.log(
    `Diffing prisma/migrations against prisma/schema.prisma (shadow database on ${describeDatabaseUrl(databaseUrl)})`,
  );
  const result = await diffSchemaToMigration({
    databaseUrl,
    name,
    log: (message) => console.log(`  ${message}`),
  });
  if (!result.created) {
    console.log('no changes: the migrations already match schema.prisma');
    return;
  }
  console.log(`Wrote ${relative(process.cwd(), result.path)}`);
}

main().catch((error: unknown) => {
  console.error(`db:diff failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
