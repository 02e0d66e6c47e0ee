// What every chase shares, whoever is chased (action leads, KPI data owners): when a reminder or escalation
// may go out, and who is told when a person does not answer.
import { nextSendingTime } from '@waymark/calendar';
import type { ChasePolicy, EscalationTarget } from '@waymark/contracts';
import type { PrismaService } from '@waymark/db';
import { usesWorkingDays } from './schedule';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Outbox kinds that count towards a person's weekly cap: action chases and KPI chases alike. */
export const NUDGE_KINDS: readonly string[] = Object.freeze([
  'chase-reminder',
  'chase-escalation',
  'kpi-value-reminder',
  'kpi-value-escalation',
]);

export type NudgeVerdict =
  | { verdict: 'allowed' }
  /** Quiet hours, a weekend or a bank holiday: try again then. */
  | { verdict: 'deferred'; retryAt: Date }
  /** The person already had `weeklyNudgeCap` reminders and escalations in the last seven days. */
  | { verdict: 'capped'; sentThisWeek: number };

/**
 * Whether a reminder or escalation may go to `to` now: never in quiet hours or on a non-working day
 * (working-day policies only; seconds policies are for demos and tests), and at most the policy's weekly
 * cap per person in any seven days.
 */
export async function nudgeVerdict(
  prisma: PrismaService,
  policy: ChasePolicy,
  to: string,
  now: Date,
): Promise<NudgeVerdict> {
  const retryAt = deferredUntil(policy, now);
  if (retryAt) return { verdict: 'deferred', retryAt };
  const sentThisWeek = await prisma.outboundEmail.count({
    where: {
      toAddress: to,
      kind: { in: [...NUDGE_KINDS] },
      status: 'SENT',
      sentAt: { gt: new Date(now.getTime() - WEEK_MS) },
    },
  });
  return sentThisWeek >= policy.weeklyNudgeCap ? { verdict: 'capped', sentThisWeek } : { verdict: 'allowed' };
}

/**
 * When a reminder or escalation due at `now` may go instead, or null when it may go now: the next working
 * day outside quiet hours, for working-day policies (half a minute early counts as on time).
 */
export function deferredUntil(policy: ChasePolicy, now: Date): Date | null {
  if (!usesWorkingDays(policy)) return null;
  const allowed = nextSendingTime(now, policy.quietHours);
  return allowed.getTime() - now.getTime() > 30_000 ? allowed : null;
}

export interface Person {
  name: string;
  email: string;
}

/** Who an escalation goes to: the person's manager, the partnership's coordinator or its board chair. */
export async function escalationRecipient(
  prisma: PrismaService,
  to: EscalationTarget,
  chased: { manager: Person | null },
  partnership: { id: string; coordinatorEmail: string },
): Promise<Person | null> {
  if (to === 'manager') return chased.manager;
  if (to === 'coordinator')
    return { name: 'Domestic abuse coordinator', email: partnership.coordinatorEmail };
  const chair = await prisma.boardMember.findFirst({
    where: { isChair: true, board: { partnershipId: partnership.id } },
    include: { contact: true },
  });
  return chair ? chair.contact : null;
}
