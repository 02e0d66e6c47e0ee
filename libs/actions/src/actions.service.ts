import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { AuditLog } from '@waymark/audit';
import { parseDueDate } from '@waymark/calendar';
import { CreateAction } from '@waymark/contracts';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';

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
    private readonly audit: AuditLog,
  ) {}

  async create(input: CreateAction): Promise<ActionRecord> {
    const strategy = await this.prisma.strategy.findUnique({ where: { id: input.strategyId } });
    if (!strategy || strategy.archivedAt)
      throw new UnprocessableEntityException(fieldError('strategyId', 'No such strategy'));
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

    try {
      const id = await this.prisma.$transaction(async (tx) => {
        const action = await tx.action.create({
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
            data: { actionId: action.id, organisationId: lead.organisationId },
          });
        }
        await this.audit.record(
          {
            partnershipId: strategy.partnershipId,
            actor: { type: 'COORDINATOR' },
            event: 'action.created',
            entityType: 'Action',
            entityId: action.id,
            channel: 'api',
            after: action,
          },
          tx,
        );
        return action.id;
      });
      return this.get(id);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictException(
          fieldError('ref', `An action with ref "${input.ref}" already exists in this strategy`),
        );
      }
      throw error;
    }
  }

  async get(id: string): Promise<ActionRecord> {
    const action = await this.prisma.action.findUnique({ where: { id }, include: actionView });
    if (!action) throw new NotFoundException(`No action ${id}`);
    return action;
  }
}

function fieldError(field: string, message: string) {
  return { message, errors: [{ field, message }] };
}
