import { Injectable } from '@nestjs/common';
import {
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import { HOUSEKEEPING_SCHEDULE_ID, HOUSEKEEPING_WORKFLOW_ID, housekeepingWorkflow } from '@waymark/workflows';
import { upsertSchedule } from './schedules';
import { TemporalClient } from './temporal-client';

/**
 * The cluster's one housekeeping Schedule (`housekeeping`): runs the housekeeping workflow every
 * `intervalSeconds`, never two at once. Every worker keeps it in step with its configuration at start.
 */
@Injectable()
export class HousekeepingSchedule {
  constructor(private readonly temporal: TemporalClient) {}

  /**
   * Creates the schedule or brings it in step (an operator's pause is kept) and runs it once now, to catch
   * up after an outage or a deploy; with 0, deletes it (no housekeeping).
   */
  async sync(intervalSeconds: number): Promise<void> {
    if (intervalSeconds === 0) {
      await this.handle()
        .delete()
        .catch((error: unknown) => {
          if (!(error instanceof ScheduleNotFoundError)) throw error;
        });
      return;
    }
    const action: ScheduleOptionsStartWorkflowAction<typeof housekeepingWorkflow> = {
      type: 'startWorkflow',
      workflowType: housekeepingWorkflow,
      workflowId: HOUSEKEEPING_WORKFLOW_ID,
      taskQueue: this.temporal.taskQueue,
      args: [],
    };
    await upsertSchedule(this.temporal.client, {
      scheduleId: HOUSEKEEPING_SCHEDULE_ID,
      spec: { intervals: [{ every: `${intervalSeconds}s` }] },
      action,
      // A missed run is not caught up: the next one does all the work.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      note:
        `Housekeeping every ${intervalSeconds} s: start missing action workflows, stop archived ones, ` +
        'create KPI collection schedules, resend unsent confirmations and answers',
    });
    await this.handle().trigger();
  }

  handle() {
    return this.temporal.client.schedule.getHandle(HOUSEKEEPING_SCHEDULE_ID);
  }
}
