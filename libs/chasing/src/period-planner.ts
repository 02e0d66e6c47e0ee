import { Injectable } from '@nestjs/common';
import { Cadence } from '@waymark/calendar';
import { Prisma, PrismaService } from '@waymark/db';
import { actionLeads, leadToAsk } from '@waymark/update-requests';
import type { PeriodPlan } from '@waymark/workflows';
import { chasePolicyOf, periodSchedule } from './schedule';

const CLOSED = new Set(['COMPLETE', 'CANCELLED']);

export const plannedAction = { strategy: true, ...actionLeads } satisfies Prisma.ActionInclude;

/** An action as its period is planned: with its strategy and whom to ask, enough to open its request too. */
export type PlannedAction = Prisma.ActionGetPayload<{ include: typeof plannedAction }>;

/** Decides, for the action workflow, what this reporting period looks like for one action. */
@Injectable()
export class PeriodPlanner {
  constructor(private readonly prisma: PrismaService) {}

  async plan(actionId: string, now = new Date()): Promise<PeriodPlan> {
    return this.planFor(await this.load(actionId), now);
  }

  load(actionId: string): Promise<PlannedAction> {
    return this.prisma.action.findUniqueOrThrow({ where: { id: actionId }, include: plannedAction });
  }

  /** The period's plan for an action already loaded (`load`), which its request can then be opened with. */
  async planFor(action: PlannedAction, now = new Date()): Promise<PeriodPlan> {
    // Its lead contact, or until it has one, the default contact of a lead organisation.
    const lead = leadToAsk(action);
    const policy = chasePolicyOf(action.strategy.chasePolicy);
    const cadence = action.reportingCadence ?? action.strategy.reportingCadence;
    const nextMeeting =
      cadence === 'BEFORE_BOARD_MEETING'
        ? ((
            await this.prisma.boardMeeting.findFirst({
              where: { board: { partnershipId: action.partnershipId }, meetsOn: { gt: now } },
              orderBy: { meetsOn: 'asc' },
            })
          )?.meetsOn ?? null)
        : null;
    const schedule = periodSchedule(now, cadence as Cadence | 'BEFORE_BOARD_MEETING', policy, nextMeeting);
    const live = !!lead && !action.archivedAt && !action.closedAt && !CLOSED.has(action.status);
    const today = now.toISOString().slice(0, 10);
    return {
      live,
      paused: action.pausedAt !== null,
      periodKey: schedule.periodKey,
      requestAt: schedule.requestAt.toISOString(),
      deadline: schedule.deadline.toISOString(),
      periodEnd: schedule.periodEnd.toISOString(),
      overdue: live && action.dueDate !== null && action.dueDate.toISOString().slice(0, 10) < today,
      search: searchOf(action, lead?.organisationName ?? null),
    };
  }
}

export function searchOf(
  action: {
    status: string;
    rag: string | null;
    dueDate: Date | null;
    strategyId: string;
    partnershipId: string;
  },
  leadOrganisation: string | null,
): PeriodPlan['search'] {
  return {
    status: action.status,
    rag: action.rag,
    leadOrganisation,
    dueDate: action.dueDate?.toISOString() ?? null,
    strategyId: action.strategyId,
    partnershipId: action.partnershipId,
  };
}
