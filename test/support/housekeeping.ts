import { randomUUID } from 'node:crypto';
import { TemporalClient } from '@waymark/temporal';
import { HousekeepingResult, housekeepingWorkflow } from '@waymark/workflows';
import { RunningWaymark } from './waymark';

/**
 * One housekeeping run, as the `housekeeping` schedule starts it, on the test's own worker (tests keep
 * no schedule: RECONCILE_INTERVAL_SECONDS is 0); resolves with what each sweep did.
 */
export function runHousekeeping(waymark: RunningWaymark): Promise<HousekeepingResult> {
  return waymark.api.get(TemporalClient).client.workflow.execute(housekeepingWorkflow, {
    workflowId: `housekeeping-test/${randomUUID()}`,
    taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
  });
}
