import { Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor, unknownReference } from '@waymark/audit';
import { CreateOrganisation, ListOrganisations, UpdateOrganisation } from '@waymark/contracts';
import { Organisation, Page, Prisma, PrismaService, paginate } from '@waymark/db';

/** Partner agencies, with the other names they go by. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  create(caller: Caller, input: CreateOrganisation): Promise<Organisation> {
    return this.writes.run(this.write(caller, 'created', input.name), async (tx) => ({
      after: await tx.organisation.create({ data: { ...input, partnershipId: caller.partnershipId } }),
    }));
  }

  async get(partnershipId: string, id: string): Promise<Organisation> {
    const organisation = await this.prisma.organisation.findFirst({ where: { id, partnershipId } });
    if (!organisation) throw new NotFoundException(`No organisation ${id}`);
    return organisation;
  }

  async update(caller: Caller, id: string, input: UpdateOrganisation): Promise<Organisation> {
    const before = await this.get(caller.partnershipId, id);
    if (input.defaultContactId) {
      const found = await this.prisma.contact.count({
        where: { id: input.defaultContactId, partnershipId: caller.partnershipId, archivedAt: null },
      });
      if (!found) throw unknownReference('defaultContactId', 'contact');
    }
    return this.writes.run(this.write(caller, 'updated', input.name ?? before.name), async (tx) => ({
      before,
      after: await tx.organisation.update({ where: { id }, data: input }),
    }));
  }

  async archive(caller: Caller, id: string): Promise<Organisation> {
    const before = await this.get(caller.partnershipId, id);
    return this.writes.archive(this.write(caller, 'archived', before.name), before, (tx, data) =>
      tx.organisation.update({ where: { id }, data }),
    );
  }

  list(partnershipId: string, query: ListOrganisations): Promise<Page<Organisation>> {
    const where: Prisma.OrganisationWhereInput = {
      partnershipId,
      ...(query.includeArchived ? {} : { archivedAt: null }),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.q
        ? { OR: [{ name: { contains: query.q, mode: 'insensitive' } }, { aliases: { has: query.q } }] }
        : {}),
    };
    return paginate((args) => this.prisma.organisation.findMany(args), where, query);
  }

  private write(caller: Caller, verb: string, name: string) {
    return {
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event: `organisation.${verb}`,
      entityType: 'Organisation',
      conflict: { field: 'name', message: `An organisation called "${name}" already exists` },
    };
  }
}
