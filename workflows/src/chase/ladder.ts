// The one ladder walk that every chase uses (an action lead's, a KPI data owner's, and any later kind):
// wait for each step's moment, take it under its name, and wait out a deferral (quiet hours, a weekend, a
// bank holiday) unless everything is answered meanwhile. When a step falls and whom it goes to is decided
// by pure functions in the activities (libs/chasing/src/schedule.ts); this walk only keeps the order.
import { condition } from '@temporalio/workflow';
import type { ChaseEmailResult, ChaseStep } from './chase.contract';

/** Milliseconds from the workflow's clock until an ISO instant; zero once it has passed. */
export function msUntil(iso: string): number {
  return Math.max(0, Date.parse(iso) - Date.now());
}

/** Each step's name within its chase: "reminder:1", "reminder:2", ... and "escalation:<to>". */
export function ladderStepNames(steps: readonly ChaseStep[]): string[] {
  let reminders = 0;
  return steps.map((step) =>
    step.kind === 'reminder' ? `reminder:${(reminders += 1)}` : `escalation:${step.to}`,
  );
}

/**
 * Walks the ladder: for each step, `waitUntil` its moment (false ends the walk: everything is settled),
 * then `take` it under its name.
 */
export async function walkLadder(
  steps: readonly ChaseStep[],
  waitUntil: (at: string) => Promise<boolean>,
  take: (name: string, step: ChaseStep) => Promise<void>,
): Promise<void> {
  const names = ladderStepNames(steps);
  for (const [index, step] of steps.entries()) {
    if (!(await waitUntil(step.at))) return;
    await take(names[index], step);
  }
}

/**
 * Sends one email of a chase. A deferred send (quiet hours, a non-working day) is tried again at the time
 * the activity gives, unless `settled` becomes true meanwhile: then it returns null and nothing is sent.
 */
export async function sendOrDefer(
  attempt: () => Promise<ChaseEmailResult>,
  settled: () => boolean,
  onDeferred: (retryAt: string) => void = () => undefined,
): Promise<ChaseEmailResult | null> {
  for (;;) {
    const result = await attempt();
    if (result.outcome !== 'deferred' || !result.retryAt) return result;
    onDeferred(result.retryAt);
    if (await condition(settled, msUntil(result.retryAt))) return null;
  }
}
