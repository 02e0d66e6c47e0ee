// Strategies, priorities and outcomes: the admin services on real PostgreSQL.
import { ConflictException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { listPrioritiesSchema, listStrategiesSchema } from '@waymark/contracts';
import { createPartnership } from '../support/fixtures';
import { adminSuite, coordinatorOf, expectEveryRowOnce } from './admin-services';

describe('strategy admin services', () => {
  const t = adminSuite();

  const pid = () => t.ours.partnership.id;

  it('strategy, priority and outcome: create, read, update, archive, audited', async () => {
    const strategy = await t.s.strategies.create(coordinatorOf(pid()), {
      title: 'Testshire DA Strategy 2029-2032',
      periodStart: '2029-04-01',
      periodEnd: '2032-03-31',
      reportingCadence: 'MONTHLY',
    });
    expect(strategy.periodEnd.toISOString().slice(0, 10)).toBe('2032-03-31');
    await expect(
      t.s.strategies.update(coordinatorOf(pid()), strategy.id, { periodEnd: '2029-01-01' }),
    ).rejects.toThrow(UnprocessableEntityException);
    const updated = await t.s.strategies.update(coordinatorOf(pid()), strategy.id, {
      firstPublishedOn: '2029-05-01',
    });
    expect(updated.firstPublishedOn?.toISOString().slice(0, 10)).toBe('2029-05-01');

    const priority = await t.s.priorities.create(coordinatorOf(pid()), {
      strategyId: strategy.id,
      ref: 'P1',
      title: 'Prevention',
      position: 0,
    });
    await expect(
      t.s.priorities.create(coordinatorOf(pid()), {
        strategyId: strategy.id,
        ref: 'P1',
        title: 'Again',
        position: 1,
      }),
    ).rejects.toThrow(ConflictException);
    const outcome = await t.s.priorities.createOutcome(coordinatorOf(pid()), {
      priorityId: priority.id,
      text: 'Fewer repeat referrals',
      position: 0,
    });
    expect(
      (
        await t.s.priorities.updateOutcome(coordinatorOf(pid()), outcome.id, {
          text: 'Fewer repeat MARAC referrals',
        })
      ).text,
    ).toBe('Fewer repeat MARAC referrals');
    await t.s.priorities.archiveOutcome(coordinatorOf(pid()), outcome.id);
    expect(
      (
        await t.s.priorities.listOutcomes(pid(), {
          priorityId: priority.id,
          sort: 'position',
          order: 'asc',
          limit: 5,
          includeArchived: false,
        })
      ).items,
    ).toEqual([]);
    await t.s.priorities.archive(coordinatorOf(pid()), priority.id);
    await t.s.strategies.archive(coordinatorOf(pid()), strategy.id);
    const listed = await t.s.strategies.list(pid(), listStrategiesSchema.parse({}));
    expect(listed.items.map((x) => x.id)).not.toContain(strategy.id);
    expect(listed.items.map((x) => x.id)).toContain(t.ours.strategy.id);
    const events = await t.s.prisma.auditEvent.findMany({
      where: { entityId: strategy.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.event)).toEqual(['strategy.created', 'strategy.updated', 'strategy.archived']);
    // An archived strategy takes no new priorities.
    await expect(
      t.s.priorities.create(coordinatorOf(pid()), {
        strategyId: strategy.id,
        ref: 'P2',
        title: 'Provision',
        position: 1,
      }),
    ).rejects.toThrow(UnprocessableEntityException);
  });

  it("another partnership's strategies, priorities and outcomes behave as missing; nothing is written", async () => {
    const theirOutcome = await t.s.priorities.createOutcome(coordinatorOf(t.theirs.partnership.id), {
      priorityId: t.theirs.priority.id,
      text: 'Their outcome',
      position: 0,
    });
    const before = await t.s.footprint(pid());
    const theirsBefore = await t.s.footprint(t.theirs.partnership.id);
    await expect(t.s.strategies.get(pid(), t.theirs.strategy.id)).rejects.toThrow(NotFoundException);
    await expect(
      t.s.strategies.update(coordinatorOf(pid()), t.theirs.strategy.id, { title: 'Taken over' }),
    ).rejects.toThrow(NotFoundException);
    await expect(t.s.strategies.archive(coordinatorOf(pid()), t.theirs.strategy.id)).rejects.toThrow(
      NotFoundException,
    );
    await expect(t.s.priorities.get(pid(), t.theirs.priority.id)).rejects.toThrow(NotFoundException);
    await expect(
      t.s.priorities.update(coordinatorOf(pid()), t.theirs.priority.id, { title: 'Taken over' }),
    ).rejects.toThrow(NotFoundException);
    await expect(
      t.s.priorities.create(coordinatorOf(pid()), {
        strategyId: t.theirs.strategy.id,
        ref: 'PX',
        title: 'Sneaked in',
        position: 0,
      }),
    ).rejects.toThrow(UnprocessableEntityException);
    await expect(t.s.priorities.getOutcome(pid(), theirOutcome.id)).rejects.toThrow(NotFoundException);
    await expect(
      t.s.priorities.createOutcome(coordinatorOf(pid()), {
        priorityId: t.theirs.priority.id,
        text: 'Sneaked in',
        position: 0,
      }),
    ).rejects.toThrow(UnprocessableEntityException);
    const listed = await t.s.priorities.list(
      pid(),
      listPrioritiesSchema.parse({ strategyId: t.theirs.strategy.id }),
    );
    expect(listed.items).toEqual([]);
    expect(await t.s.footprint(pid())).toEqual(before);
    expect(await t.s.footprint(t.theirs.partnership.id)).toEqual(theirsBefore);
  });

  it('pages through priorities with tied positions: each exactly once, any page size', async () => {
    const p = await createPartnership(t.s.prisma);
    for (let i = 2; i <= 12; i++) {
      await t.s.priorities.create(coordinatorOf(p.partnership.id), {
        strategyId: p.strategy.id,
        ref: `P${i}`,
        title: `Theme ${i}`,
        position: i % 3,
      });
    }
    const all = await t.s.prisma.priority.findMany({ where: { strategyId: p.strategy.id } });
    await expectEveryRowOnce(
      (page) =>
        t.s.priorities.list(p.partnership.id, listPrioritiesSchema.parse({ sort: 'position', ...page })),
      all.map((x) => x.id),
      (x) => x.position,
    );
  });
});
