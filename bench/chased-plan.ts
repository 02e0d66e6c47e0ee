// The plan both chase benchmarks start a period for: a partnership whose strategy chases at once (requests
// gathered for five seconds, no reminders), `leads` leads and `actions` actions shared among them in turn.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@waymark/db';

export interface ChasedPlan {
  partnershipId: string;
  strategyId: string;
  actionIds: string[];
}

export async function seedChasedPlan(
  prisma: PrismaClient,
  { actions, leads, name }: { actions: number; leads: number; name: string },
): Promise<ChasedPlan> {
  const suffix = randomUUID().slice(0, 8);
  const partnership = await prisma.partnership.create({
    data: {
      name: `${name} ${suffix}`,
      gssCode: `B${suffix}`,
      coordinatorEmail: `coordinator+${suffix}@example.org`,
    },
  });
  const strategy = await prisma.strategy.create({
    data: {
      partnershipId: partnership.id,
      title: 'Benchmark strategy',
      periodStart: new Date('2026-04-01'),
      periodEnd: new Date('2029-03-31'),
      chasePolicy: {
        requestBefore: { seconds: 3600 },
        gatherFor: { seconds: 5 },
        reminders: [],
        escalations: [],
        quietHours: null,
      },
    },
  });
  const contacts = Array.from({ length: leads }, (_, i) => ({
    id: randomUUID(),
    partnershipId: partnership.id,
    name: `Lead ${i} Fictional`,
    email: `lead${i}+${suffix}@example.org`,
  }));
  await prisma.contact.createMany({ data: contacts });
  const rows = Array.from({ length: actions }, (_, i) => ({
    id: randomUUID(),
    partnershipId: partnership.id,
    strategyId: strategy.id,
    ref: `B${i}`,
    title: `Benchmark action ${i}`,
    text: 'We will measure how fast a period starts.',
    leadContactId: contacts[i % leads].id,
    dueDate: new Date('2027-03-31'),
  }));
  await prisma.action.createMany({ data: rows });
  return { partnershipId: partnership.id, strategyId: strategy.id, actionIds: rows.map((r) => r.id) };
}
