import { randomUUID } from 'node:crypto';
import { PrismaService } from '@waymark/db';

/**
 * A chase that runs in seconds: the request goes out 1 s after the lead's first action asks, answers are
 * due 30 s later, and there are no reminders or escalations unless a test asks for them.
 */
export const FAST_CHASE: Record<string, unknown> = {
  requestBefore: { seconds: 30 },
  gatherFor: { seconds: 1 },
  reminders: [],
  escalations: [],
  quietHours: null,
  weeklyNudgeCap: 20,
};

/** A small partnership of its own for one test: a strategy, a priority, a lead and their organisation. */
export async function createPartnership(
  prisma: PrismaService,
  chasePolicy: Record<string, unknown> = FAST_CHASE,
) {
  const suffix = randomUUID().slice(0, 8);
  const partnership = await prisma.partnership.create({
    data: {
      name: `Testshire ${suffix}`,
      gssCode: `T${suffix}`,
      coordinatorEmail: `da.team+${suffix}@council.example.org`,
    },
  });
  const organisation = await prisma.organisation.create({
    data: { partnershipId: partnership.id, name: 'Testshire Police', kind: 'POLICE', aliases: ['TP'] },
  });
  const lead = await prisma.contact.create({
    data: {
      partnershipId: partnership.id,
      organisationId: organisation.id,
      name: 'Sam Fictional',
      email: `sam.fictional+${suffix}@police.example.org`,
      jobTitle: 'Detective Inspector',
    },
  });
  const strategy = await prisma.strategy.create({
    data: {
      partnershipId: partnership.id,
      title: 'Testshire Domestic Abuse Strategy 2026-2029',
      periodStart: new Date('2026-04-01'),
      periodEnd: new Date('2029-03-31'),
      firstPublishedOn: new Date('2026-04-01'),
      chasePolicy: chasePolicy as object,
    },
  });
  const priority = await prisma.priority.create({
    data: { strategyId: strategy.id, ref: 'P1', title: 'Prevention and early intervention' },
  });
  return { partnership, organisation, lead, strategy, priority };
}
