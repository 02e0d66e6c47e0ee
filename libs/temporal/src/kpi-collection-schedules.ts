import { Injectable } from '@nestjs/common';
import {
  type CalendarSpec,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import {
  addWorkingDays,
  kpiPeriodAt,
  londonDate,
  londonMidnight,
  monthNumberAt,
  previousKpiPeriod,
} from '@waymark/calendar';
import {
  KpiCollectionRoundInput,
  kpiCollectionRoundWorkflow,
  kpiCollectionRoundWorkflowId,
  kpiCollectionScheduleId,
} from '@waymark/workflows';
import { upsertSchedule } from './schedules';
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
  const day = londonDate(addWorkingDays(asOf, workingDaysToRespond));
  const respondBy = new Date(londonMidnight(day.year, day.month, day.day).getTime() + 17 * 3_600_000);
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
    const scheduleId = kpiCollectionScheduleId(input.partnershipId);
    const spec = { calendars: [roundCalendar(input.cadence)], timezone: 'Europe/London' };
    const action: ScheduleOptionsStartWorkflowAction<typeof kpiCollectionRoundWorkflow> = {
      type: 'startWorkflow',
      workflowType: kpiCollectionRoundWorkflow,
      workflowId: kpiCollectionRoundWorkflowId(input.partnershipId),
      taskQueue: this.temporal.taskQueue,
      args: [input],
    };
    // A round missed while Temporal was down still starts within a week; rounds never overlap.
    const policies: ScheduleOptions['policies'] = {
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '7 days',
    };
    const note = `KPI collection ${input.cadence.toLowerCase()}, ${input.workingDaysToRespond} working days to respond`;
    await upsertSchedule(this.temporal.client, { scheduleId, spec, action, policies, note });
    const { info } = await this.handle(input.partnershipId).describe();
    return {
      scheduleId,
      cadence: input.cadence,
      workingDaysToRespond: input.workingDaysToRespond,
      nextRounds: info.nextActionTimes.slice(0, 4).map((t) => t.toISOString()),
    };
  }

  handle(partnershipId: string) {
    return this.temporal.client.schedule.getHandle(kpiCollectionScheduleId(partnershipId));
  }
}
