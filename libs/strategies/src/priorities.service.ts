import { Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, unknownReference, callerActor } from '@waymark/audit';
import {
  CreateOutcome,
  CreatePriority,
  ListOutcomes,
  ListPriorities,
  UpdateOutcome,
  UpdatePriority,
} from '@waymark/contracts';
import { Outcome, Page, Prisma, PrismaService, Priority, paginate } from '@waymark/db';

/** A strategy's priorities (themes) and each priority's outcomes; scoped through their strategy. */
@Injectable()
export class PrioritiesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  async create(caller: Caller, input: CreatePriority): Promise<Priority> {
    const strategy = await this.prisma.strategy.count({
      where: { id: input.strategyId, partnershipId: caller.partnershipId, archivedAt: null },
    });
    if (!strategy) throw unknownReference('strategyId', 'strategy');
    return this.writes.run(this.write(caller, 'priority.created', input.ref), async (tx) => ({
      after: await tx.priority.create({ data: input }),
    }));
  }

  async get(partnershipId: string, id: string): Promise<Priority> {
    const priority = await this.prisma.priority.findFirst({ where: { id, strategy: { partnershipId } } });
    if (!priority) throw new NotFoundException(`No priority ${id}`);
    return priority;
  }

  async update(caller: Caller, id: string, input: UpdatePriority): Promise<Priority> {
    const before = await this.get(caller.partnershipId, id);
    return this.writes.run(this.write(caller, 'priority.updated', input.ref ?? before.ref), async (tx) => ({
      before,
      after: await tx.priority.update({ where: { id }, data: input }),
    }));
  }

  async archive(caller: Caller, id: string): Promise<Priority> {
    const before = await this.get(caller.partnershipId, id);
    return this.writes.archive(this.write(caller, 'priority.archived', before.ref), before, (tx, data) =>
      tx.priority.update({ where: { id }, data }),
    );
  }

  list(partnershipId: string, query: ListPriorities): Promise<Page<Priority>> {
    const where: Prisma.PriorityWhereInput = {
      strategy: { partnershipId },
      ...(query.includeArchived ? {} : { archivedAt: null }),
      ...(query.strategyId ? { strategyId: query.strategyId } : {}),
    };
    return paginate((args) => this.prisma.priority.findMany(args), where, query);
  }

  async createOutcome(caller: Caller, input: CreateOutcome): Promise<Outcome> {
    const priority = await this.prisma.priority.count({
      where: { id: input.priorityId, archivedAt: null, strategy: { partnershipId: caller.partnershipId } },
    });
    if (!priority) throw unknownReference('priorityId', 'priority');
    return this.writes.run(this.write(caller, 'outcome.created'), async (tx) => ({
      after: await tx.outcome.create({ data: input }),
    }));
  }

  async getOutcome(partnershipId: string, id: string): Promise<Outcome> {
    const outcome = await this.prisma.outcome.findFirst({
      where: { id, priority: { strategy: { partnershipId } } },
    });
    if (!outcome) throw new NotFoundException(`No outcome ${id}`);
    return outcome;
  }

  async updateOutcome(caller: Caller, id: string, input: UpdateOutcome): Promise<Outcome> {
    const before = await this.getOutcome(caller.partnershipId, id);
    return this.writes.run(this.write(caller, 'outcome.updated'), async (tx) => ({
      before,
      after: await tx.outcome.update({ where: { id }, data: input }),
    }));
  }

  async archiveOutcome(caller: Caller, id: string): Promise<Outcome> {
    const before = await this.getOutcome(caller.partnershipId, id);
    return this.writes.archive(this.write(caller, 'outcome.archived'), before, (tx, data) =>
      tx.outcome.update({ where: { id }, data }),
    );
  }

  listOutcomes(partnershipId: string, query: ListOutcomes): Promise<Page<Outcome>> {
    const where: Prisma.OutcomeWhereInput = {
      priority: { strategy: { partnershipId } },
      ...(query.includeArchived ? {} : { archivedAt: null }),
      ...(query.priorityId ? { priorityId: query.priorityId } : {}),
    };
    return paginate((args) => this.prisma.outcome.findMany(args), where, query);
  }

  private write(caller: Caller, event: string, ref?: string) {
    return {
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event,
      entityType: event.startsWith('outcome') ? 'Outcome' : 'Priority',
      conflict: { field: 'ref', message: `A priority with ref "${ref}" already exists in this strategy` },
    };
  }
}
