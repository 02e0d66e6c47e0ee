import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@waymark/db';
import { overdueWhere, staleWhere } from './action-flags';

/** The counts a coordinator watches, per priority or per lead organisation. */
export interface ProgressCounts {
  total: number;
  complete: number;
  red: number;
  overdue: number;
  stale: number;
}

export interface ResponseRate {
  periodKey: string;
  organisationId: string | null;
  sent: number;
  answered: number;
  /** answered / sent, 0-1; null when nothing was sent. */
  rate: number | null;
}

/** Where a period's update requests stand, for one priority or lead organisation. */
export interface ChaseCounts {
  /** Asked and not answered, neither reminded nor escalated yet. */
  asked: number;
  /** Reminded at least once, not answered, not escalated. */
  reminded: number;
  /** Escalated, not answered. */
  escalated: number;
  answered: number;
  /** answered / every request sent, 0-1; null when nothing was sent. */
  rate: number | null;
}

export type ChaseGrouping = 'priority' | 'organisation';

type Measures = Record<keyof ProgressCounts, Prisma.ActionWhereInput>;

/** Progress views over the action plan; every query is scoped to the caller's partnership. */
@Injectable()
export class ProgressService {
  constructor(private readonly prisma: PrismaService) {}

  async byPriority(partnershipId: string, strategyId: string, now = new Date()) {
    const priorities = await this.prisma.priority.findMany({
      where: { strategyId, archivedAt: null, strategy: { partnershipId } },
      orderBy: [{ position: 'asc' }, { ref: 'asc' }],
      select: { id: true, ref: true, title: true },
    });
    const counts = await this.count(now, async (where) => {
      const rows = await this.prisma.action.groupBy({
        by: ['priorityId'],
        where: { AND: [where, { partnershipId, strategyId, archivedAt: null }] },
        _count: { _all: true },
      });
      return new Map(rows.map((r) => [r.priorityId, r._count._all]));
    });
    return [...priorities, { id: null, ref: null, title: 'No priority' }].map((priority) => ({
      priority,
      ...counts(priority.id),
    }));
  }

  async byOrganisation(partnershipId: string, now = new Date()) {
    const organisations = await this.prisma.organisation.findMany({
      where: { partnershipId, archivedAt: null },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true },
    });
    const counts = await this.count(now, async (where) => {
      const rows = await this.prisma.actionLeadOrganisation.groupBy({
        by: ['organisationId'],
        where: { action: { AND: [where, { partnershipId, archivedAt: null }] } },
        _count: { _all: true },
      });
      return new Map<string | null, number>(rows.map((r) => [r.organisationId, r._count._all]));
    });
    return organisations.map((organisation) => ({ organisation, ...counts(organisation.id) }));
  }

  /** Update requests sent and answered, per reporting period and the lead's organisation. */
  async responseRates(partnershipId: string, periodKey?: string): Promise<ResponseRate[]> {
    const where: Prisma.UpdateRequestWhereInput = {
      partnershipId,
      sentAt: { not: null },
      ...(periodKey ? { periodKey } : {}),
    };
    const grouped = async (extra: Prisma.UpdateRequestWhereInput) =>
      this.prisma.updateRequest.groupBy({
        by: ['periodKey', 'leadContactId'],
        where: { AND: [where, extra] },
        _count: { _all: true },
      });
    const [sent, answered] = await Promise.all([grouped({}), grouped({ answeredAt: { not: null } })]);
    const contacts = await this.prisma.contact.findMany({
      where: { partnershipId, id: { in: [...new Set(sent.map((r) => r.leadContactId))] } },
      select: { id: true, organisationId: true },
    });
    const organisationOf = new Map(contacts.map((c) => [c.id, c.organisationId]));
    const rates = new Map<string, ResponseRate>();
    const add = (rows: typeof sent, field: 'sent' | 'answered') => {
      for (const row of rows) {
        const organisationId = organisationOf.get(row.leadContactId) ?? null;
        const key = `${row.periodKey}/${organisationId}`;
        const rate = rates.get(key) ?? {
          periodKey: row.periodKey,
          organisationId,
          sent: 0,
          answered: 0,
          rate: null,
        };
        rate[field] += row._count._all;
        rates.set(key, rate);
      }
    };
    add(sent, 'sent');
    add(answered, 'answered');
    return [...rates.values()]
      .map((r) => ({ ...r, rate: r.sent ? r.answered / r.sent : null }))
      .sort(
        (a, b) =>
          a.periodKey.localeCompare(b.periodKey) ||
          String(a.organisationId).localeCompare(String(b.organisationId)),
      );
  }

  /**
   * The chase of a reporting period (the latest one requests were sent for, unless given): per priority or per
   * the lead's organisation, how many requests are asked, reminded, escalated or answered. Revoked requests
   * (the action passed to another lead) are not counted.
   */
  async chaseStates(
    partnershipId: string,
    by: ChaseGrouping,
    periodKey?: string,
  ): Promise<{ periodKey: string | null; groups: Map<string | null, ChaseCounts> }> {
    const period =
      periodKey ??
      (
        await this.prisma.updateRequest.findFirst({
          where: { partnershipId, sentAt: { not: null } },
          orderBy: [{ sentAt: 'desc' }, { id: 'asc' }],
          select: { periodKey: true },
        })
      )?.periodKey;
    const groups = new Map<string | null, ChaseCounts>();
    if (!period) return { periodKey: null, groups };
    const requests = await this.prisma.updateRequest.findMany({
      where: { partnershipId, periodKey: period, sentAt: { not: null }, state: { not: 'REVOKED' } },
      select: {
        answeredAt: true,
        remindersSent: true,
        escalatedAt: true,
        action: { select: { priorityId: true } },
        leadContact: { select: { organisationId: true } },
      },
    });
    for (const r of requests) {
      const key = by === 'priority' ? r.action.priorityId : r.leadContact.organisationId;
      const counts = groups.get(key) ?? { asked: 0, reminded: 0, escalated: 0, answered: 0, rate: null };
      if (r.answeredAt) counts.answered += 1;
      else if (r.escalatedAt) counts.escalated += 1;
      else if (r.remindersSent > 0) counts.reminded += 1;
      else counts.asked += 1;
      const sent = counts.asked + counts.reminded + counts.escalated + counts.answered;
      counts.rate = counts.answered / sent;
      groups.set(key, counts);
    }
    return { periodKey: period, groups };
  }

  /** Runs one grouped count per measure; returns the counts of one group. */
  private async count(
    now: Date,
    countBy: (where: Prisma.ActionWhereInput) => Promise<Map<string | null, number>>,
  ): Promise<(group: string | null) => ProgressCounts> {
    const measures: Measures = {
      total: {},
      complete: { status: 'COMPLETE' },
      red: { rag: 'RED' },
      overdue: overdueWhere(now),
      stale: staleWhere(now),
    };
    const names = Object.keys(measures) as (keyof ProgressCounts)[];
    const results = await Promise.all(names.map((name) => countBy(measures[name])));
    return (group) =>
      Object.fromEntries(
        names.map((name, i) => [name, results[i].get(group) ?? 0]),
      ) as unknown as ProgressCounts;
  }
}
