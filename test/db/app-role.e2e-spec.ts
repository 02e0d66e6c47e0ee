// The application run as a role of its own, apart from the role that owns the tables and runs the
// migrations (docs/operations.md): it works as usual, and it cannot change, remove or unguard audit events
// or a return's frozen versions, whatever it sends.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { APPEND_ONLY_TABLES, applyMigrations, grantAppRole } from '@waymark/db';
import { authed, createCaller } from '../support/auth';
import { createScratchDatabase, query, type ScratchDatabase } from '../support/database';
import { createPartnership } from '../support/fixtures';
import { apiOnly, requireEnv } from '../support/waymark';

describe('the application run as a role that does not own the tables', () => {
  const role = `waymark_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let db: ScratchDatabase;
  let appUrl: string;

  beforeAll(async () => {
    db = await createScratchDatabase(requireEnv('DATABASE_URL'), 'waymark_test_role');
    await applyMigrations(db.url);
    await query(db.url, `CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
    await grantAppRole(db.url, role);
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    appUrl = url.toString();
  });

  afterAll(async () => {
    await db?.drop();
    await query(requireEnv('DATABASE_URL'), `DROP ROLE IF EXISTS "${role}"`);
  });

  /** The error code PostgreSQL answers `sql` with, run as the application's role ('' when it succeeds). */
  async function asApp(sql: string): Promise<string> {
    const client = new Client({ connectionString: appUrl });
    await client.connect();
    try {
      await client.query(sql);
      return '';
    } catch (error) {
      return (error as { code: string }).code;
    } finally {
      await client.end();
    }
  }

  it('serves the API, writing records and their audit events', async () => {
    const { api, prisma } = await apiOnly({ DATABASE_URL: appUrl });
    try {
      const { partnership } = await createPartnership(prisma);
      const http = authed(api.getHttpServer(), await createCaller(prisma, partnership.id));
      const org = (
        await http.post('/api/organisations').send({ name: 'Written by the app role' }).expect(201)
      ).body;
      expect(await prisma.auditEvent.count({ where: { entityId: org.id } })).toBe(1);
      await http.patch(`/api/organisations/${org.id}`).send({ name: 'Renamed' }).expect(200);
    } finally {
      await api.close();
    }
  });

  it('cannot update, delete, truncate or unguard the append-only tables (permission denied, 42501)', async () => {
    for (const table of APPEND_ONLY_TABLES) {
      expect(await asApp(`SELECT count(*) FROM "${table}"`)).toBe('');
      expect(await asApp(`UPDATE "${table}" SET id = id`)).toBe('42501');
      expect(await asApp(`DELETE FROM "${table}"`)).toBe('42501');
      expect(await asApp(`TRUNCATE "${table}"`)).toBe('42501');
      // Only the owner may disable or drop the triggers that refuse changes, or drop the table.
      expect(await asApp(`ALTER TABLE "${table}" DISABLE TRIGGER ALL`)).toBe('42501');
      expect(await asApp(`DROP TABLE "${table}"`)).toBe('42501');
    }
    expect(await asApp(`DROP TRIGGER "AuditEvent_no_update_or_delete" ON "AuditEvent"`)).toBe('42501');
    expect(await asApp(`SELECT count(*) FROM "_prisma_migrations"`)).toBe('42501');
    // The events written in the first test are all there.
    const [{ count }] = await query<{ count: string }>(db.url, `SELECT count(*) FROM "AuditEvent"`);
    expect(Number(count)).toBeGreaterThanOrEqual(2);
  });

  it('refuses to grant a superuser or a role that owns tables', async () => {
    await expect(grantAppRole(db.url, new URL(db.url).username)).rejects.toThrow(/superuser|owns/);
    await expect(grantAppRole(db.url, 'Robert"; DROP TABLE x; --')).rejects.toThrow(/plain lower-case name/);
  });
});
