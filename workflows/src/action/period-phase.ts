// What the action workflow decides by the clock, as pure functions: where the period stands and when the
// workflow next acts by itself. Unit-tested exhaustively (period-phase.spec.ts); the workflow only waits.
import type { ActionPhase, PeriodPlan } from './action.contract';

export interface PeriodMoment {
  phase: Extract<ActionPhase, 'waiting-to-request' | 'awaiting-update' | 'answered' | 'unanswered'>;
  /** When the workflow next acts by itself: the request, the deadline, or the period's end. */
  nextAt: string;
}

/**
 * Where an action's period stands at `now` (epoch ms): before the request goes out, waiting for the
 * lead, answered, or past the deadline unanswered. Once answered or past the deadline, nothing happens
 * until the period ends.
 */
export function periodMoment(
  now: number,
  plan: Pick<PeriodPlan, 'requestAt' | 'deadline' | 'periodEnd'>,
  answered: boolean,
): PeriodMoment {
  const beforeRequest = now < Date.parse(plan.requestAt);
  const pastDeadline = now >= Date.parse(plan.deadline);
  const phase = answered
    ? 'answered'
    : beforeRequest
      ? 'waiting-to-request'
      : pastDeadline
        ? 'unanswered'
        : 'awaiting-update';
  const nextAt = beforeRequest
    ? plan.requestAt
    : !pastDeadline && phase !== 'answered'
      ? plan.deadline
      : plan.periodEnd;
  return { phase, nextAt };
}

/**
 * Whether the period is over: the workflow's wait ran out (nothing woke it) while it was waiting for the
 * period's end. Then it closes the period's request and continues as new for the next period.
 */
export function periodOver(
  woken: boolean,
  waitedFor: string | null,
  plan: Pick<PeriodPlan, 'periodEnd'>,
): boolean {
  return !woken && waitedFor === plan.periodEnd;
}
