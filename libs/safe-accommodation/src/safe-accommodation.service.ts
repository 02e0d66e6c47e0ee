import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor, fieldError, unknownReference } from '@waymark/audit';
import {
  CreateSafeAccommodationService,
  ListSafeAccommodationServices,
  UpdateSafeAccommodationService,
} from '@waymark/contracts';
import { Page, Prisma, PrismaService, paginate } from '@waymark/db';

const withDetails = {
  provider: { select: { id: true, name: true } },
  dataContact: { select: { id: true, name: true, email: true } },
  capacities: { orderBy: [{ unit: 'asc' }, { effectiveFrom: 'asc' }] },
  qualityStandards: { orderBy: { standard: 'asc' } },
} satisfies Prisma.SafeAccommodationServiceInclude;

export type SafeAccommodationServiceRecord = Prisma.SafeAccommodationServiceGetPayload<{
  include: typeof withDetails;
}>;

const date = (day: string | null | undefined) => (day ? new Date(`${day}T00:00:00Z`) : null);

/**
 * The register of commissioned safe-accommodation services: who provides each, of what type, how many
 * bedspaces or units from when, the support and specialist provision it offers, the quality standards it
 * holds and who sends its figures. The annual return asks each service's data contact for its figures.
 */
@Injectable()
export class SafeAccommodationServices {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  async create(
    caller: Caller,
    input: CreateSafeAccommodationService,
  ): Promise<SafeAccommodationServiceRecord> {
    await this.checkReferences(caller.partnershipId, input);
    const { capacities, qualityStandards, ...fields } = input;
    const created = await this.writes.run(this.write(caller, 'created', input.name), async (tx) => ({
      after: await tx.safeAccommodationService.create({
        data: {
          ...this.columns(fields),
          name: fields.name,
          providerOrganisationId: fields.providerOrganisationId,
          accommodationType: fields.accommodationType,
          partnershipId: caller.partnershipId,
          capacities: { create: capacities.map(capacityRow) },
          qualityStandards: { create: qualityStandards.map(standardRow) },
        },
        include: withDetails,
      }),
    }));
    return created;
  }

  async get(partnershipId: string, id: string): Promise<SafeAccommodationServiceRecord> {
    const found = await this.prisma.safeAccommodationService.findFirst({
      where: { id, partnershipId },
      include: withDetails,
    });
    if (!found) throw new NotFoundException(`No safe-accommodation service ${id}`);
    return found;
  }

  async update(
    caller: Caller,
    id: string,
    input: UpdateSafeAccommodationService,
  ): Promise<SafeAccommodationServiceRecord> {
    const before = await this.get(caller.partnershipId, id);
    await this.checkReferences(caller.partnershipId, input);
    const start = input.contractStart !== undefined ? input.contractStart : day(before.contractStart);
    const end = input.contractEnd !== undefined ? input.contractEnd : day(before.contractEnd);
    if (start && end && end < start)
      throw new UnprocessableEntityException(
        fieldError('contractEnd', 'contractEnd must not be before contractStart'),
      );
    const { capacities, qualityStandards, ...fields } = input;
    return this.writes.run(this.write(caller, 'updated', input.name ?? before.name), async (tx) => {
      if (capacities) {
        await tx.serviceCapacity.deleteMany({ where: { serviceId: id } });
        await tx.serviceCapacity.createMany({
          data: capacities.map((c) => ({ ...capacityRow(c), serviceId: id })),
        });
      }
      if (qualityStandards) {
        await tx.serviceQualityStandard.deleteMany({ where: { serviceId: id } });
        await tx.serviceQualityStandard.createMany({
          data: qualityStandards.map((q) => ({ ...standardRow(q), serviceId: id })),
        });
      }
      const after = await tx.safeAccommodationService.update({
        where: { id },
        data: this.columns(fields),
        include: withDetails,
      });
      return { before, after };
    });
  }

  async archive(caller: Caller, id: string): Promise<SafeAccommodationServiceRecord> {
    const before = await this.get(caller.partnershipId, id);
    return this.writes.archive(this.write(caller, 'archived', before.name), before, (tx, data) =>
      tx.safeAccommodationService.update({ where: { id }, data, include: withDetails }),
    );
  }

  list(
    partnershipId: string,
    query: ListSafeAccommodationServices,
  ): Promise<Page<SafeAccommodationServiceRecord>> {
    const where: Prisma.SafeAccommodationServiceWhereInput = {
      partnershipId,
      ...(query.includeArchived ? {} : { archivedAt: null }),
      ...(query.accommodationType ? { accommodationType: query.accommodationType } : {}),
      ...(query.providerOrganisationId ? { providerOrganisationId: query.providerOrganisationId } : {}),
    };
    return paginate(
      (args) => this.prisma.safeAccommodationService.findMany({ ...args, include: withDetails }),
      where,
      query,
    );
  }

  /** The scalar columns a create or update sets; dates arrive as YYYY-MM-DD. */
  private columns(fields: Omit<UpdateSafeAccommodationService, 'capacities' | 'qualityStandards'>) {
    const { contractStart, contractEnd, ...rest } = fields;
    return {
      ...rest,
      ...(contractStart !== undefined ? { contractStart: date(contractStart) } : {}),
      ...(contractEnd !== undefined ? { contractEnd: date(contractEnd) } : {}),
    };
  }

  /** The provider and the data contact must be live records of the caller's partnership. */
  private async checkReferences(
    partnershipId: string,
    input: { providerOrganisationId?: string; dataContactId?: string | null },
  ): Promise<void> {
    if (input.providerOrganisationId) {
      const found = await this.prisma.organisation.count({
        where: { id: input.providerOrganisationId, partnershipId, archivedAt: null },
      });
      if (!found) throw unknownReference('providerOrganisationId', 'organisation');
    }
    if (input.dataContactId) {
      const found = await this.prisma.contact.count({
        where: { id: input.dataContactId, partnershipId, archivedAt: null },
      });
      if (!found) throw unknownReference('dataContactId', 'contact');
    }
  }

  private write(caller: Caller, verb: string, name: string) {
    return {
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event: `safe-accommodation-service.${verb}`,
      entityType: 'SafeAccommodationService',
      conflict: { field: 'name', message: `A service called "${name}" already exists` },
    };
  }
}

function day(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

function capacityRow(c: NonNullable<UpdateSafeAccommodationService['capacities']>[number]) {
  return {
    unit: c.unit,
    count: c.count,
    effectiveFrom: date(c.effectiveFrom)!,
    effectiveTo: date(c.effectiveTo),
  };
}

function standardRow(q: NonNullable<UpdateSafeAccommodationService['qualityStandards']>[number]) {
  return { standard: q.standard, heldSince: date(q.heldSince), expiresOn: date(q.expiresOn) };
}
