import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@waymark/audit';
import { londonDate, reportingPeriodAt } from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService } from '@waymark/db';
import {
  Outbox,
  ReplyAddresses,
  chaseEscalationEmail,
  chaseRequestEmail,
  overdueEmail,
  renderEmail,
} from '@waymark/mail';
import {
  XLSX_CONTENT_TYPE,
  buildLeadWorkbook,
  leadWorkbookFileName,
  leadWorkbookKey,
} from '@waymark/workbooks';
import { UpdateRequestsService } from '@waymark/update-requests';
import type { ChaseActivities, ChaseEmailResult, ChasePlan, ChaseWorkflowInput } from '@waymark/workflows';
import { escalationRecipient, nudgeVerdict } from './nudge-limits';
import { chasePolicyOf, ladder, shift } from './schedule';

type SendInput = Parameters<ChaseActivities['sendChaseEmail']>[0];

const requestWithAction = {
  action: { include: { strategy: { include: { partnership: true } } } },
  leadContact: { include: { organisation: true, manager: true } },
} as const;

/** The lead's chase: its schedule, and every email it sends (request, reminder, escalation). */
@Injectable()
export class ChaseMailer {
  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly requests: UpdateRequestsService,
    private readonly replies: ReplyAddresses,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /** The chase's timetable, from the lead's open requests this period and their strategy's policy. */
  async plan({ leadContactId, periodKey }: ChaseWorkflowInput, now = new Date()): Promise<ChasePlan> {
    const requests = await this.prisma.updateRequest.findMany({
      where: { leadContactId, periodKey, state: { not: 'REVOKED' } },
      include: { action: { include: { strategy: true } } },
      orderBy: { createdAt: 'asc' },
    });
    if (requests.length === 0) throw new Error(`No requests for lead ${leadContactId} in ${periodKey}`);
    const policy = chasePolicyOf(requests[0].action.strategy.chasePolicy);
    const deadline = new Date(Math.min(...requests.map((r) => r.respondBy.getTime())));
    const periodEnd = new Date(Math.max(...requests.map((r) => r.expiresAt.getTime())));
    const sendAt = shift(now, policy.gatherFor);
    return {
      sendAt: sendAt.toISOString(),
      deadline: deadline.toISOString(),
      periodEnd: periodEnd.toISOString(),
      steps: ladder(policy, deadline)
        .filter((step) => step.at > sendAt && step.at < periodEnd)
        .map((step) => ({ ...step, at: step.at.toISOString() })),
    };
  }

  async send(input: SendInput, now = new Date()): Promise<ChaseEmailResult> {
    const chase = await this.prisma.leadChase.findUniqueOrThrow({
      where: { leadContactId_periodKey: { leadContactId: input.leadContactId, periodKey: input.periodKey } },
    });
    const key = `chase/${chase.id}/${input.step}`;
    const previous = await this.prisma.outboundEmail.findUnique({ where: { idempotencyKey: key } });
    if (previous?.status === 'SENT') return { outcome: 'already-sent' };

    const requests = await this.prisma.updateRequest.findMany({
      where: { id: { in: input.requestIds }, state: 'OPEN' },
      include: requestWithAction,
      orderBy: { action: { ref: 'asc' } },
    });
    if (requests.length === 0) return { outcome: 'nothing-to-send' };
    const first = requests[0];
    const lead = first.leadContact;
    const partnership = first.action.strategy.partnership;
    const policy = chasePolicyOf(first.action.strategy.chasePolicy);

    const recipient = await this.recipientFor(input, lead, partnership);
    if (!recipient) {
      await this.record(chase, 'chase.escalation-skipped', {
        step: input.step,
        reason: `no ${input.to} on record`,
      });
      return { outcome: 'nothing-to-send' };
    }

    if (input.enforceLimits) {
      const limit = await nudgeVerdict(this.prisma, policy, recipient.email, now);
      if (limit.verdict === 'deferred') return { outcome: 'deferred', retryAt: limit.retryAt.toISOString() };
      if (limit.verdict === 'capped') {
        await this.record(chase, 'chase.capped', {
          step: input.step,
          to: recipient.email,
          sentThisWeek: limit.sentThisWeek,
        });
        return { outcome: 'capped' };
      }
    }

    const periodLabel = this.periodLabel(first.periodKey, first.periodEnd);
    const deadline = new Date(Math.min(...requests.map((r) => r.respondBy.getTime())));
    const dueSoonBy = shift(deadline, policy.dueSoonWithin);
    const today = londonDay(now);
    const overdueOf = (r: (typeof requests)[number]) =>
      r.action.dueDate !== null && r.action.dueDate.toISOString().slice(0, 10) < today;

    const result = await this.outbox.deliverOnce({
      idempotencyKey: key,
      kind:
        input.kind === 'escalation'
          ? 'chase-escalation'
          : input.kind === 'reminder'
            ? 'chase-reminder'
            : 'chase-request',
      to: recipient.email,
      partnershipId: chase.partnershipId,
      updateRequestId: first.id,
      render: async () => {
        if (input.kind === 'escalation') {
          return renderEmail(chaseEscalationEmail, {
            recipientName: recipient.name,
            role: input.to!,
            leadName: lead.name,
            leadOrganisation: lead.organisation?.name ?? null,
            leadEmail: lead.email,
            partnershipName: partnership.name,
            periodLabel,
            deadline: deadline.toISOString(),
            chased: await this.chasedSoFar(chase.id, lead.email),
            actions: requests.map((r) => ({
              ref: r.action.ref,
              title: r.action.title,
              overdue: overdueOf(r),
            })),
            coordinatorEmail: partnership.coordinatorEmail,
          });
        }
        // Its own reply address: a reply to this email is matched to this chase (DESIGN.md, "Answering").
        const replyTo = await this.replies.issue({
          leadChaseId: chase.id,
          partnershipId: chase.partnershipId,
          messageId: this.outbox.messageIdFor(key),
        });
        const email = renderEmail(chaseRequestEmail, {
          leadName: lead.name,
          partnershipName: partnership.name,
          periodLabel,
          deadline: deadline.toISOString(),
          reminder: input.kind === 'reminder',
          firstAskedOn:
            requests
              .map((r) => r.sentAt)
              .find((d) => d !== null)
              ?.toISOString() ?? null,
          coordinatorEmail: partnership.coordinatorEmail,
          workbookAttached: this.config.CHASE_WORKBOOK,
          actions: requests.map((r) => ({
            ref: r.action.ref,
            title: r.action.title,
            dueDate: r.action.dueDate?.toISOString() ?? null,
            dueDateText: r.action.dueDateText,
            askOnTime: r.action.dueDate !== null && !overdueOf(r) && r.action.dueDate <= dueSoonBy,
            overdue: overdueOf(r),
            link: this.requests.linkForRequest(r),
          })),
        });
        if (!this.config.CHASE_WORKBOOK) return { ...email, replyTo };
        const workbook = await buildLeadWorkbook({
          partnershipName: partnership.name,
          leadName: lead.name,
          periodLabel,
          deadline: deadline.toISOString(),
          coordinatorEmail: partnership.coordinatorEmail,
          rows: requests.map((r) => ({
            key: leadWorkbookKey(this.config.LINK_SECRET, chase.id, r.id),
            ref: r.action.ref,
            title: r.action.title,
            status: r.action.status,
            percentComplete: r.action.percentComplete,
          })),
        });
        const attachment = {
          filename: leadWorkbookFileName(periodLabel),
          content: workbook,
          contentType: XLSX_CONTENT_TYPE,
        };
        return { ...email, replyTo, attachments: [attachment] };
      },
      onSent: async (tx, messageId) => {
        const ids = requests.map((r) => r.id);
        if (input.kind === 'request') {
          await tx.updateRequest.updateMany({
            where: { id: { in: ids }, sentAt: null },
            data: { sentAt: now },
          });
        } else if (input.kind === 'reminder') {
          await tx.updateRequest.updateMany({
            where: { id: { in: ids } },
            data: { remindersSent: { increment: 1 } },
          });
        } else {
          await tx.updateRequest.updateMany({
            where: { id: { in: ids }, escalatedAt: null },
            data: { escalatedAt: now },
          });
        }
        await this.audit.record(
          {
            partnershipId: chase.partnershipId,
            actor: { type: 'WORKFLOW', id: `chase/${input.leadContactId}/${input.periodKey}` },
            event: `chase.${input.kind}-sent`,
            entityType: 'LeadChase',
            entityId: chase.id,
            channel: 'email',
            after: { step: input.step, to: recipient.email, messageId, requestIds: ids },
          },
          tx,
        );
      },
    });
    return { outcome: result.outcome };
  }

  /** Tells the coordinator and the lead's manager, once per period, that an action is past its due date. */
  async notifyOverdue(actionId: string, periodKey: string): Promise<void> {
    const action = await this.prisma.action.findUniqueOrThrow({
      where: { id: actionId },
      include: { strategy: { include: { partnership: true } }, leadContact: { include: { manager: true } } },
    });
    if (!action.dueDate) return;
    const partnership = action.strategy.partnership;
    const recipients = [
      { name: 'Domestic abuse coordinator', email: partnership.coordinatorEmail },
      ...(action.leadContact?.manager ? [action.leadContact.manager] : []),
    ];
    for (const recipient of recipients) {
      await this.outbox.deliverOnce({
        idempotencyKey: `overdue/${actionId}/${periodKey}/${recipient.email}`,
        kind: 'action-overdue',
        to: recipient.email,
        partnershipId: action.partnershipId,
        render: () =>
          renderEmail(overdueEmail, {
            recipientName: recipient.name,
            partnershipName: partnership.name,
            action: {
              ref: action.ref,
              title: action.title,
              dueDate: action.dueDate!.toISOString(),
              status: action.status.replace('_', ' ').toLowerCase(),
              leadName: action.leadContact?.name ?? null,
            },
            coordinatorEmail: partnership.coordinatorEmail,
          }),
      });
    }
  }

  private async recipientFor(
    input: SendInput,
    lead: { name: string; email: string; manager: { name: string; email: string } | null },
    partnership: { id: string; coordinatorEmail: string },
  ): Promise<{ name: string; email: string } | null> {
    return input.kind === 'escalation'
      ? escalationRecipient(this.prisma, input.to!, lead, partnership)
      : lead;
  }

  private async chasedSoFar(chaseId: string, leadEmail: string) {
    const sent = await this.prisma.outboundEmail.findMany({
      where: { idempotencyKey: { startsWith: `chase/${chaseId}/` }, toAddress: leadEmail, status: 'SENT' },
      orderBy: { sentAt: 'asc' },
    });
    return sent.map((e) => ({
      on: (e.sentAt ?? e.createdAt).toISOString(),
      what: e.kind === 'chase-request' ? 'Asked for an update' : 'Reminded',
    }));
  }

  private periodLabel(periodKey: string, periodEnd: Date): string {
    if (periodKey.startsWith('board-')) return `the board meeting on ${periodKey.slice(6)}`;
    const lastInstant = new Date(periodEnd.getTime() - 1);
    return reportingPeriodAt(lastInstant, /^\d{4}-\d{2}$/.test(periodKey) ? 'MONTHLY' : 'QUARTERLY').label;
  }

  private async record(
    chase: { id: string; partnershipId: string },
    event: string,
    after: object,
  ): Promise<void> {
    await this.audit.record({
      partnershipId: chase.partnershipId,
      actor: { type: 'WORKFLOW', id: `chase/${chase.id}` },
      event,
      entityType: 'LeadChase',
      entityId: chase.id,
      channel: 'workflow',
      after,
    });
  }
}

function londonDay(instant: Date): string {
  const d = londonDate(instant);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
