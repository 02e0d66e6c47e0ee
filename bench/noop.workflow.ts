// The benchmark's baseline: a workflow that starts and runs one activity that does nothing.
import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export async function benchNoopWorkflow(): Promise<void> {
  await noop();
}
