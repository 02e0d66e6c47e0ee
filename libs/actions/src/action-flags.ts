// Overdue and stale as database filters, and stale for one action (`isStale`, the admin API's view): one
// definition, as the board report (assessAction) also applies it, so lists, counts and reports agree.
// Every comparison on a nullable column is guarded by "IS NOT NULL", so that each filter is true or false
// (never SQL NULL) for every row and its negation (`overdue: false`) returns exactly the other rows.
import { londonDate, reportingPeriodAt } from '@waymark/calendar';
import type { ActionStatus, Prisma, ReportingCadence } from '@waymark/db';

const CLOSED_STATUSES: ActionStatus[] = ['COMPLETE', 'CANCELLED'];

/** Neither complete nor cancelled, nor archived: still to be delivered. */
export const LIVE_ACTION: Prisma.ActionWhereInput = {
  status: { notIn: CLOSED_STATUSES },
  archivedAt: null,
};

/** What deciding one action's staleness reads. */
export interface StalenessFacts {
  status: ActionStatus;
  archivedAt: Date | null;
  reportingCadence: ReportingCadence | null;
  lastUpdateAt: Date | null;
  createdAt: Date;
  strategy: { reportingCadence: ReportingCadence | null };
}

/**
 * A live action whose last update is older than the current reporting period is stale: it shows as
 * STALE, never as the colour it had last period. `staleWhere` is the same rule as a database filter.
 */
export function isStale(action: StalenessFacts, now = new Date()): boolean {
  if (CLOSED_STATUSES.includes(action.status) || action.archivedAt) return false;
  const cadence =
    (action.reportingCadence ?? action.strategy.reportingCadence) === 'MONTHLY' ? 'MONTHLY' : 'QUARTERLY';
  return (action.lastUpdateAt ?? action.createdAt) < reportingPeriodAt(now, cadence).start;
}

/** Live and due before today (London). */
export function overdueWhere(now: Date): Prisma.ActionWhereInput {
  const { year, month, day } = londonDate(now);
  const today = new Date(Date.UTC(year, month - 1, day));
  return { AND: [LIVE_ACTION, { dueDate: { not: null } }, { dueDate: { lt: today } }] };
}

/**
 * Live and not updated since the current reporting period began (never updated: created before it).
 * The period follows the action's cadence, else its strategy's; monthly or quarterly.
 */
export function staleWhere(now: Date): Prisma.ActionWhereInput {
  const olderThan = (start: Date): Prisma.ActionWhereInput => ({
    OR: [
      { AND: [{ lastUpdateAt: { not: null } }, { lastUpdateAt: { lt: start } }] },
      { lastUpdateAt: null, createdAt: { lt: start } },
    ],
  });
  const monthly: Prisma.ActionWhereInput = {
    OR: [
      { AND: [{ reportingCadence: { not: null } }, { reportingCadence: 'MONTHLY' }] },
      { reportingCadence: null, strategy: { reportingCadence: 'MONTHLY' } },
    ],
  };
  return {
    AND: [
      LIVE_ACTION,
      {
        OR: [
          { AND: [monthly, olderThan(reportingPeriodAt(now, 'MONTHLY').start)] },
          { AND: [{ NOT: monthly }, olderThan(reportingPeriodAt(now, 'QUARTERLY').start)] },
        ],
      },
    ],
  };
}
