import { Injectable } from '@nestjs/common';
import {
  type CalendarSpec,
  ScheduleAlreadyRunning,
  type ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { kpiPeriodAt, monthNumberAt, previousKpiPeriod, workingDaysDeadline } from '@waymark/calendar';
import { kpiCollectionScheduleSchema } from '@waymark/contracts';
import {
  KpiCollectionRoundInput,
  kpiCollectionRoundWorkflow,
  kpiCollectionRoundWorkflowId,
  kpiCollectionScheduleId,
} from '@waymark/workflows';
import { ScheduleDefinition, upsertSchedule } from './schedules';
import { TemporalClient } from './temporal-client';

/** Rounds start at 09:00 London time on the first day after the period. */
export const KPI_ROUND_HOUR = 9;

/** The collection a round started at `asOf` asks for: the period that ended last, and its deadline. */
export function kpiCollectionRound(
  asOf: Date,
  cadence: KpiCollectionRoundInput['cadence'],
  workingDaysToRespond: number,
): { periodKey: string; respondBy: string } {
  const ended = previousKpiPeriod(kpiPeriodAt(cadence, monthNumberAt(asOf)));
  const respondBy = workingDaysDeadline(asOf, workingDaysToRespond);
  return { periodKey: ended.key, respondBy: respondBy.toISOString() };
}

/** The first day of every quarter (April, July, October, January) or of every month, 09:00 London time. */
function roundCalendar(cadence: KpiCollectionRoundInput['cadence']): CalendarSpec {
  return {
    month: cadence === 'QUARTERLY' ? ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'] : '*',
    dayOfMonth: 1,
    hour: KPI_ROUND_HOUR,
    minute: 0,
    comment: `KPI collection round, ${cadence === 'QUARTERLY' ? 'each quarter' : 'each month'}`,
  };
}

export interface KpiCollectionScheduleView {
  scheduleId: string;
  cadence: KpiCollectionRoundInput['cadence'];
  workingDaysToRespond: number;
  /** When the next rounds start (ISO). */
  nextRounds: string[];
}

/**
 * One Temporal Schedule per partnership (`kpi-collection/<partnershipId>`) that starts each period's KPI
 * collection when the period ends, without a coordinator. Idempotent: creates the schedule, or updates it.
 */
@Injectable()
export class KpiCollectionSchedules {
  constructor(private readonly temporal: TemporalClient) {}

  async sync(input: KpiCollectionRoundInput): Promise<KpiCollectionScheduleView> {
    const definition = this.definition(input);
    await upsertSchedule(this.temporal.client, definition);
    const { info } = await this.handle(input.partnershipId).describe();
    return {
      scheduleId: definition.scheduleId,
      cadence: input.cadence,
      workingDaysToRespond: input.workingDaysToRespond,
      nextRounds: info.nextActionTimes.slice(0, 4).map((t) => t.toISOString()),
    };
  }

  /**
   * Gives the partnership its schedule with the default settings (each quarter, 15 working days), unless it
   * has one: a coordinator's own settings are never overwritten. True when it created the schedule.
   */
  async ensure(partnershipId: string): Promise<boolean> {
    const { scheduleId, spec, action, policies, note } = this.definition({
      partnershipId,
      ...kpiCollectionScheduleSchema.parse({}),
    });
    try {
      await this.temporal.client.schedule.create({ scheduleId, spec, action, policies, state: { note } });
      return true;
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning) return false;
      throw error;
    }
  }

  private definition(input: KpiCollectionRoundInput): ScheduleDefinition {
    const action: ScheduleOptionsStartWorkflowAction<typeof kpiCollectionRoundWorkflow> = {
      type: 'startWorkflow',
      workflowType: kpiCollectionRoundWorkflow,
      workflowId: kpiCollectionRoundWorkflowId(input.partnershipId),
      taskQueue: this.temporal.taskQueue,
      args: [input],
    };
    return {
      scheduleId: kpiCollectionScheduleId(input.partnershipId),
      spec: { calendars: [roundCalendar(input.cadence)], timezone: 'Europe/London' },
      action,
      // A round missed while Temporal was down still starts within a week; rounds never overlap.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
      note: `KPI collection ${input.cadence.toLowerCase()}, ${input.workingDaysToRespond} working days to respond`,
    };
  }

  handle(partnershipId: string) {
    return this.temporal.client.schedule.getHandle(kpiCollectionScheduleId(partnershipId));
  }
}
