import type { ChasePolicy } from '@waymark/contracts';
import { PrismaService } from '@waymark/db';
import { chasePolicyOf, ladderBetween } from './schedule';

/**
 * A partnership's chase policy for what is not tied to one action (KPI figures, providers' return figures):
 * its current strategy's (the one that started last), else the defaults. Everyone is chased on the same
 * ladder, quiet hours and weekly cap as action leads.
 */
export async function partnershipChasePolicy(
  prisma: PrismaService,
  partnershipId: string,
): Promise<ChasePolicy> {
  const strategy = await prisma.strategy.findFirst({
    where: { partnershipId },
    orderBy: { periodStart: 'desc' },
  });
  return chasePolicyOf(strategy?.chasePolicy);
}

/**
 * The reminders and escalations of the partnership's policy for a request due at `deadline`: those after
 * `now` and before the request's link stops working (`lateFor` after the deadline).
 */
export async function partnershipLadder(
  prisma: PrismaService,
  partnershipId: string,
  deadline: Date,
  now: Date,
  lateFor: number,
): Promise<ReturnType<typeof ladderBetween>> {
  return ladderBetween(
    await partnershipChasePolicy(prisma, partnershipId),
    deadline,
    now,
    new Date(deadline.getTime() + lateFor),
  );
}
