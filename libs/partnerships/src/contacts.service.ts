import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor, fieldError, unknownReference } from '@waymark/audit';
import { CreateContact, ListContacts, UpdateContact } from '@waymark/contracts';
import { Contact, Page, Prisma, PrismaService, paginate } from '@waymark/db';

/** People and role mailboxes at partner organisations: who is asked for updates, and escalated to. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  async create(caller: Caller, input: CreateContact): Promise<Contact> {
    await this.checkReferences(caller.partnershipId, input);
    return this.writes.run(this.write(caller, 'created', input.email), async (tx) => ({
      after: await tx.contact.create({ data: { ...input, partnershipId: caller.partnershipId } }),
    }));
  }

  async get(partnershipId: string, id: string): Promise<Contact> {
    const contact = await this.prisma.contact.findFirst({ where: { id, partnershipId } });
    if (!contact) throw new NotFoundException(`No contact ${id}`);
    return contact;
  }

  async update(caller: Caller, id: string, input: UpdateContact): Promise<Contact> {
    const before = await this.get(caller.partnershipId, id);
    if (input.managerId === id) {
      throw new UnprocessableEntityException(fieldError('managerId', 'A contact cannot manage themselves'));
    }
    await this.checkReferences(caller.partnershipId, input);
    return this.writes.run(this.write(caller, 'updated', input.email ?? before.email), async (tx) => ({
      before,
      after: await tx.contact.update({ where: { id }, data: input }),
    }));
  }

  async archive(caller: Caller, id: string): Promise<Contact> {
    const before = await this.get(caller.partnershipId, id);
    return this.writes.archive(this.write(caller, 'archived', before.email), before, (tx, data) =>
      tx.contact.update({ where: { id }, data }),
    );
  }

  list(partnershipId: string, query: ListContacts): Promise<Page<Contact>> {
    const where: Prisma.ContactWhereInput = {
      partnershipId,
      ...(query.includeArchived ? {} : { archivedAt: null }),
      ...(query.organisationId ? { organisationId: query.organisationId } : {}),
    };
    return paginate((args) => this.prisma.contact.findMany(args), where, query);
  }

  private async checkReferences(partnershipId: string, input: UpdateContact): Promise<void> {
    if (input.organisationId) {
      const found = await this.prisma.organisation.count({
        where: { id: input.organisationId, partnershipId, archivedAt: null },
      });
      if (!found) throw unknownReference('organisationId', 'organisation');
    }
    if (input.managerId) {
      const found = await this.prisma.contact.count({
        where: { id: input.managerId, partnershipId, archivedAt: null },
      });
      if (!found) throw unknownReference('managerId', 'contact');
    }
  }

  private write(caller: Caller, verb: string, email: string) {
    return {
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event: `contact.${verb}`,
      entityType: 'Contact',
      conflict: { field: 'email', message: `A contact with the email ${email} already exists` },
    };
  }
}
