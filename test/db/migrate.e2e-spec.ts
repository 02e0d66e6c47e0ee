// Offline migrations against a real PostgreSQL: each test file gets an empty database of its own on the
// server DATABASE_URL points at (test/global-setup.ts provides it).
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, createPrismaClient, diffSchemaToMigration, type PrismaClient } from '@waymark/db';
import { createScratchDatabase, query, type ScratchDatabase } from '../support/database';

const migrationsDir = join(__dirname, '..', '..', 'prisma', 'migrations');
const migrationNames = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: test/global-setup.ts should have started PostgreSQL');
  return url;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

describe('offline migrations (schema engine as WebAssembly)', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createScratchDatabase(databaseUrl(), 'waymark_test_migrate');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('applies every migration once, in name order, and nothing on a second run', async () => {
    expect(migrationNames.length).toBeGreaterThan(0);
    const logged: string[] = [];
    expect(await applyMigrations(db.url, { log: (m) => logged.push(m) })).toEqual(migrationNames);
    expect(logged).toEqual(migrationNames.map((name) => `Applying \`${name}\``));
    expect(await applyMigrations(db.url)).toEqual([]);
  });

  it('records _prisma_migrations as `prisma migrate deploy` does', async () => {
    const rows = await query<MigrationRow>(
      db.url,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const sql = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
    }
  });

  describe('AuditEvent is append-only', () => {
    let prisma: PrismaClient;
    let id: bigint;

    beforeAll(async () => {
      prisma = createPrismaClient(db.url);
      ({ id } = await prisma.auditEvent.create({
        data: {
          actorType: 'SYSTEM',
          event: 'test.recorded',
          entityType: 'Test',
          entityId: '1',
          channel: 'test',
        },
      }));
    });

    afterAll(async () => {
      await prisma?.$disconnect();
    });

    it('refuses UPDATE', async () => {
      await expect(
        prisma.auditEvent.update({ where: { id }, data: { event: 'test.rewritten' } }),
      ).rejects.toThrow(/AuditEvent is append-only: UPDATE is not allowed/);
      await expect(query(db.url, `UPDATE "AuditEvent" SET "event" = 'x'`)).rejects.toThrow(/append-only/);
    });

    it('refuses DELETE, even of no rows', async () => {
      await expect(prisma.auditEvent.delete({ where: { id } })).rejects.toThrow(
        /AuditEvent is append-only: DELETE is not allowed/,
      );
      await expect(query(db.url, 'DELETE FROM "AuditEvent" WHERE false')).rejects.toThrow(/append-only/);
    });

    it('refuses TRUNCATE', async () => {
      await expect(query(db.url, 'TRUNCATE "AuditEvent"')).rejects.toThrow(/TRUNCATE is not allowed/);
    });

    it('keeps the row as written, and accepts new rows', async () => {
      await prisma.auditEvent.create({
        data: {
          actorType: 'SYSTEM',
          event: 'test.second',
          entityType: 'Test',
          entityId: '1',
          channel: 'test',
        },
      });
      const events = await prisma.auditEvent.findMany({
        where: { entityType: 'Test' },
        orderBy: { id: 'asc' },
      });
      expect(events.map((e) => e.event)).toEqual(['test.recorded', 'test.second']);
    });
  });

  it('finds nothing to diff: the migrations match schema.prisma, and the diff keeps the hand-written trigger', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'waymark-migrations-'));
    try {
      cpSync(migrationsDir, copy, { recursive: true });
      const shadowsBefore = await shadowDatabases();
      const result = await diffSchemaToMigration({
        databaseUrl: db.url,
        name: 'unexpected_changes',
        migrationsDir: copy,
      });
      if (result.created) throw new Error(`schema.prisma has changes no migration covers:\n${result.sql}`);
      expect(readdirSync(copy).sort()).toEqual([...migrationNames, 'migration_lock.toml'].sort());
      expect(await shadowDatabases()).toEqual(shadowsBefore);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('writes a migration with the SQL for a schema change, named <timestamp>_<name>', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'waymark-migrations-'));
    try {
      cpSync(migrationsDir, copy, { recursive: true });
      const schemaPath = join(copy, 'schema.prisma');
      const schema = readFileSync(join(migrationsDir, '..', 'schema.prisma'), 'utf8');
      writeFileSync(schemaPath, `${schema}\nmodel DiffProbe {\n  id Int @id\n}\n`);
      const result = await diffSchemaToMigration({
        databaseUrl: db.url,
        name: 'Add diff probe',
        migrationsDir: copy,
        schemaPath,
        now: new Date('2099-01-02T03:04:05Z'),
      });
      expect(result).toMatchObject({ created: true, migrationName: '20990102030405_add_diff_probe' });
      if (!result.created) return;
      expect(result.sql).toContain('CREATE TABLE "DiffProbe"');
      expect(result.sql).not.toMatch(/TRIGGER|FUNCTION/);
      expect(readFileSync(result.path, 'utf8')).toBe(result.sql);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  async function shadowDatabases(): Promise<string[]> {
    const rows = await query<{ datname: string }>(
      db.url,
      `SELECT datname FROM pg_database WHERE datname LIKE 'waymark\\_shadow\\_%' ORDER BY datname`,
    );
    return rows.map((r) => r.datname);
  }
});
