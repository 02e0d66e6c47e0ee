// The `waymark` command against real PostgreSQL (test/global-setup.ts), run in-process through runCli with
// the plan fixtures written to a temporary folder.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../../apps/cli/src/cli';
import { hashToken } from '@waymark/access';
import { PrismaClient, createPrismaClient } from '@waymark/db';
import { createTempDir, removeDir } from '@waymark/devstack';
import type { ImportReport } from '@waymark/plan-import';
import { planFixture, writePlanFixtures } from '../fixtures/plans/plan-fixtures';
import { countPlan, createPlanPartnership } from '../fixtures/plans/plan-partnership';
import { requireEnv } from '../support/waymark';

/** An output stream that keeps what is written. */
function output(isTTY = false) {
  let text = '';
  return {
    isTTY,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

describe('the waymark CLI: import, export, partnerships and users', () => {
  let prisma: PrismaClient;
  let dir: string;
  let files: Map<string, string>;
  const env = () => ({ DATABASE_URL: requireEnv('DATABASE_URL') });

  beforeAll(async () => {
    prisma = createPrismaClient(requireEnv('DATABASE_URL'));
    dir = createTempDir('waymark-plan-cli-');
    files = await writePlanFixtures(dir);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    removeDir(dir);
  });

  async function run(args: string[], tty = false) {
    const stdout = output(tty);
    const stderr = output(tty);
    const code = await runCli(args, { stdout, stderr, env: env() });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('dry-runs, imports with progress lines, and exports the plan', async () => {
    const fixture = planFixture('sandwell-implementation-plan.xlsx');
    const { partnership, strategy } = await createPlanPartnership(prisma, fixture.organisations);
    const counts = () => countPlan(prisma, strategy.id, partnership.id);
    const empty = await counts();
    const file = files.get(fixture.file)!;

    const dry = await run(['import', file, '--strategy', strategy.id, '--dry-run']);
    expect(dry.code).toBe(0);
    // First what each column is read as, then what the import would do.
    expect(dry.stdout.split('\n').slice(0, 3)).toEqual([
      'Columns read: Sheet "Implementation plan", headers on row 3: A "Ref" as the reference; B "Theme" as the priority; C "Action" as the action; D "Lead Partner/s" as the lead organisations; E "Supporting partners" as the supporting partners; F "Date for Completion" as the due date.',
      '',
      'Dry run: 30 to create, 0 to update, 0 unchanged, 0 skipped; 0 row(s) with errors. Nothing was written.',
    ]);
    expect(dry.stdout).toContain(
      'row 4     created   1.1      Undertake further refresher IRIS training within primary care',
    );
    expect(dry.stdout).toMatch(/row 13 D\s+warning No organisation is called "grassroots organisations"/);
    expect(dry.stdout).toContain('Unknown leads: grassroots organisations (row 13)');
    expect(await counts()).toEqual(empty);

    const imported = await run(['import', file, '--strategy', strategy.id]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/\n\nImported: 30 created, 0 updated, 0 unchanged, 0 skipped\./);
    // Not a terminal: plain lines, one per stage and per tenth of the writing.
    expect(imported.stderr.split('\n')).toEqual(
      expect.arrayContaining([
        'reading: 0/1',
        'checking: 0/30',
        'writing: 3/30',
        'writing: 30/30',
        'done: 30/30',
      ]),
    );
    expect((await counts()).actions).toBe(30);

    const out = join(dir, 'exported.xlsx');
    const exported = await run(['export', '--strategy', strategy.id, '--out', out]);
    expect(exported).toMatchObject({ code: 0, stdout: `Wrote ${out}\n` });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0].rowCount).toBe(3 + 30);

    const again = await run(['import', out, '--strategy', strategy.id, '--json']);
    expect(again.code).toBe(0);
    const report: ImportReport = JSON.parse(again.stdout);
    expect(report.summary).toMatchObject({ created: 0, updated: 0, unchanged: 30 });
  });

  it('draws a progress bar on a terminal', async () => {
    const fixture = planFixture('herefordshire-work-plan.csv');
    const { strategy } = await createPlanPartnership(prisma, fixture.organisations);
    const result = await run(['import', files.get(fixture.file)!, '--strategy', strategy.id], true);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('\rwriting  ███');
    expect(result.stderr.endsWith(`\rdone     ${'█'.repeat(30)} 14/14\u001b[K\n`)).toBe(true);
  });

  it('reads a mapping file', async () => {
    const fixture = planFixture('row-errors.csv');
    const { strategy } = await createPlanPartnership(prisma, fixture.organisations);
    const plan = join(dir, 'odd-headers.csv');
    const mapping = join(dir, 'mapping.json');
    writeFileSync(plan, 'Item,Thing to do,Who is on it\nX1,Map the pathways.,Police\n');
    writeFileSync(mapping, JSON.stringify({ columns: { ref: 'A', text: 'Thing to do', lead: 'C' } }));
    const result = await run(['import', plan, '--strategy', strategy.id, '--mapping', mapping, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).rows[0]).toMatchObject({ ref: 'X1', leads: ['West Midlands Police'] });
  });

  it('exits non-zero, saying why, when the plan has errors or cannot be read, and writes nothing', async () => {
    const fixture = planFixture('row-errors.csv');
    const { partnership, strategy } = await createPlanPartnership(prisma, fixture.organisations);
    const before = await countPlan(prisma, strategy.id, partnership.id);

    const dry = await run(['import', files.get('row-errors.csv')!, '--strategy', strategy.id, '--dry-run']);
    expect(dry.code).toBe(1);
    const refused = await run(['import', files.get('row-errors.csv')!, '--strategy', strategy.id]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/\n\nNothing was imported: 2 row\(s\) have errors/);
    expect(refused.stdout).toMatch(/row 4 A\s+error\s+Reference "A1" is already used on row 2\./);

    const xls = await run(['import', files.get('old-format.xls')!, '--strategy', strategy.id]);
    expect(xls).toMatchObject({ code: 1, stdout: '' });
    expect(xls.stderr).toMatch(
      /^reading: 0\/1\nThe plan cannot be imported: This is an old-style Excel workbook/,
    );

    const missing = await run([
      'import',
      files.get('row-errors.csv')!,
      '--strategy',
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'Failed: No strategy 00000000-0000-4000-8000-000000000000\n',
    });
    expect(await countPlan(prisma, strategy.id, partnership.id)).toEqual(before);
  });

  it('explains its usage', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect(await run(['import', 'plan.xlsx'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^Give the strategy/),
    });
    expect(await run(['frobnicate', '--strategy', 'x'])).toMatchObject({ code: 2 });
    expect(await run(['import', 'a.csv', '--strategy', 'x', '--colour'])).toMatchObject({ code: 2 });
    const noDatabase = await runCli(['import', 'a.csv', '--strategy', 'x'], {
      stdout: output(),
      stderr: output(),
      env: {},
    });
    expect(noDatabase).toBe(2);
  });

  it('creates a user and prints a token that authenticates them, stored only as its hash', async () => {
    const { partnership } = await createPlanPartnership(prisma, []);
    const created = await run([
      'users',
      'create',
      '--partnership',
      partnership.gssCode,
      '--email',
      'Admin@Example.org',
      '--role',
      'admin',
    ]);
    expect(created.code).toBe(0);
    const token = /^(wmk_[A-Za-z0-9_-]{43})$/m.exec(created.stdout)?.[1];
    expect(token).toBeDefined();
    const user = await prisma.user.findFirstOrThrow({ where: { partnershipId: partnership.id } });
    expect(user).toMatchObject({ email: 'admin@example.org', role: 'ADMIN' });
    const stored = await prisma.apiToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).toBe(hashToken(token!));
    // It expires in API_TOKEN_DAYS (90) days, and says so.
    const days = (stored.expiresAt!.getTime() - Date.now()) / (24 * 60 * 60 * 1000);
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThanOrEqual(90);
    expect(created.stdout).toContain(`it expires on ${stored.expiresAt!.toISOString().slice(0, 10)}`);

    const refused = await run([
      'users',
      'create',
      '--partnership',
      partnership.gssCode,
      '--email',
      'x@example.org',
      '--role',
      'owner',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--role admin, coordinator or board_viewer/);
    const unknown = await run([
      'users',
      'create',
      '--partnership',
      'E99999999',
      '--email',
      'x@example.org',
      '--role',
      'admin',
    ]);
    expect(unknown).toMatchObject({ code: 1, stderr: 'Failed: No partnership with GSS code E99999999\n' });
    expect(await prisma.user.count({ where: { email: 'x@example.org' } })).toBe(0);
  });

  it('sets up a partnership, audited, and refuses a bad or taken GSS code without writing anything', async () => {
    // A code no other test uses: E + 8 digits from the clock, so reruns against one database do not clash.
    const gssCode = `E${String(Date.now()).slice(-8)}`;
    const created = await run([
      'partnerships',
      'create',
      '--name',
      'Testshire Domestic Abuse Partnership',
      '--gss-code',
      gssCode.toLowerCase(),
      '--coordinator-email',
      'DA.Team@Testshire.gov.uk',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain(
      `waymark users create --partnership ${gssCode} --email <email> --role admin`,
    );
    const partnership = await prisma.partnership.findUniqueOrThrow({ where: { gssCode } });
    expect(partnership).toMatchObject({
      name: 'Testshire Domestic Abuse Partnership',
      coordinatorEmail: 'da.team@testshire.gov.uk',
    });
    expect(
      await prisma.auditEvent.findFirst({
        where: { entityId: partnership.id, event: 'partnership.created' },
      }),
    ).toMatchObject({ partnershipId: partnership.id, channel: 'cli', actorType: 'SYSTEM' });

    const before = await prisma.partnership.count();
    const again = await run([
      'partnerships',
      'create',
      '--name',
      'Another',
      '--gss-code',
      gssCode,
      '--coordinator-email',
      'x@example.org',
    ]);
    expect(again).toMatchObject({
      code: 1,
      stderr: `Failed: A partnership with GSS code ${gssCode} already exists\n`,
    });
    const bad = await run(['partnerships', 'create', '--name', 'Bad', '--gss-code', 'W06000015']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--gss-code: An English council's ONS\/GSS code: E and eight digits/);
    expect(bad.stderr).toMatch(/--coordinator-email: missing/);
    expect(await prisma.partnership.count()).toBe(before);
  });
});
