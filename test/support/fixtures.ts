import { randomUUID } from 'node:crypto';
import { PrismaService } from '@waymark/db';

/** A small partnership of its own for one test: a strategy, a priority, a lead and their organisation. */
export async function createPartnership(prisma: PrismaService) {
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
    },
  });
  const priority = await prisma.priority.create({
    data: { strategyId: strategy.id, ref: 'P1', title: 'Prevention and early intervention' },
  });
  return { partnership, organisation, lead, strategy, priority };
}
