// Actions (update, archive, filtered and paged lists) and progress: the admin services on real PostgreSQL.
import { randomUUID } from 'node:crypto';
import { ConflictException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ListActions, listActionsSchema } from '@waymark/contracts';
import { createPartnership } from '../support/fixtures';
import { adminSuite, coordinatorOf, expectEveryRowOnce } from './admin-services';

const OLD = new Date('2020-01-15T12:00:00Z');

describe('action admin services', () => {
  const t = adminSuite();
  const ids: Record<'fresh' | 'overdue' | 'stale' | 'complete' | 'archived', string> = {
    fresh: '',
    overdue: '',
    stale: '',
    complete: '',
    archived: '',
  };

  const create = (ref: string, dueDate: string, priorityId?: string) =>
    t.s.actions.createIn(coordinatorOf(t.ours.partnership.id), {
      strategyId: t.ours.strategy.id,
      priorityId,
      ref,
      title: `Action ${ref}`,
      text: `We will deliver action ${ref}.`,
      leadContactId: t.ours.lead.id,
      dueDate,
    });

  beforeAll(async () => {
    const now = new Date();
    // As the chase would leave them: answered this period, overdue, never answered, complete, archived.
    ids.fresh = (await create('A1', 'March 2099', t.ours.priority.id)).id;
    ids.overdue = (await create('A2', 'January 2020')).id;
    ids.stale = (await create('A3', 'to be agreed', t.ours.priority.id)).id;
    ids.complete = (await create('A4', 'January 2020')).id;
    ids.archived = (await create('A5', 'January 2020')).id;
    const set = (id: string, data: object) => t.s.prisma.action.update({ where: { id }, data });
    await set(ids.fresh, { status: 'ON_TRACK', rag: 'GREEN', lastUpdateAt: now });
    await set(ids.overdue, { status: 'AT_RISK', rag: 'AMBER', lastUpdateAt: now });
    await set(ids.stale, { rag: 'RED', createdAt: OLD });
    await set(ids.complete, { status: 'COMPLETE', createdAt: OLD });
    await t.s.actions.archive(coordinatorOf(t.ours.partnership.id), ids.archived);
  });

  const pid = () => t.ours.partnership.id;
  const list = (query: Record<string, unknown>) =>
    t.s.actions.list(pid(), listActionsSchema.parse({ limit: 50, ...query }) as ListActions);
  const refsOf = async (query: Record<string, unknown>) => (await list(query)).items.map((a) => a.ref);

  it('filters by status, RAG, priority, strategy, lead organisation, overdue and stale', async () => {
    expect(await refsOf({})).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(await refsOf({ includeArchived: 'true' })).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    expect(await refsOf({ status: 'ON_TRACK,AT_RISK' })).toEqual(['A1', 'A2']);
    expect(await refsOf({ rag: 'RED' })).toEqual(['A3']);
    expect(await refsOf({ priorityId: t.ours.priority.id })).toEqual(['A1', 'A3']);
    expect(await refsOf({ strategyId: t.ours.strategy.id, sort: 'ref', order: 'desc' })).toEqual([
      'A4',
      'A3',
      'A2',
      'A1',
    ]);
    expect(await refsOf({ leadOrganisationId: t.ours.organisation.id })).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(await refsOf({ overdue: 'true' })).toEqual(['A2']);
    expect(await refsOf({ overdue: 'false' })).toEqual(['A1', 'A3', 'A4']);
    expect(await refsOf({ stale: 'true' })).toEqual(['A3']);
    expect(await refsOf({ stale: 'false' })).toEqual(['A1', 'A2', 'A4']);
    expect(await refsOf({ stale: 'true', overdue: 'true' })).toEqual([]);
    expect(await refsOf({ strategyId: t.theirs.strategy.id })).toEqual([]);
  });

  it('updates the plan fields and lead organisations, audited; a duplicate ref is a conflict', async () => {
    const partner = await t.s.organisations.create(coordinatorOf(pid()), {
      name: 'Testshire Housing',
      kind: 'HOUSING',
      aliases: [],
    });
    const outcome = await t.s.priorities.createOutcome(coordinatorOf(pid()), {
      priorityId: t.ours.priority.id,
      text: 'Safer homes',
      position: 0,
    });
    const updated = await t.s.actions.update(coordinatorOf(pid()), ids.overdue, {
      priorityId: t.ours.priority.id,
      outcomeId: outcome.id,
      leadOrganisationIds: [partner.id, t.ours.organisation.id],
      measureText: 'Number of sanctuary installations',
    });
    expect(updated).toMatchObject({
      priorityId: t.ours.priority.id,
      outcomeId: outcome.id,
      measureText: 'Number of sanctuary installations',
    });
    expect(await refsOf({ leadOrganisationId: partner.id })).toEqual(['A2']);
    const [event] = await t.s.prisma.auditEvent.findMany({
      where: { entityId: ids.overdue, event: 'action.updated' },
    });
    expect(event.before).toMatchObject({ priorityId: null });
    expect(event.after).toMatchObject({ priorityId: t.ours.priority.id });
    await expect(t.s.actions.update(coordinatorOf(pid()), ids.overdue, { ref: 'A1' })).rejects.toThrow(
      ConflictException,
    );
    await t.s.actions.update(coordinatorOf(pid()), ids.overdue, {
      priorityId: null,
      outcomeId: null,
      leadOrganisationIds: [t.ours.organisation.id],
    });
  });

  it("another partnership's actions and referenced IDs behave as missing; nothing is written", async () => {
    const theirAction = await t.s.actions.createIn(coordinatorOf(t.theirs.partnership.id), {
      strategyId: t.theirs.strategy.id,
      ref: 'T1',
      title: 'Their action',
      text: 'Their partnership delivers this.',
      leadContactId: t.theirs.lead.id,
      dueDate: 'March 2027',
    });
    const before = await t.s.footprint(pid());
    const theirsBefore = await t.s.footprint(t.theirs.partnership.id);
    await expect(t.s.actions.getIn(pid(), theirAction.id)).rejects.toThrow(NotFoundException);
    await expect(
      t.s.actions.update(coordinatorOf(pid()), theirAction.id, { title: 'Taken over' }),
    ).rejects.toThrow(NotFoundException);
    await expect(t.s.actions.archive(coordinatorOf(pid()), theirAction.id)).rejects.toThrow(
      NotFoundException,
    );
    for (const input of [
      { priorityId: t.theirs.priority.id },
      { leadOrganisationIds: [t.theirs.organisation.id] },
      { leadOrganisationIds: [t.ours.organisation.id, t.theirs.organisation.id] },
    ]) {
      await expect(t.s.actions.update(coordinatorOf(pid()), ids.fresh, input)).rejects.toThrow(
        UnprocessableEntityException,
      );
    }
    const base = { ref: 'X1', title: 'Sneaked in', text: 'Should never be written.', dueDate: 'March 2027' };
    for (const input of [
      { ...base, strategyId: t.theirs.strategy.id, leadContactId: t.ours.lead.id },
      { ...base, strategyId: t.ours.strategy.id, leadContactId: t.theirs.lead.id },
      {
        ...base,
        strategyId: t.ours.strategy.id,
        leadContactId: t.ours.lead.id,
        priorityId: t.theirs.priority.id,
      },
      { ...base, strategyId: randomUUID(), leadContactId: t.ours.lead.id },
    ]) {
      await expect(t.s.actions.createIn(coordinatorOf(pid()), input)).rejects.toThrow(
        UnprocessableEntityException,
      );
    }
    expect(await t.s.footprint(pid())).toEqual(before);
    expect(await t.s.footprint(t.theirs.partnership.id)).toEqual(theirsBefore);
  });

  it('progress by priority and by organisation counts live, complete, red, overdue and stale actions', async () => {
    const byPriority = await t.s.progress.byPriority(pid(), t.ours.strategy.id);
    expect(byPriority).toEqual([
      {
        priority: { id: t.ours.priority.id, ref: 'P1', title: t.ours.priority.title },
        total: 2,
        complete: 0,
        red: 1,
        overdue: 0,
        stale: 1,
      },
      {
        priority: { id: null, ref: null, title: 'No priority' },
        total: 2,
        complete: 1,
        red: 0,
        overdue: 1,
        stale: 0,
      },
    ]);
    expect(await t.s.progress.byPriority(pid(), t.theirs.strategy.id)).toEqual([
      {
        priority: { id: null, ref: null, title: 'No priority' },
        total: 0,
        complete: 0,
        red: 0,
        overdue: 0,
        stale: 0,
      },
    ]);
    const byOrganisation = await t.s.progress.byOrganisation(pid());
    expect(byOrganisation).toContainEqual({
      organisation: { id: t.ours.organisation.id, name: 'Testshire Police' },
      total: 4,
      complete: 1,
      red: 1,
      overdue: 1,
      stale: 1,
    });
    expect(byOrganisation.map((o) => o.organisation.id)).not.toContain(t.theirs.organisation.id);
  });

  it('response rates: requests sent and answered per period and organisation', async () => {
    const request = (actionId: string, sent: boolean, answered: boolean) =>
      t.s.prisma.updateRequest.create({
        data: {
          partnershipId: pid(),
          actionId,
          leadContactId: t.ours.lead.id,
          periodKey: '2026-27-Q3',
          periodEnd: new Date('2027-01-01T00:00:00Z'),
          respondBy: new Date('2026-12-15T00:00:00Z'),
          tokenNonce: randomUUID(),
          tokenHash: randomUUID(),
          expiresAt: new Date('2027-02-01T00:00:00Z'),
          sentAt: sent ? new Date('2026-12-01T09:00:00Z') : null,
          answeredAt: answered ? new Date('2026-12-02T09:00:00Z') : null,
          state: answered ? 'ANSWERED' : 'OPEN',
        },
      });
    await request(ids.fresh, true, true);
    await request(ids.overdue, true, false);
    await request(ids.stale, true, true);
    await request(ids.complete, false, false);
    expect(await t.s.progress.responseRates(pid())).toEqual([
      { periodKey: '2026-27-Q3', organisationId: t.ours.organisation.id, sent: 3, answered: 2, rate: 2 / 3 },
    ]);
    expect(await t.s.progress.responseRates(pid(), '2026-27-Q2')).toEqual([]);
    expect(await t.s.progress.responseRates(t.theirs.partnership.id)).toEqual([]);
  });

  it('pages through actions sorted by tied titles: each exactly once, any page size and order', async () => {
    const p = await createPartnership(t.s.prisma);
    for (let i = 0; i < 12; i++) {
      await t.s.actions.createIn(coordinatorOf(p.partnership.id), {
        strategyId: p.strategy.id,
        ref: `R${i}`,
        title: `Action ${i % 3}`,
        text: `We will deliver ${i}.`,
        leadContactId: p.lead.id,
        dueDate: 'March 2028',
      });
    }
    const all = await t.s.prisma.action.findMany({ where: { partnershipId: p.partnership.id } });
    await expectEveryRowOnce(
      (page) =>
        t.s.actions.list(
          p.partnership.id,
          listActionsSchema.parse({ sort: 'title', ...page }) as ListActions,
        ),
      all.map((a) => a.id),
      (a) => a.title,
    );
    await expect(
      t.s.actions.list(
        p.partnership.id,
        listActionsSchema.parse({ sort: 'ref', cursor: 'garbage' }) as ListActions,
      ),
    ).rejects.toThrow('not one this list gave out');
  });
});
