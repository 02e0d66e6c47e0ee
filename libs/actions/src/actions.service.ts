import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, fieldError, unknownReference, callerActor } from '@waymark/audit';
import { parseDueDate } from '@waymark/calendar';
import { CreateAction, ListActions, UpdateAction } from '@waymark/contracts';
import { Page, Prisma, PrismaService, Strategy, paginate } from '@waymark/db';
import { overdueWhere, staleWhere } from './action-flags';

const actionView = {
  leadContact: {
    select: { id: true, name: true, email: true, organisation: { select: { id: true, name: true } } },
  },
  priority: { select: { id: true, ref: true, title: true } },
  strategy: { select: { reportingCadence: true } },
  updates: { orderBy: { submittedAt: 'desc' }, take: 1 },
  updateRequests: { orderBy: { createdAt: 'desc' }, take: 1 },
} satisfies Prisma.ActionInclude;

export type ActionRecord = Prisma.ActionGetPayload<{ include: typeof actionView }>;

/** The action plan as coordinators manage it. */
@Injectable()
export class ActionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  /** Adds an action to one of the caller's partnership's strategies. */
  async createIn(caller: Caller, input: CreateAction): Promise<ActionRecord> {
    const strategy = await this.prisma.strategy.findFirst({
      where: { id: input.strategyId, partnershipId: caller.partnershipId, archivedAt: null },
    });
    if (!strategy) throw unknownReference('strategyId', 'strategy');
    return this.insert(caller, strategy, input);
  }

  private async insert(caller: Caller, strategy: Strategy, input: CreateAction): Promise<ActionRecord> {
    const lead = await this.prisma.contact.findFirst({
      where: { id: input.leadContactId, partnershipId: strategy.partnershipId, archivedAt: null },
    });
    if (!lead) {
      throw new UnprocessableEntityException(
        fieldError('leadContactId', 'No such contact in this partnership'),
      );
    }
    if (input.priorityId) {
      const priority = await this.prisma.priority.findFirst({
        where: { id: input.priorityId, strategyId: strategy.id },
      });
      if (!priority)
        throw new UnprocessableEntityException(fieldError('priorityId', 'No such priority in this strategy'));
    }
    const due = parseDueDate(input.dueDate);

    const action = await this.writes.run(this.write(caller, 'created', input.ref), async (tx) => {
      const created = await tx.action.create({
        data: {
          partnershipId: strategy.partnershipId,
          strategyId: strategy.id,
          priorityId: input.priorityId,
          ref: input.ref,
          title: input.title,
          text: input.text,
          leadContactId: lead.id,
          dueDate: due.date ? new Date(`${due.date}T00:00:00Z`) : null,
          dueDateText: due.text,
          dueDateParse: due.parse,
          measureText: input.measureText,
        },
      });
      if (lead.organisationId) {
        await tx.actionLeadOrganisation.create({
          data: { actionId: created.id, organisationId: lead.organisationId },
        });
      }
      return { after: created };
    });
    return this.get(action.id);
  }

  async get(id: string): Promise<ActionRecord> {
    const action = await this.prisma.action.findUnique({ where: { id }, include: actionView });
    if (!action) throw new NotFoundException(`No action ${id}`);
    return action;
  }

  /** An action of the caller's partnership; another partnership's is as missing as one that never was. */
  async getIn(partnershipId: string, id: string): Promise<ActionRecord> {
    const action = await this.prisma.action.findFirst({ where: { id, partnershipId }, include: actionView });
    if (!action) throw new NotFoundException(`No action ${id}`);
    return action;
  }

  async update(caller: Caller, id: string, input: UpdateAction): Promise<ActionRecord> {
    const before = await this.getIn(caller.partnershipId, id);
    const { leadOrganisationIds, ...fields } = input;
    await this.checkReferences(caller.partnershipId, before.strategyId, input);
    await this.writes.run(this.write(caller, 'updated', input.ref ?? before.ref), async (tx) => {
      if (leadOrganisationIds) {
        await tx.actionLeadOrganisation.deleteMany({ where: { actionId: id } });
        await tx.actionLeadOrganisation.createMany({
          data: [...new Set(leadOrganisationIds)].map((organisationId) => ({ actionId: id, organisationId })),
        });
      }
      return { before, after: await tx.action.update({ where: { id }, data: fields }) };
    });
    return this.getIn(caller.partnershipId, id);
  }

  async archive(caller: Caller, id: string): Promise<ActionRecord> {
    const before = await this.getIn(caller.partnershipId, id);
    await this.writes.archive(this.write(caller, 'archived', before.ref), before, (tx, data) =>
      tx.action.update({ where: { id }, data }),
    );
    return this.getIn(caller.partnershipId, id);
  }

  /** The action plan, filtered (overdue and stale as of `now`), sorted and paged. */
  list(partnershipId: string, query: ListActions, now = new Date()): Promise<Page<ActionRecord>> {
    const filters: Prisma.ActionWhereInput[] = [
      { partnershipId },
      query.includeArchived ? {} : { archivedAt: null },
      query.strategyId ? { strategyId: query.strategyId } : {},
      query.priorityId ? { priorityId: query.priorityId } : {},
      query.leadOrganisationId
        ? { leadOrganisations: { some: { organisationId: query.leadOrganisationId } } }
        : {},
      query.status ? { status: { in: query.status } } : {},
      query.rag ? { rag: { in: query.rag } } : {},
      flag(query.overdue, overdueWhere(now)),
      flag(query.stale, staleWhere(now)),
    ];
    return paginate(
      (args) => this.prisma.action.findMany({ ...args, include: actionView }),
      { AND: filters },
      query,
    );
  }

  private async checkReferences(partnershipId: string, strategyId: string, input: UpdateAction) {
    if (input.priorityId) {
      const found = await this.prisma.priority.count({
        where: { id: input.priorityId, strategyId, archivedAt: null, strategy: { partnershipId } },
      });
      if (!found) throw unknownReference('priorityId', 'priority in this strategy');
    }
    if (input.outcomeId) {
      const found = await this.prisma.outcome.count({
        where: {
          id: input.outcomeId,
          archivedAt: null,
          priority: { strategyId, strategy: { partnershipId } },
        },
      });
      if (!found) throw unknownReference('outcomeId', 'outcome in this strategy');
    }
    if (input.leadOrganisationIds?.length) {
      const ids = [...new Set(input.leadOrganisationIds)];
      const found = await this.prisma.organisation.count({
        where: { id: { in: ids }, partnershipId, archivedAt: null },
      });
      if (found !== ids.length) throw unknownReference('leadOrganisationIds', 'organisation');
    }
  }

  private write(caller: Caller, verb: string, ref: string) {
    return {
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event: `action.${verb}`,
      entityType: 'Action',
      conflict: { field: 'ref', message: `An action with ref "${ref}" already exists in this strategy` },
    };
  }
}

/** true: only matching actions; false: only the others; undefined: no filter. */
function flag(wanted: boolean | undefined, where: Prisma.ActionWhereInput): Prisma.ActionWhereInput {
  if (wanted === undefined) return {};
  return wanted ? where : { NOT: where };
}
