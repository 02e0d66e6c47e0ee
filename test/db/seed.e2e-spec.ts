// The demo partnership (Sandwell) against a real PostgreSQL: a database of its own, migrated, seeded twice.
import { applyMigrations, createPrismaClient, type PrismaClient } from '@waymark/db';
import { seedCounts, seedDemoPartnership } from '../../prisma/seed/sandwell';
import { SANDWELL } from '../../prisma/seed/sandwell.data';
import { createScratchDatabase, type ScratchDatabase } from '../support/database';

describe('demo partnership seed (Sandwell)', () => {
  let db: ScratchDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: test/global-setup.ts should have started PostgreSQL');
    db = await createScratchDatabase(url, 'waymark_test_seed');
    await applyMigrations(db.url);
    prisma = createPrismaClient(db.url);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('creates the partnership once, and returns the same ids when run again', async () => {
    const first = await seedDemoPartnership(prisma);
    const second = await seedDemoPartnership(prisma);
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    expect(first.partnershipName).toBe('Sandwell');
    expect(await prisma.partnership.count({ where: { gssCode: 'E08000028' } })).toBe(1);
    expect(await prisma.strategy.count()).toBe(1);
    expect(await prisma.action.count()).toBe(seedCounts().actions);
    expect(await prisma.auditEvent.count()).toBe(1);
  });

  it('holds the strategy: three themes with outcomes, every "We will" action, its KPIs with their figures', async () => {
    const strategy = await prisma.strategy.findFirstOrThrow({
      include: {
        priorities: { include: { outcomes: true }, orderBy: { position: 'asc' } },
        kpis: { include: { values: true } },
      },
    });
    expect(strategy).toMatchObject({
      title: 'Sandwell Domestic Abuse Strategy 2021-2024',
      reportingCadence: 'QUARTERLY',
    });
    expect(strategy.periodStart.toISOString().slice(0, 10)).toBe('2021-04-01');
    expect(strategy.firstPublishedOn?.toISOString().slice(0, 10)).toBe('2022-01-01');
    expect(strategy.priorities.map((p) => p.title)).toEqual([
      'Early intervention and enhanced survivor and whole family support',
      'Joint working and partnership focus',
      'Safe accommodation',
    ]);
    expect(strategy.priorities.every((p) => p.outcomes.length > 0)).toBe(true);

    const actions = await prisma.action.findMany({ include: { leadOrganisations: true } });
    expect(actions.length).toBeGreaterThanOrEqual(30);
    expect(actions.every((a) => a.priorityId !== null && a.status === 'NOT_STARTED')).toBe(true);
    // Messy like real plans: some without a lead, some with several, free-text dates kept as written.
    expect(actions.some((a) => a.leadOrganisations.length === 0)).toBe(true);
    expect(actions.some((a) => a.leadOrganisations.length > 1)).toBe(true);
    const dated = actions.find((a) => a.ref === '3.1.1');
    expect(dated).toMatchObject({ dueDateText: '2021/22', dueDateParse: 'PARSED' });
    expect(dated?.dueDate?.toISOString().slice(0, 10)).toBe('2022-03-31');
    expect(actions.find((a) => a.ref === '1.8')).toMatchObject({
      dueDateText: 'on an ongoing basis',
      dueDate: null,
      dueDateParse: 'UNPARSED',
    });

    expect(strategy.kpis.map((k) => k.code).sort()).toEqual([
      'ASC-SAFEGUARDING-DA-FLAGGED',
      'DA-HOMELESSNESS',
      'MARAC-CASES',
      'MARAC-REPEAT-CASES',
      'MARAC-REPEAT-RATE',
      'SA-REFERRALS-SANDWELL-SHARE',
      'WMP-DA-INCIDENTS',
      'WMP-DA-INCIDENTS-PER-1000',
    ]);
    const valuesOf = (code: string) =>
      strategy.kpis
        .find((k) => k.code === code)
        ?.values.map((v) => [v.periodKey, v.value?.toNumber(), v.source])
        .sort();
    expect(valuesOf('WMP-DA-INCIDENTS')?.map(([period, value]) => [period, value])).toEqual([
      ['2019-20', 5688],
      ['2020-21', 7522],
    ]);
    // The derived rate is computed from the police count and the population (the strategy's 18 and 24).
    expect(valuesOf('WMP-DA-INCIDENTS-PER-1000')).toEqual([
      ['2019-20', 18.4638, 'formula'],
      ['2020-21', 24.4171, 'formula'],
    ]);
    // Only the published repeat rate is held for 2020/21, without its two counts: it stays as entered.
    expect(valuesOf('MARAC-REPEAT-RATE')?.map(([period, value]) => [period, value])).toEqual([
      ['2020-21', 38],
    ]);
    expect(await prisma.kpiInput.count()).toBe(3);
    expect(await prisma.referenceFigure.count()).toBe(seedCounts().referenceFigures);
    expect(await prisma.safeAccommodationService.count({ where: { dataContactId: { not: null } } })).toBe(
      seedCounts().services,
    );
    expect(
      strategy.kpis.every((k) =>
        k.values.every(
          (v) => v.source === 'formula' || v.source?.includes('Sandwell Domestic Abuse Strategy'),
        ),
      ),
    ).toBe(true);
  });

  it('has a board with one chair and the s.58 categories, and only fictional people on example domains', async () => {
    const board = await prisma.board.findFirstOrThrow({
      include: { members: { include: { contact: true } }, meetings: true },
    });
    expect(board.members.filter((m) => m.isChair)).toHaveLength(1);
    const categories = new Set(board.members.map((m) => m.category));
    for (const required of [
      'LOCAL_AUTHORITY',
      'VICTIMS',
      'CHILDREN_OF_VICTIMS',
      'CHARITY_VOLUNTARY',
      'HEALTH',
      'POLICING_CRIMINAL_JUSTICE',
    ] as const) {
      expect(categories).toContain(required);
    }
    expect(board.meetings.map((m) => m.meetsOn.toISOString().slice(0, 4))).toEqual([
      '2027',
      '2027',
      '2027',
      '2027',
    ]);

    const contacts = await prisma.contact.findMany();
    expect(contacts).toHaveLength(SANDWELL.contacts.length);
    for (const contact of contacts) expect(contact.email).toMatch(/@([a-z0-9-]+\.)*example\.(org|net|com)$/);
  });

  it('survives two processes seeding at once: one creates, the other returns the same partnership', async () => {
    const other = await createScratchDatabase(process.env.DATABASE_URL ?? '', 'waymark_test_seed');
    const clients = [createPrismaClient(other.url), createPrismaClient(other.url)];
    try {
      await applyMigrations(other.url);
      const results = await Promise.all(clients.map((client) => seedDemoPartnership(client)));
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect(results[0].partnershipId).toBe(results[1].partnershipId);
      expect(await clients[0].partnership.count()).toBe(1);
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
      await other.drop();
    }
  });

  it('records the creation in the audit trail', async () => {
    const [event] = await prisma.auditEvent.findMany();
    expect(event).toMatchObject({
      actorType: 'SYSTEM',
      channel: 'seed',
      event: 'partnership.created',
      entityType: 'Partnership',
    });
  });
});
