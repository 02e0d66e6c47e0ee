// A partnership's contacts sheet through POST /api/partnership/contacts/import and GET …/export, on the real
// API and PostgreSQL: dry run, all or nothing, matched by email, audited, and exported in the layout read.
import ExcelJS from 'exceljs';
import { NestExpressApplication } from '@nestjs/platform-express';
import { PrismaService } from '@waymark/db';
import type { ContactsImportReport } from '@waymark/plan-import';
import { csv } from '../fixtures/plans/plan-fixtures';
import { createPlanPartnership } from '../fixtures/plans/plan-partnership';
import { authed, createCaller } from '../support/auth';
import { binary } from '../support/binary';
import { apiOnly } from '../support/waymark';

const HEADERS = [
  'Organisation',
  'Organisation also known as',
  'Name',
  'Email',
  'Job title',
  "Manager's email",
  'Role mailbox or person',
  'Default contact',
];

const SHEET = [
  HEADERS,
  [
    'Planshire Council',
    'The council',
    'Dana Whitlock',
    'dana.whitlock@council.example.org',
    'Head of Community Safety',
    '',
    'Person',
    '',
  ],
  [
    'Planshire Council',
    '',
    'Domestic abuse team',
    'da.team@council.example.org',
    'DA coordination mailbox',
    'dana.whitlock@council.example.org',
    'Role mailbox',
    'Yes',
  ],
  [
    'Planshire Police',
    'Police; PP',
    'DI Rowan Ashby',
    'rowan.ashby@police.example.net',
    'Detective Inspector',
    'supt.cole@police.example.net',
    'Person',
    'Yes',
  ],
  [
    'Planshire Police',
    '',
    'Supt Mina Cole',
    'supt.cole@police.example.net',
    'Superintendent',
    '',
    'Person',
    '',
  ],
  ["Planshire Women's Aid", 'PWA', '', '', '', '', '', ''],
];

describe('the contacts sheet: imported and exported like the plan', () => {
  let api: NestExpressApplication;
  let prisma: PrismaService;

  beforeAll(async () => {
    ({ api, prisma } = await apiOnly());
  });

  afterAll(async () => {
    await api?.close();
  });

  async function setUp() {
    const { partnership } = await createPlanPartnership(prisma, [{ name: 'Planshire Police', aliases: [] }]);
    const caller = await createCaller(prisma, partnership.id);
    const http = () => authed(api.getHttpServer(), caller);
    const upload = (content: Buffer, dryRun = false) =>
      http()
        .post(`/api/partnership/contacts/import${dryRun ? '?dryRun=true' : ''}`)
        .attach('file', content, 'contacts.csv');
    const counts = async () => ({
      organisations: await prisma.organisation.count({ where: { partnershipId: partnership.id } }),
      contacts: await prisma.contact.count({ where: { partnershipId: partnership.id } }),
      audit: await prisma.auditEvent.count({ where: { partnershipId: partnership.id } }),
    });
    return { partnership, caller, http, upload, counts };
  }

  it('dry-runs, imports, re-imports unchanged, and exports what it reads back unchanged', async () => {
    const { partnership, caller, http, upload, counts } = await setUp();
    const before = await counts();
    const content = Buffer.from(csv(SHEET));

    const dry: ContactsImportReport = (await upload(content, true).expect(200)).body;
    expect(Object.keys(dry)[0]).toBe('columnsRead');
    expect(dry.columnsRead).toMatch(/^Sheet "CSV", headers on row 1: A "Organisation" as the organisation; /);
    expect(dry.summary).toMatchObject({
      created: 4,
      errors: 0,
      skipped: 1,
      organisationsCreated: 2,
      organisationsUpdated: 1,
    });
    expect(await counts()).toEqual(before);

    const report: ContactsImportReport = (await upload(content).expect(200)).body;
    expect(report).toMatchObject({ applied: true, summary: dry.summary });
    expect(report.rows.filter((r) => r.outcome === 'created').every((r) => r.contactId)).toBe(true);

    const organisations = await prisma.organisation.findMany({
      where: { partnershipId: partnership.id },
      include: { defaultContact: true },
      orderBy: { name: 'asc' },
    });
    expect(organisations.map((o) => [o.name, o.aliases, o.defaultContact?.email ?? null])).toEqual([
      ['Planshire Council', ['The council'], 'da.team@council.example.org'],
      ['Planshire Police', ['Police', 'PP'], 'rowan.ashby@police.example.net'],
      ["Planshire Women's Aid", ['PWA'], null],
    ]);
    const rowan = await prisma.contact.findFirstOrThrow({
      where: { partnershipId: partnership.id, email: 'rowan.ashby@police.example.net' },
      include: { manager: true, organisation: true },
    });
    expect(rowan).toMatchObject({
      name: 'DI Rowan Ashby',
      jobTitle: 'Detective Inspector',
      isRoleMailbox: false,
      manager: { email: 'supt.cole@police.example.net' },
      organisation: { name: 'Planshire Police' },
    });
    const events = await prisma.auditEvent.findMany({
      where: { partnershipId: partnership.id, id: { gt: 0n } },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.event).sort()).toEqual(
      [
        ...Array(4).fill('contact.created'),
        'organisation.created',
        'organisation.created',
        'organisation.updated',
      ].sort(),
    );
    expect(new Set(events.map((e) => `${e.actorType}/${e.actorId}/${e.channel}`))).toEqual(
      new Set([`COORDINATOR/${caller.userId}/import`]),
    );
    const after = await counts();

    const again: ContactsImportReport = (await upload(content).expect(200)).body;
    expect(again.summary).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 4,
      organisationsCreated: 0,
      organisationsUpdated: 0,
    });
    expect(await counts()).toEqual(after);

    const exported = await http()
      .get('/api/partnership/contacts/export')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename=".+ contacts\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.body);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Planshire Council',
      'The council',
      'Dana Whitlock',
      'dana.whitlock@council.example.org',
      'Head of Community Safety',
      undefined,
      'Person',
    ]);
    const reimported: ContactsImportReport = (await upload(exported.body).expect(200)).body;
    expect(reimported.summary).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 4,
      organisationsUpdated: 0,
    });
    expect(await counts()).toEqual(after);

    // A change by email: the same person, a new job title, audited with before and after.
    const promoted = Buffer.from(
      csv([SHEET[0], [...SHEET[3].slice(0, 4), 'Detective Chief Inspector', ...SHEET[3].slice(5)]]),
    );
    const changed: ContactsImportReport = (await upload(promoted).expect(200)).body;
    expect(changed.rows[0]).toMatchObject({ outcome: 'updated', changes: ['jobTitle'], contactId: rowan.id });
    const updated = await prisma.auditEvent.findFirstOrThrow({
      where: { event: 'contact.updated', entityId: rowan.id },
    });
    expect(updated).toMatchObject({
      before: expect.objectContaining({ jobTitle: 'Detective Inspector' }),
      after: expect.objectContaining({ jobTitle: 'Detective Chief Inspector' }),
    });
  });

  it("sets an organisation's default contact over the API too, one of the partnership's contacts", async () => {
    const { partnership, http } = await setUp();
    const other = await setUp();
    const police = await prisma.organisation.findFirstOrThrow({ where: { partnershipId: partnership.id } });
    const ours = await prisma.contact.create({
      data: {
        partnershipId: partnership.id,
        organisationId: police.id,
        name: 'PPU',
        email: 'ppu@police.example.net',
      },
    });
    const theirs = await prisma.contact.create({
      data: { partnershipId: other.partnership.id, name: 'Not ours', email: 'not.ours@police.example.net' },
    });
    await http().patch(`/api/organisations/${police.id}`).send({ defaultContactId: theirs.id }).expect(422);
    const patched = await http()
      .patch(`/api/organisations/${police.id}`)
      .send({ defaultContactId: ours.id })
      .expect(200);
    expect(patched.body.defaultContactId).toBe(ours.id);
    await http().patch(`/api/organisations/${police.id}`).send({ defaultContactId: null }).expect(200);
  });

  it('refuses a sheet with errors whole, and one it cannot read, writing nothing', async () => {
    const { upload, counts } = await setUp();
    const before = await counts();
    const bad = Buffer.from(
      csv([
        HEADERS,
        [
          'Planshire Police',
          '',
          'DI Rowan Ashby',
          'rowan.ashby@police.example.net',
          '',
          'nobody@police.example.net',
          '',
          '',
        ],
        ['Planshire Police', '', 'Fine', 'fine@police.example.net', '', '', '', ''],
      ]),
    );
    const refused = await upload(bad).expect(422);
    expect(refused.body).toMatchObject({ applied: false, summary: { errors: 1, created: 1 } });
    expect(refused.body.problems).toEqual([
      expect.objectContaining({ row: 2, column: 'F', code: 'unknown-manager', severity: 'error' }),
    ]);
    const unreadable = await upload(Buffer.from('Who,Where\nX,Y\n')).expect(422);
    expect(unreadable.body.detail).toMatch(/^Could not recognise the header row of the contacts sheet/);
    expect(await counts()).toEqual(before);
  });
});
