import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, fieldError, callerActor } from '@waymark/audit';
import { CreateStrategy, ListStrategies, UpdateStrategy } from '@waymark/contracts';
import { Page, Prisma, PrismaService, Strategy, paginate } from '@waymark/db';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Strategies: title, period, first publication, reporting cadence. */
@Injectable()
export class StrategiesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  create(caller: Caller, input: CreateStrategy): Promise<Strategy> {
    return this.writes.run(this.write(caller, 'created'), async (tx) => ({
      after: await tx.strategy.create({
        data: {
          ...input,
          partnershipId: caller.partnershipId,
          periodStart: day(input.periodStart),
          periodEnd: day(input.periodEnd),
          firstPublishedOn: input.firstPublishedOn ? day(input.firstPublishedOn) : null,
        },
      }),
    }));
  }

  async get(partnershipId: string, id: string): Promise<Strategy> {
    const strategy = await this.prisma.strategy.findFirst({ where: { id, partnershipId } });
    if (!strategy) throw new NotFoundException(`No strategy ${id}`);
    return strategy;
  }

  async update(caller: Caller, id: string, input: UpdateStrategy): Promise<Strategy> {
    const before = await this.get(caller.partnershipId, id);
    const data = { ...input, ...dates(input) };
    if ((data.periodStart ?? before.periodStart) >= (data.periodEnd ?? before.periodEnd)) {
      throw new UnprocessableEntityException(fieldError('periodEnd', 'periodEnd must be after periodStart'));
    }
    return this.writes.run(this.write(caller, 'updated'), async (tx) => ({
      before,
      after: await tx.strategy.update({ where: { id }, data }),
    }));
  }

  async archive(caller: Caller, id: string): Promise<Strategy> {
    const before = await this.get(caller.partnershipId, id);
    return this.writes.archive(this.write(caller, 'archived'), before, (tx, data) =>
      tx.strategy.update({ where: { id }, data }),
    );
  }

  list(partnershipId: string, query: ListStrategies): Promise<Page<Strategy>> {
    const where: Prisma.StrategyWhereInput = {
      partnershipId,
      ...(query.includeArchived ? {} : { archivedAt: null }),
    };
    return paginate((args) => this.prisma.strategy.findMany(args), where, query);
  }

  private write(caller: Caller, verb: string) {
    return {
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event: `strategy.${verb}`,
      entityType: 'Strategy',
      conflict: { field: 'title', message: 'A strategy with these details already exists' },
    };
  }
}

function dates(input: UpdateStrategy) {
  return {
    ...(input.periodStart ? { periodStart: day(input.periodStart) } : {}),
    ...(input.periodEnd ? { periodEnd: day(input.periodEnd) } : {}),
    ...(input.firstPublishedOn !== undefined
      ? { firstPublishedOn: input.firstPublishedOn ? day(input.firstPublishedOn) : null }
      : {}),
  };
}
