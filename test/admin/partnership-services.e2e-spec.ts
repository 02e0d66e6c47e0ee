// Partnership, organisations, contacts, boards and members: the admin services on real PostgreSQL.
import { ConflictException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { listContactsSchema, listOrganisationsSchema } from '@waymark/contracts';
import { createPartnership } from '../support/fixtures';
import { adminSuite, coordinatorOf, expectEveryRowOnce } from './admin-services';

describe('partnership admin services', () => {
  const t = adminSuite();

  const pid = () => t.ours.partnership.id;
  const healthSeat = () =>
    ({ contactId: t.ours.lead.id, role: 'Member', isChair: false, category: 'HEALTH' }) as const;

  it("reads and updates only the caller's own partnership, audited", async () => {
    const updated = await t.s.partnerships.update(coordinatorOf(pid()), {
      coordinatorEmail: 'new.team@council.example.org',
    });
    expect(updated.coordinatorEmail).toBe('new.team@council.example.org');
    expect((await t.s.partnerships.get(pid())).gssCode).toBe(t.ours.partnership.gssCode);
    const [event] = await t.s.prisma.auditEvent.findMany({
      where: { partnershipId: pid(), event: 'partnership.updated' },
    });
    expect(event.before).toMatchObject({ coordinatorEmail: t.ours.partnership.coordinatorEmail });
    expect(event.after).toMatchObject({ coordinatorEmail: 'new.team@council.example.org' });
  });

  it('organisations: create, read, update, conflict, archive; audited before and after', async () => {
    const created = await t.s.organisations.create(coordinatorOf(pid()), {
      name: 'Domestic Abuse Strategic Board',
      kind: 'PARTNERSHIP_BODY',
      aliases: ['DA Board'],
    });
    expect(await t.s.organisations.get(pid(), created.id)).toMatchObject({ aliases: ['DA Board'] });
    const updated = await t.s.organisations.update(coordinatorOf(pid()), created.id, {
      aliases: ['DA Board', 'DASB'],
    });
    expect(updated.aliases).toEqual(['DA Board', 'DASB']);
    await expect(
      t.s.organisations.create(coordinatorOf(pid()), {
        name: 'Domestic Abuse Strategic Board',
        kind: 'OTHER',
        aliases: [],
      }),
    ).rejects.toThrow(ConflictException);
    const archived = await t.s.organisations.archive(coordinatorOf(pid()), created.id);
    expect(archived.archivedAt).toBeInstanceOf(Date);
    const listed = await t.s.organisations.list(pid(), listOrganisationsSchema.parse({ q: 'DASB' }));
    expect(listed.items).toEqual([]);
    const withArchived = await t.s.organisations.list(
      pid(),
      listOrganisationsSchema.parse({ q: 'DASB', includeArchived: 'true' }),
    );
    expect(withArchived.items.map((o) => o.id)).toEqual([created.id]);
    const events = await t.s.prisma.auditEvent.findMany({
      where: { entityId: created.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.event)).toEqual([
      'organisation.created',
      'organisation.updated',
      'organisation.archived',
    ]);
    expect(events[1].before).toMatchObject({ aliases: ['DA Board'] });
  });

  it("another partnership's records behave as missing, and nothing is written", async () => {
    const before = await t.s.footprint(pid());
    const theirOrg = t.theirs.organisation.id;
    await expect(t.s.organisations.get(pid(), theirOrg)).rejects.toThrow(NotFoundException);
    await expect(
      t.s.organisations.update(coordinatorOf(pid()), theirOrg, { name: 'Taken over' }),
    ).rejects.toThrow(NotFoundException);
    await expect(t.s.organisations.archive(coordinatorOf(pid()), theirOrg)).rejects.toThrow(
      NotFoundException,
    );
    await expect(t.s.contacts.get(pid(), t.theirs.lead.id)).rejects.toThrow(NotFoundException);
    await expect(
      t.s.contacts.create(coordinatorOf(pid()), {
        name: 'Alex Example',
        email: 'alex@example.org',
        organisationId: theirOrg,
        isRoleMailbox: false,
      }),
    ).rejects.toThrow(UnprocessableEntityException);
    await expect(
      t.s.contacts.update(coordinatorOf(pid()), t.ours.lead.id, { managerId: t.theirs.lead.id }),
    ).rejects.toThrow(UnprocessableEntityException);
    const board = await t.s.boards.create(coordinatorOf(t.theirs.partnership.id), {
      name: 'Their board',
      reportWorkingDaysBefore: 5,
    });
    await expect(t.s.boards.get(pid(), board.id)).rejects.toThrow(NotFoundException);
    await expect(t.s.boards.addMember(coordinatorOf(pid()), board.id, healthSeat())).rejects.toThrow(
      NotFoundException,
    );
    expect(
      (await t.s.organisations.list(pid(), listOrganisationsSchema.parse({}))).items.map((o) => o.id),
    ).not.toContain(theirOrg);
    expect(await t.s.footprint(pid())).toEqual(before);
    expect((await t.s.organisations.get(t.theirs.partnership.id, theirOrg)).name).toBe('Testshire Police');
  });

  it('contacts: a duplicate email is a conflict; a contact cannot manage themselves', async () => {
    const contact = await t.s.contacts.create(coordinatorOf(pid()), {
      name: 'Jo Example',
      email: 'Jo.Example@Health.example.org'.toLowerCase(),
      organisationId: t.ours.organisation.id,
      isRoleMailbox: false,
      managerId: t.ours.lead.id,
    });
    await expect(
      t.s.contacts.create(coordinatorOf(pid()), {
        name: 'Jo Again',
        email: contact.email,
        isRoleMailbox: false,
      }),
    ).rejects.toThrow(ConflictException);
    await expect(
      t.s.contacts.update(coordinatorOf(pid()), contact.id, { managerId: contact.id }),
    ).rejects.toThrow(UnprocessableEntityException);
    const list = await t.s.contacts.list(
      pid(),
      listContactsSchema.parse({ organisationId: t.ours.organisation.id }),
    );
    expect(list.items.map((c) => c.id)).toContain(contact.id);
  });

  it('boards and members: add, update, a second seat is a conflict, archive', async () => {
    const board = await t.s.boards.create(coordinatorOf(pid()), {
      name: 'Testshire DA Local Partnership Board',
      reportWorkingDaysBefore: 5,
    });
    const member = await t.s.boards.addMember(coordinatorOf(pid()), board.id, {
      contactId: t.ours.lead.id,
      role: 'Chair',
      isChair: true,
      category: 'POLICING_CRIMINAL_JUSTICE',
    });
    await expect(t.s.boards.addMember(coordinatorOf(pid()), board.id, healthSeat())).rejects.toThrow(
      ConflictException,
    );
    expect((await t.s.boards.updateMember(coordinatorOf(pid()), member.id, { isChair: false })).isChair).toBe(
      false,
    );
    await t.s.boards.archiveMember(coordinatorOf(pid()), member.id);
    const members = await t.s.boards.listMembers(pid(), board.id, {
      sort: 'createdAt',
      order: 'asc',
      limit: 10,
      includeArchived: false,
    });
    expect(members.items).toEqual([]);
    await expect(t.s.boards.getMember(t.theirs.partnership.id, member.id)).rejects.toThrow(NotFoundException);
  });

  it('pages through contacts with tied names: every contact exactly once, for any page size and order', async () => {
    const p = await createPartnership(t.s.prisma);
    for (let i = 0; i < 13; i++) {
      await t.s.contacts.create(coordinatorOf(p.partnership.id), {
        name: i % 2 ? 'Same Name' : `Person ${i % 3}`,
        email: `person${i}@example.org`,
        isRoleMailbox: false,
      });
    }
    const all = await t.s.prisma.contact.findMany({ where: { partnershipId: p.partnership.id } });
    await expectEveryRowOnce(
      (page) => t.s.contacts.list(p.partnership.id, listContactsSchema.parse({ sort: 'name', ...page })),
      all.map((c) => c.id),
      (c) => c.name,
    );
  });
});
