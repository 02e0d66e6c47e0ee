import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleOptions,
  type ScheduleOptionsAction,
} from '@temporalio/client';

/** What a Waymark schedule is made of: when, what it starts, its policies and a note for the Temporal UI. */
export interface ScheduleDefinition {
  scheduleId: string;
  spec: ScheduleOptions['spec'];
  action: ScheduleOptionsAction;
  policies: ScheduleOptions['policies'];
  note: string;
}

/** Creates the schedule, or brings an existing one in step (keeping it paused if an operator paused it). */
export async function upsertSchedule(client: Client, schedule: ScheduleDefinition): Promise<void> {
  const { scheduleId, spec, action, policies, note } = schedule;
  try {
    await client.schedule.create({ scheduleId, spec, action, policies, state: { note } });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({
      ...previous,
      spec,
      action,
      policies,
      state: { paused: previous.state.paused, note },
    }));
  }
}
