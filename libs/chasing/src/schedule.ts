import {
  Cadence,
  addWorkingDays,
  lastWorkingDayOnOrBefore,
  londonDate,
  londonMidnight,
  reportingPeriodAt,
} from '@waymark/calendar';
import { ChasePolicy, Offset, chasePolicySchema } from '@waymark/contracts';

const HOUR_MS = 60 * 60 * 1000;

/** `instant` moved by an offset: working days keep the London time of day; seconds are plain time. */
export function shift(instant: Date, offset: Offset): Date {
  return 'seconds' in offset
    ? new Date(instant.getTime() + offset.seconds * 1000)
    : addWorkingDays(instant, offset.workingDays);
}

/** Seconds offsets are for demos and tests: their timeline starts now and ignores working days. */
export function usesWorkingDays(policy: ChasePolicy): boolean {
  return 'workingDays' in policy.requestBefore;
}

export interface PeriodSchedule {
  periodKey: string;
  periodEnd: Date;
  deadline: Date;
  requestAt: Date;
}

/**
 * When this period's request goes out and when answers are due. Working-day policies: the deadline is
 * 17:00 on the period's last working day (or `deadlineBeforeMeeting` before the next board meeting) and
 * the request goes `requestBefore` earlier, at 09:00. An action that joins late is asked at once.
 */
export function periodSchedule(
  now: Date,
  cadence: Cadence | 'BEFORE_BOARD_MEETING',
  policy: ChasePolicy,
  nextMeeting: Date | null,
): PeriodSchedule {
  const byMeeting = cadence === 'BEFORE_BOARD_MEETING' && nextMeeting !== null;
  const period = reportingPeriodAt(now, cadence === 'MONTHLY' ? 'MONTHLY' : 'QUARTERLY');
  const periodKey = byMeeting ? `board-${nextMeeting.toISOString().slice(0, 10)}` : period.key;
  const periodEnd = byMeeting ? nextMeeting : period.end;

  if (!usesWorkingDays(policy)) {
    const deadline = shift(now, { seconds: Math.abs((policy.requestBefore as { seconds: number }).seconds) });
    if (!policy.periodLength) return { periodKey, periodEnd, deadline, requestAt: now };
    // Short periods (demos, tests) are aligned on the epoch, so every action agrees on the period's key.
    const length = policy.periodLength.seconds * 1000;
    const start = Math.floor(now.getTime() / length) * length;
    const end = new Date(start + length);
    return {
      periodKey: `${periodKey}-s${start / 1000}`,
      periodEnd: end,
      deadline: deadline < end ? deadline : end,
      requestAt: now,
    };
  }
  const lastDay = byMeeting
    ? shift(nextMeeting, negate(policy.deadlineBeforeMeeting))
    : lastWorkingDayOnOrBefore(londonDate(new Date(periodEnd.getTime() - 1)));
  const d = londonDate(lastDay);
  let deadline = new Date(londonMidnight(d.year, d.month, d.day).getTime() + 17 * HOUR_MS);
  let requestAt = new Date(shift(deadline, negate(policy.requestBefore)).getTime() - 8 * HOUR_MS);
  if (deadline <= now) deadline = new Date(Math.max(now.getTime(), periodEnd.getTime() - HOUR_MS));
  if (requestAt < now) requestAt = now;
  return { periodKey, periodEnd, deadline, requestAt };
}

function negate(offset: Offset): Offset {
  return 'seconds' in offset
    ? { seconds: -Math.abs(offset.seconds) }
    : { workingDays: -Math.abs(offset.workingDays) };
}

export interface LadderStep {
  at: Date;
  kind: 'reminder' | 'escalation';
  to?: 'manager' | 'coordinator' | 'chair';
}

/** The reminder ladder, then the escalations, in time order, relative to the deadline. */
export function ladder(policy: ChasePolicy, deadline: Date): LadderStep[] {
  const steps: LadderStep[] = [
    ...policy.reminders.map((offset) => ({ at: shift(deadline, offset), kind: 'reminder' as const })),
    ...policy.escalations.map((e) => ({
      at: shift(deadline, e.after),
      kind: 'escalation' as const,
      to: e.to,
    })),
  ];
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The ladder's steps strictly between `from` and `until` (the first email's sending time and the end of
 * the period, or the time the links stop working), as the chase workflows take them.
 */
export function ladderBetween(
  policy: ChasePolicy,
  deadline: Date,
  from: Date,
  until: Date,
): Array<{ at: string; kind: LadderStep['kind']; to?: LadderStep['to'] }> {
  return ladder(policy, deadline)
    .filter((step) => step.at > from && step.at < until)
    .map((step) => ({ ...step, at: step.at.toISOString() }));
}

/** The strategy's stored policy, completed with defaults; a stored policy that no longer parses is an error. */
export function chasePolicyOf(stored: unknown): ChasePolicy {
  const parsed = chasePolicySchema.safeParse(stored ?? {});
  if (!parsed.success) throw new Error(`The strategy's chase policy is invalid: ${parsed.error.message}`);
  return parsed.data;
}
