// The demo partnership (Sandwell) against a real PostgreSQL: a database of its own, migrated, seeded twice,
// with its history generated around a pinned day and read back through the product's own services.
import ExcelJS from 'exceljs';
import { AuditLog, type AuditedWrites } from '@waymark/audit';
import { kpiEntryPeriodsEndingWithin, monthNumberAt } from '@waymark/calendar';
import type { WaymarkConfig } from '@waymark/config';
import { listTriageSchema } from '@waymark/contracts';
import { applyMigrations, createPrismaClient, type PrismaClient, type PrismaService } from '@waymark/db';
import { InboundTriage } from '@waymark/inbound-mail';
import { kpiStatus } from '@waymark/kpi';
import { KpiValueRequestsService, type KpiValuesService } from '@waymark/kpis';
import { BoardReportService, SHEET_NAMES } from '@waymark/reports';
import { seedCounts, seedDemoPartnership } from '../../prisma/seed/sandwell';
import { SANDWELL } from '../../prisma/seed/sandwell.data';
import { createScratchDatabase, type ScratchDatabase } from '../support/database';

/** The day the history is generated around: a Monday in the third quarter of 2026/27. */
const TODAY = new Date('2026-12-07T10:00:00Z');
const LINK_SECRET = 'seed-test-link-secret-0123456789abcdef';

async function loadWorkbook(bytes: Buffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows below its header row (the row holding `header`), as objects keyed by header text. */
function tableOf(sheet: ExcelJS.Worksheet, header: string): Record<string, unknown>[] {
  let headerRow = 0;
  for (let r = 1; r <= Math.min(sheet.rowCount, 15) && !headerRow; r += 1)
    sheet.getRow(r).eachCell((cell) => {
      if (cell.value === header) headerRow = r;
    });
  if (!headerRow) throw new Error(`No "${header}" header on ${sheet.name}`);
  const names: Record<number, string> = {};
  sheet.getRow(headerRow).eachCell((cell, col) => (names[col] = String(cell.value)));
  const rows: Record<string, unknown>[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r += 1) {
    const row: Record<string, unknown> = {};
    sheet.getRow(r).eachCell((cell, col) => (row[names[col]] = cell.value));
    if (Object.keys(row).length > 0) rows.push(row);
  }
  return rows;
}

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
    const first = await seedDemoPartnership(prisma, { today: TODAY, linkSecret: LINK_SECRET });
    const second = await seedDemoPartnership(prisma, { today: TODAY, linkSecret: LINK_SECRET });
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    expect(first.partnershipName).toBe('Sandwell');
    expect(await prisma.partnership.count({ where: { gssCode: 'E08000028' } })).toBe(1);
    expect(await prisma.strategy.count()).toBe(1);
    expect(await prisma.action.count()).toBe(seedCounts().actions);
    expect(await prisma.auditEvent.count({ where: { event: 'partnership.created' } })).toBe(1);
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
    expect(actions.every((a) => a.priorityId !== null)).toBe(true);
    // Worked on: the history moved most actions on; those nobody leads were never asked.
    expect(actions.filter((a) => a.status === 'NOT_STARTED').every((a) => a.leadContactId === null)).toBe(
      true,
    );
    // Messy like real plans: some without a lead, some with several, free-text dates kept as written.
    expect(actions.some((a) => a.leadOrganisations.length === 0)).toBe(true);
    expect(actions.some((a) => a.leadOrganisations.length > 1)).toBe(true);
    const dated = actions.find((a) => a.ref === '3.1.1');
    expect(dated).toMatchObject({ dueDateText: '2021/22', dueDateParse: 'PARSED', status: 'COMPLETE' });
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
    // The strategy's own figures (its years up to 2020/21); the demo's history follows them.
    const valuesOf = (code: string) =>
      strategy.kpis
        .find((k) => k.code === code)
        ?.values.filter((v) => v.periodKey <= '2020-21')
        .map((v) => [v.periodKey, v.value?.toNumber(), v.source])
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
    expect(await prisma.referenceFigure.count()).toBeGreaterThan(seedCounts().referenceFigures);
    expect(await prisma.safeAccommodationService.count({ where: { dataContactId: { not: null } } })).toBe(
      seedCounts().services,
    );
    expect(
      strategy.kpis.every((k) =>
        k.values.every(
          (v) =>
            v.source === 'formula' ||
            v.source?.includes('Sandwell Domestic Abuse Strategy') ||
            v.source?.endsWith('(demo figures, illustrative)'),
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
    // Two meetings before the day it was loaded, four after.
    expect(board.meetings.map((m) => m.meetsOn.toISOString().slice(0, 10)).sort()).toEqual([
      '2026-06-17',
      '2026-09-16',
      '2026-12-16',
      '2027-03-17',
      '2027-06-16',
      '2027-09-15',
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
    const [event] = await prisma.auditEvent.findMany({ where: { event: 'partnership.created' } });
    expect(event).toMatchObject({
      actorType: 'SYSTEM',
      channel: 'seed',
      event: 'partnership.created',
      entityType: 'Partnership',
    });
  });

  describe('its recent history, generated around the day it was loaded', () => {
    const strategyId = () => prisma.strategy.findFirstOrThrow().then((s) => s.id);
    const partnershipId = () => prisma.partnership.findFirstOrThrow().then((p) => p.id);

    it('has every KPI up to date: the latest figure is for the last complete period, none stale', async () => {
      const reports = new BoardReportService(prisma as PrismaService);
      const id = await strategyId();
      const kpis = await reports.kpis(await partnershipId(), id, new Date('2027-01-01T00:00:00Z'), TODAY);
      expect(kpis).toHaveLength(SANDWELL.kpis.length);
      const lastMonth = monthNumberAt(TODAY) - 1;
      const latest: Record<string, string | undefined> = {};
      for (const kpi of kpis) {
        const status = kpiStatus({
          frequency: kpi.frequency,
          cadence: kpi.cadence,
          direction: kpi.direction,
          rag: kpi.rag,
          baseline: null,
          targets: new Map(kpi.targets.map((t) => [t.periodKey, t.value])),
          series: kpi.values.map((v) => ({ ...v, exceptional: v.exceptional })),
          asOf: TODAY,
        });
        const expected = kpiEntryPeriodsEndingWithin(
          { frequency: kpi.frequency, cadence: kpi.cadence ?? 'EVERY_PERIOD' },
          lastMonth - 24,
          lastMonth,
        ).at(-1)?.key;
        latest[kpi.code] = status.latest?.periodKey;
        expect({ code: kpi.code, stale: status.stale, latest: status.latest?.periodKey }).toEqual({
          code: kpi.code,
          stale: false,
          latest: expected,
        });
      }
      // Quarterly MARAC counts to September; yearly figures to March.
      expect(latest).toMatchObject({ 'MARAC-CASES': '2026-27-Q2', 'DA-HOMELESSNESS': '2025-26' });
      // With targets, the KPI table has colours to show.
      const rags = kpis.map(
        (kpi) =>
          kpiStatus({
            frequency: kpi.frequency,
            cadence: kpi.cadence,
            direction: kpi.direction,
            rag: kpi.rag,
            baseline: null,
            targets: new Map(kpi.targets.map((t) => [t.periodKey, t.value])),
            series: kpi.values,
            asOf: TODAY,
          }).rag,
      );
      expect(new Set(rags)).toEqual(new Set(['RED', 'AMBER', 'GREEN', null]));
    });

    it('builds a board report for the current quarter with red, amber, green and late actions, mostly not stale', async () => {
      const built = await new BoardReportService(prisma as PrismaService).build(await strategyId(), {
        now: TODAY,
      });
      expect(built.data.period.key).toBe('2026-27-Q3');
      // The strategy was reviewed in its first three-year window: the report does not call the review overdue.
      expect(built.data.reviewClock).toMatchObject({ status: 'open', missed: [] });
      const register = tableOf(
        (await loadWorkbook(built.content)).getWorksheet(SHEET_NAMES.register)!,
        'RAG',
      );
      expect(register).toHaveLength(seedCounts().actions);
      const rags = register.map((row) => row['RAG']);
      const count = (rag: string) => rags.filter((r) => r === rag).length;
      expect(count('Red')).toBeGreaterThan(0);
      expect(count('Amber')).toBeGreaterThan(0);
      expect(count('Green')).toBeGreaterThan(0);
      expect(count('Complete')).toBe(1);
      expect(count('Stale')).toBeLessThan(register.length / 2);
      const { headline } = built.assessment;
      expect(headline.overdue).toBeGreaterThan(0);
      expect(headline.unanswered).toBeGreaterThan(0);
      expect(headline.stale).toBe(count('Stale'));
      // The overdue action is an exception, in the lead's own words.
      const overdue = register.find((row) => row['Ref'] === '3.3.4');
      expect(overdue).toMatchObject({ RAG: 'Red', Status: expect.stringMatching(/off track/i) });
    });

    it('keeps the report the board was given before its last meeting, as the product builds it', async () => {
      const [report] = await prisma.boardReport.findMany({ include: { meeting: true } });
      expect(report.meeting.meetsOn.toISOString().slice(0, 10)).toBe('2026-09-16');
      expect(report.periodKey).toBe('2026-27-Q2');
      expect(report.asOf < report.meeting.meetsOn).toBe(true);
      const register = tableOf(
        (await loadWorkbook(report.content)).getWorksheet(SHEET_NAMES.register)!,
        'RAG',
      );
      const stale = register.filter((row) => row['RAG'] === 'Stale').length;
      expect(stale).toBeLessThan(register.length / 2);
      expect(
        await prisma.auditEvent.count({ where: { event: 'board-report.built', entityId: report.id } }),
      ).toBe(1);
    });

    it('has past quarters answered on time, late and not at all, and this quarter live', async () => {
      const requests = await prisma.updateRequest.findMany({ include: { updates: true } });
      const byPeriod = (key: string) => requests.filter((r) => r.periodKey === key);
      expect(new Set(requests.map((r) => r.periodKey))).toEqual(
        new Set(['2025-26-Q3', '2025-26-Q4', '2026-27-Q1', '2026-27-Q2', '2026-27-Q3']),
      );
      const past = requests.filter((r) => r.periodKey !== '2026-27-Q3');
      expect(past.every((r) => r.state !== 'OPEN' && r.expiresAt <= TODAY)).toBe(true);
      expect(past.some((r) => r.state === 'EXPIRED')).toBe(true);
      const late = past.filter((r) => r.answeredAt && r.answeredAt > r.respondBy);
      expect(late.length).toBeGreaterThan(0);
      expect(late.every((r) => r.remindersSent === 1)).toBe(true);
      // This quarter: most answered; the rest still open, sent and chased, for the workflows to carry on.
      const current = byPeriod('2026-27-Q3');
      const open = current.filter((r) => r.state === 'OPEN');
      expect(open.length).toBeGreaterThan(0);
      expect(open.length).toBeLessThan(current.length / 2);
      expect(open.every((r) => r.sentAt && r.sentAt < TODAY && r.expiresAt > TODAY)).toBe(true);
      // Past their deadline, reminded, and escalated to the lead's manager where they have one.
      expect(open.every((r) => r.respondBy < TODAY && r.remindersSent === 1)).toBe(true);
      expect(open.some((r) => r.escalatedAt !== null && r.escalatedAt < TODAY)).toBe(true);
      expect(
        requests.every((r) => r.updates.every((u) => u.submittedAt <= TODAY && u.submittedAt >= r.sentAt!)),
      ).toBe(true);
      // One chase per lead per quarter, as the chase workflow keys them.
      const chases = await prisma.leadChase.findMany({ include: { requests: true } });
      expect(chases.every((c) => c.requests.every((r) => r.leadContactId === c.leadContactId))).toBe(true);
      expect(chases.every((c) => c.requests.every((r) => r.periodKey === c.periodKey))).toBe(true);
    });

    it('has an extension approved, and a proposed date waiting for a decision', async () => {
      const approved = await prisma.update.findFirstOrThrow({
        where: { approvalState: 'APPROVED' },
        include: { action: true },
      });
      expect(approved.proposedDueDate).not.toBeNull();
      expect(approved.action.dueDate).toEqual(approved.proposedDueDate);
      expect(
        await prisma.auditEvent.count({
          where: { event: 'action.proposed-date-approved', entityId: approved.actionId },
        }),
      ).toBe(1);
      const pending = await prisma.update.findMany({ where: { approvalState: 'PENDING' } });
      expect(pending).toHaveLength(1);
      expect(pending[0].submittedAt > new Date('2026-10-01T00:00:00Z')).toBe(true);
    });

    it('has one reply waiting in triage, to a request still open', async () => {
      const triage = new InboundTriage(prisma as PrismaService, {} as AuditedWrites);
      const page = await triage.triage(await partnershipId(), listTriageSchema.parse({}));
      expect(page.items).toHaveLength(1);
      const [reply] = page.items;
      expect(reply).toMatchObject({ outcome: 'NOT_UNDERSTOOD', matchedBy: 'reply-address' });
      expect(reply.fromAddress).toMatch(/@([a-z0-9-]+\.)*example\.(org|net|com)$/);
      const chase = await prisma.leadChase.findUniqueOrThrow({
        where: { id: reply.leadChaseId! },
        include: { requests: true },
      });
      expect(chase.periodKey).toBe('2026-27-Q3');
      expect(chase.requests.some((r) => r.state === 'OPEN')).toBe(true);
    });

    it('would ask data owners for figures in a KPI collection for the current quarter', async () => {
      const requests = new KpiValueRequestsService(
        prisma as PrismaService,
        new AuditLog(prisma as PrismaService),
        {} as KpiValuesService,
        { LINK_SECRET } as WaymarkConfig,
      );
      const opened = await requests.openAll({
        partnershipId: await partnershipId(),
        periodKey: '2026-27-Q3',
        respondBy: '2027-01-22T17:00:00.000Z',
      });
      expect(opened.length).toBeGreaterThanOrEqual(1);
      const asked = await prisma.kpiValueRequestItem.findMany({ include: { kpi: true } });
      expect(asked.map((i) => `${i.kpi.code} ${i.periodKey}`).sort()).toEqual([
        'MARAC-CASES 2026-27-Q3',
        'MARAC-REPEAT-CASES 2026-27-Q3',
      ]);
    });
  });

  // Any day will do: the first working day of a quarter (the round has only just gone out) and mid-July.
  it.each(['2027-01-04T09:00:00Z', '2026-07-20T12:00:00Z'])(
    'loaded on %s, shows every KPI up to date and a current board report that is not mostly stale',
    async (day) => {
      const today = new Date(day);
      const other = await createScratchDatabase(process.env.DATABASE_URL ?? '', 'waymark_test_seed');
      const client = createPrismaClient(other.url);
      try {
        await applyMigrations(other.url);
        const { strategyId, partnershipId } = await seedDemoPartnership(client, {
          today,
          linkSecret: LINK_SECRET,
        });
        const reports = new BoardReportService(client as PrismaService);
        const built = await reports.build(strategyId, { now: today });
        const { headline } = built.assessment;
        expect(headline.stale).toBeLessThan(headline.actions / 2);
        expect(built.data.reviewClock?.status).not.toBe('overdue');
        expect(headline.red + headline.amber + headline.green).toBeGreaterThan(headline.actions / 2);
        for (const kpi of await reports.kpis(partnershipId, strategyId, built.data.period.end, today)) {
          const status = kpiStatus({
            frequency: kpi.frequency,
            cadence: kpi.cadence,
            direction: kpi.direction,
            rag: kpi.rag,
            baseline: null,
            targets: new Map(kpi.targets.map((t) => [t.periodKey, t.value])),
            series: kpi.values,
            asOf: today,
          });
          expect({ code: kpi.code, stale: status.stale }).toEqual({ code: kpi.code, stale: false });
        }
        // Nothing in the future: every update, request and audit event happened by the day it was loaded.
        expect(await client.update.count({ where: { submittedAt: { gt: today } } })).toBe(0);
        expect(await client.updateRequest.count({ where: { sentAt: { gt: today } } })).toBe(0);
        expect(await client.auditEvent.count({ where: { occurredAt: { gt: today } } })).toBe(0);
        expect(await client.kpiValue.count({ where: { createdAt: { gt: today } } })).toBe(0);
        expect(await client.boardReport.count()).toBe(1);
        expect(await client.update.count({ where: { approvalState: 'APPROVED' } })).toBe(1);
      } finally {
        await client.$disconnect();
        await other.drop();
      }
    },
  );
});
