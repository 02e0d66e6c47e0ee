import { Injectable } from '@nestjs/common';
import {
  type CalendarSpec,
  MONTHS,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { addWorkingDays, londonDate, londonMidnight } from '@waymark/calendar';
import { boardReportScheduleId, boardReportWorkflow, boardReportWorkflowId } from '@waymark/workflows';
import { upsertSchedule } from './schedules';
import { TemporalClient } from './temporal-client';

/** The report goes out at 07:00 London time on its day. */
export const BOARD_REPORT_HOUR = 7;

/** The date `workingDays` working days (no weekends, no England and Wales bank holidays) before an ISO date. */
export function workingDaysBefore(isoDate: string, workingDays: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const day = londonDate(addWorkingDays(londonMidnight(y, m, d), -workingDays));
  return `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}

export interface BoardReportRun {
  /** The meeting (ISO date). */
  meetsOn: string;
  /** When its report is built and sent. */
  reportAt: Date;
}

/** When each meeting's report goes: 07:00 London time, N working days before it; times already past dropped. */
export function boardReportRuns(meetings: readonly string[], days: number, now: Date): BoardReportRun[] {
  return meetings
    .map((meetsOn) => {
      const [y, m, d] = workingDaysBefore(meetsOn, days).split('-').map(Number);
      // Report days are working days, never the Sunday of a clock change, so +7 h is 07:00 London time.
      return {
        meetsOn,
        reportAt: new Date(londonMidnight(y, m, d).getTime() + BOARD_REPORT_HOUR * 3_600_000),
      };
    })
    .filter((run) => run.reportAt > now)
    .sort((a, b) => a.reportAt.getTime() - b.reportAt.getTime());
}

/** One exact instant (UTC) as a calendar entry: year, month, day, hour and minute all fixed. */
function calendarAt(run: BoardReportRun): CalendarSpec {
  const t = run.reportAt;
  return {
    year: t.getUTCFullYear(),
    month: MONTHS[t.getUTCMonth()],
    dayOfMonth: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    comment: `report for the meeting on ${run.meetsOn}`,
  };
}

export interface BoardReportScheduleSettings {
  boardId: string;
  /** The board's meetings (ISO dates). */
  meetings: readonly string[];
  workingDaysBefore: number;
}

export interface BoardReportScheduleView {
  scheduleId: string;
  workingDaysBefore: number;
  runs: { meetsOn: string; reportAt: string }[];
}

/**
 * Keeps one Temporal Schedule per board (`board-report/<boardId>`) in step with its meetings: it starts
 * the board report workflow N working days before each. Idempotent: creates the schedule, or replaces
 * its times when it exists. Call it whenever a board's meetings or settings change.
 */
@Injectable()
export class BoardReportSchedules {
  constructor(private readonly temporal: TemporalClient) {}

  async sync(settings: BoardReportScheduleSettings, now = new Date()): Promise<BoardReportScheduleView> {
    const scheduleId = boardReportScheduleId(settings.boardId);
    const runs = boardReportRuns(settings.meetings, settings.workingDaysBefore, now);
    const spec = { calendars: runs.map(calendarAt) };
    const action: ScheduleOptionsStartWorkflowAction<typeof boardReportWorkflow> = {
      type: 'startWorkflow',
      workflowType: boardReportWorkflow,
      workflowId: boardReportWorkflowId(settings.boardId),
      taskQueue: this.temporal.taskQueue,
      args: [{ boardId: settings.boardId }],
    };
    // A run missed while Temporal was down still goes out within a day; runs never overlap.
    const policies: ScheduleOptions['policies'] = {
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '1 day',
    };
    const note = `Board report ${settings.workingDaysBefore} working days before each meeting`;
    await upsertSchedule(this.temporal.client, { scheduleId, spec, action, policies, note });
    return {
      scheduleId,
      workingDaysBefore: settings.workingDaysBefore,
      runs: runs.map((r) => ({ meetsOn: r.meetsOn, reportAt: r.reportAt.toISOString() })),
    };
  }

  handle(boardId: string) {
    return this.temporal.client.schedule.getHandle(boardReportScheduleId(boardId));
  }
}
