import type { ChasePolicy } from '@waymark/contracts';
import { PrismaService } from '@waymark/db';
import { chasePolicyOf } from './schedule';

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
