// The admin service layer on the real test database (test/global-setup.ts), without HTTP or Temporal:
// the services as Nest would wire them, and a way to compare a partnership's rows before and after.
import fc from 'fast-check';
import type { Caller } from '@waymark/access';
import { ActionsService, ProgressService } from '@waymark/actions';
import { AuditLog, AuditedWrites } from '@waymark/audit';
import { Page, PrismaService, SortOrder } from '@waymark/db';
import { KpisService } from '@waymark/kpis';
import {
  BoardsService,
  ContactsService,
  OrganisationsService,
  PartnershipsService,
} from '@waymark/partnerships';
import { PrioritiesService, StrategiesService } from '@waymark/strategies';
import { createPartnership } from '../support/fixtures';

/** A coordinator of the partnership, as the API passes the caller to the services' writes. */
export function coordinatorOf(partnershipId: string): Caller {
  return { userId: `coordinator-of-${partnershipId}`, partnershipId, role: 'COORDINATOR' };
}

export async function startAdminServices() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error('DATABASE_URL is not set: test/global-setup.ts should have started PostgreSQL');
  const prisma = new PrismaService({ databaseUrl });
  await prisma.onModuleInit();
  const audit = new AuditLog(prisma);
  const writes = new AuditedWrites(prisma, audit);
  return {
    prisma,
    partnerships: new PartnershipsService(prisma, writes),
    organisations: new OrganisationsService(prisma, writes),
    contacts: new ContactsService(prisma, writes),
    boards: new BoardsService(prisma, writes),
    strategies: new StrategiesService(prisma, writes),
    priorities: new PrioritiesService(prisma, writes),
    actions: new ActionsService(prisma, writes),
    progress: new ProgressService(prisma),
    kpis: new KpisService(prisma, audit, writes),
    /** Row counts of everything a partnership owns, and its audit trail: equal before and after = nothing written. */
    footprint: (partnershipId: string) => footprint(prisma, partnershipId),
    stop: () => prisma.$disconnect(),
  };
}

/** What the admin API writes (a running workflow's own events, e.g. requests sent, are not counted). */
const ADMIN_RECORDS = [
  ...['Partnership', 'Organisation', 'Contact', 'Board', 'BoardMember'],
  ...['Strategy', 'Priority', 'Outcome', 'Action', 'Kpi'],
];

/** Row counts of everything a partnership owns (its actions in full), and the audit trail of those. */
export async function footprint(prisma: PrismaService, partnershipId: string) {
  return {
    organisations: await prisma.organisation.count({ where: { partnershipId } }),
    contacts: await prisma.contact.count({ where: { partnershipId } }),
    boards: await prisma.board.count({ where: { partnershipId } }),
    members: await prisma.boardMember.count({ where: { board: { partnershipId } } }),
    strategies: await prisma.strategy.count({ where: { partnershipId } }),
    priorities: await prisma.priority.count({ where: { strategy: { partnershipId } } }),
    outcomes: await prisma.outcome.count({ where: { priority: { strategy: { partnershipId } } } }),
    kpis: await prisma.kpi.count({ where: { partnershipId } }),
    partnership: await prisma.partnership.findUnique({ where: { id: partnershipId } }),
    actions: await prisma.action.findMany({
      where: { partnershipId },
      include: { leadOrganisations: true },
    }),
    audit: await prisma.auditEvent.count({
      where: { partnershipId, entityType: { in: ADMIN_RECORDS } },
    }),
  };
}

export type AdminServices = Awaited<ReturnType<typeof startAdminServices>>;
type PartnershipFixture = Awaited<ReturnType<typeof createPartnership>>;

/**
 * One test file's setup: the services (`s`), the caller's partnership (`ours`) and another one
 * (`theirs`), each from createPartnership. Read the fields inside tests and hooks, not at describe time.
 */
export function adminSuite(): { s: AdminServices; ours: PartnershipFixture; theirs: PartnershipFixture } {
  const suite = {} as { s: AdminServices; ours: PartnershipFixture; theirs: PartnershipFixture };
  beforeAll(async () => {
    suite.s = await startAdminServices();
    suite.ours = await createPartnership(suite.s.prisma);
    suite.theirs = await createPartnership(suite.s.prisma);
  });
  afterAll(() => suite.s?.stop());
  return suite;
}

/**
 * The pagination property (fast-check): for any page size and either order, walking a list page by page
 * yields every one of `allIds` exactly once, in the order of `sortKey`, ties and all.
 */
export async function expectEveryRowOnce<T extends { id: string }>(
  list: (page: { order: SortOrder; limit: number; cursor?: string }) => Promise<Page<T>>,
  allIds: string[],
  sortKey: (row: T) => string | number,
): Promise<void> {
  const compare = (a: string | number, b: string | number) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: allIds.length + 2 }),
      fc.constantFrom<SortOrder>('asc', 'desc'),
      async (limit, order) => {
        const seen: T[] = [];
        let cursor: string | undefined;
        do {
          const page = await list({ order, limit, cursor });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(seen.map((row) => row.id).sort()).toEqual([...allIds].sort());
        const keys = seen.map(sortKey);
        const sorted = [...keys].sort(compare);
        expect(keys).toEqual(order === 'asc' ? sorted : sorted.reverse());
      },
    ),
    { numRuns: 15 },
  );
}
