import { Injectable } from '@nestjs/common';
import { AuditActor, AuditLog, callerActor } from '@waymark/audit';
import { Prisma, PrismaService } from '@waymark/db';
import type { Actor, ControlInput, PeriodPlan } from '@waymark/workflows';
import { searchOf } from './period-planner';

/** A control that cannot be applied as asked (unknown contact, no pending proposal…): nothing changed. */
export class ControlRefused extends Error {}

const CLOSE_EVENTS = {
  COMPLETE: 'action.completed',
  CANCELLED: 'action.cancelled',
  CARRIED_FORWARD: 'action.carried-forward',
} as const;

const withLeadOrganisation = { leadContact: { include: { organisation: true } } } as const;

/**
 * Coordinators' controls over an action, applied for its workflow (which serialises them). Each change
 * and its audit event are written in one transaction.
 */
@Injectable()
export class ActionControls {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
  ) {}

  async apply(input: ControlInput, now = new Date()): Promise<PeriodPlan['search']> {
    const action = await this.prisma.$transaction(async (tx) => {
      const before = await tx.action.findUniqueOrThrow({ where: { id: input.actionId } });
      const changes = await this.changesFor(tx, input, before, now);
      const after = await tx.action.update({
        where: { id: input.actionId },
        data: changes.action,
        include: withLeadOrganisation,
      });
      await this.audit.record(
        {
          partnershipId: before.partnershipId,
          actor: controlActor(input),
          event: changes.event,
          entityType: 'Action',
          entityId: before.id,
          channel: 'api',
          before: pick(before, Object.keys(changes.action)),
          after: { ...pick(after, Object.keys(changes.action)), ...changes.note },
        },
        tx,
      );
      return after;
    });
    return searchOf(action, action.leadContact?.organisation?.name ?? null);
  }

  private async changesFor(
    tx: Prisma.TransactionClient,
    input: ControlInput,
    action: { id: string; partnershipId: string; leadContactId: string | null },
    now: Date,
  ): Promise<{ event: string; action: Prisma.ActionUncheckedUpdateInput; note?: object }> {
    const revokeOpenRequests = () =>
      tx.updateRequest.updateMany({
        where: { actionId: action.id, state: 'OPEN' },
        data: { state: 'REVOKED', revokedAt: now },
      });
    switch (input.kind) {
      case 'pause':
        return { event: 'action.paused', action: { pausedAt: now }, note: { reason: input.reason ?? null } };
      case 'resume':
        return { event: 'action.resumed', action: { pausedAt: null } };
      case 'reassign': {
        const lead = await tx.contact.findFirst({
          where: { id: input.leadContactId, partnershipId: action.partnershipId, archivedAt: null },
        });
        if (!lead) throw new ControlRefused('No such contact in this partnership');
        if (lead.id === action.leadContactId)
          throw new ControlRefused('That contact already leads this action');
        // The old lead's link stops working at once; the workflow opens a request for the new lead.
        await revokeOpenRequests();
        // A new lead from one of the lead organisations leaves them all leading ("Police / CSP" keeps CSP).
        const stays =
          !!lead.organisationId &&
          (await tx.actionLeadOrganisation.count({
            where: { actionId: action.id, organisationId: lead.organisationId },
          })) > 0;
        if (!stays) {
          await tx.actionLeadOrganisation.deleteMany({ where: { actionId: action.id } });
          if (lead.organisationId) {
            await tx.actionLeadOrganisation.create({
              data: { actionId: action.id, organisationId: lead.organisationId },
            });
          }
        }
        return { event: 'action.reassigned', action: { leadContactId: lead.id } };
      }
      case 'change-due-date':
        return {
          event: 'action.due-date-changed',
          action: { dueDate: new Date(`${input.dueDate}T00:00:00Z`), dueDateParse: 'PARSED' },
          note: { reason: input.reason ?? null },
        };
      case 'decide-proposed-date': {
        const update = await tx.update.findFirst({
          where: { id: input.updateId, actionId: action.id, approvalState: 'PENDING' },
        });
        if (!update?.proposedDueDate)
          throw new ControlRefused('No proposed date is waiting for a decision on that update');
        await tx.update.update({
          where: { id: update.id },
          data: { approvalState: input.approve ? 'APPROVED' : 'REFUSED' },
        });
        return {
          event: input.approve ? 'action.proposed-date-approved' : 'action.proposed-date-refused',
          action: input.approve ? { dueDate: update.proposedDueDate, dueDateParse: 'PARSED' } : {},
          note: { updateId: update.id, proposedDueDate: update.proposedDueDate, note: input.note ?? null },
        };
      }
      case 'close':
        await revokeOpenRequests();
        return {
          event: CLOSE_EVENTS[input.outcome],
          action: {
            // Carried forward, the action keeps the status it had when its plan ended.
            ...(input.outcome === 'CARRIED_FORWARD' ? {} : { status: input.outcome }),
            closedAt: now,
            closingNote: input.note,
            ...(input.outcome === 'COMPLETE' ? { percentComplete: 100 } : {}),
          },
        };
    }
  }
}

/** The user who asked; a control sent before accounts existed names only "coordinator". */
function controlActor(input: Actor): AuditActor {
  if (input.caller) return callerActor(input.caller);
  if (input.lead) return { type: 'LEAD', id: input.lead };
  return { type: 'COORDINATOR', id: input.actor ?? 'coordinator' };
}

function pick(record: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (record as Record<string, unknown>)[k]]));
}
