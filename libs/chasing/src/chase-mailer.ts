import { Inject, Injectable } from '@nestjs/common';
import { londonIsoDate, reportingPeriodAt } from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { Prisma, PrismaService } from '@waymark/db';
import {
  Outbox,
  OutgoingContent,
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
import { UpdateRequestsService, leadToAsk } from '@waymark/update-requests';
import { chaseWorkflowId } from '@waymark/workflows';
import type { ChaseActivities, ChaseEmailResult, ChasePlan, ChaseWorkflowInput } from '@waymark/workflows';
import { ChaseAdapter, ChaseRender, ChaseStepInput, ChaseSteps, ChaseSubject } from './chase-steps';
import { PeriodPlanner, plannedAction } from './period-planner';
import { chasePolicyOf, ladderBetween, shift } from './schedule';

type SendInput = Parameters<ChaseActivities['sendChaseEmail']>[0];

const requestWithAction = {
  action: {
    include: {
      strategy: { include: { partnership: true } },
      leadOrganisations: { include: { organisation: { select: { name: true, defaultContactId: true } } } },
    },
  },
} as const;

type LeadChaseData = {
  chaseId: string;
  requests: Prisma.UpdateRequestGetPayload<{ include: typeof requestWithAction }>[];
  lead: Prisma.ContactGetPayload<{ include: { organisation: true; manager: true } }>;
};

/**
 * The organisation(s) whose default contact the lead is asked as, for an action with no lead contact of its
 * own; null when the action is theirs.
 */
function askedAsDefaultFor(
  request: LeadChaseData['requests'][number],
  lead: LeadChaseData['lead'],
): string | null {
  if (request.action.leadContactId) return null;
  const names = request.action.leadOrganisations
    .map((l) => l.organisation)
    .filter((o) => o.defaultContactId === lead.id)
    .map((o) => o.name);
  return names.length > 0 ? names.join(' and ') : (lead.organisation?.name ?? 'your organisation');
}

/**
 * The lead's chase: its schedule, and the adapter through which the one chase step sender asks a lead for
 * updates on their actions (request, reminder, escalation), one email listing every action of the period.
 */
@Injectable()
export class ChaseMailer implements ChaseAdapter<SendInput, LeadChaseData> {
  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: Outbox,
    private readonly steps: ChaseSteps,
    private readonly requests: UpdateRequestsService,
    private readonly replies: ReplyAddresses,
    private readonly planner: PeriodPlanner,
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
      steps: ladderBetween(policy, deadline, sendAt, periodEnd),
    };
  }

  /**
   * Opens the request of each live action the lead owes this period that has none yet: the actions they lead,
   * and those without a lead contact that they are asked for as their organisation's default contact.
   */
  private async openOwed({ leadContactId, periodKey }: SendInput, now: Date): Promise<void> {
    const unopened = await this.prisma.action.findMany({
      where: {
        OR: [
          { leadContactId },
          {
            leadContactId: null,
            leadOrganisations: { some: { organisation: { defaultContactId: leadContactId } } },
          },
        ],
        archivedAt: null,
        closedAt: null,
        pausedAt: null,
        status: { notIn: ['COMPLETE', 'CANCELLED'] },
        updateRequests: { none: { periodKey, leadContactId } },
      },
      include: plannedAction,
    });
    for (const action of unopened) {
      if (leadToAsk(action)?.contactId !== leadContactId) continue;
      const plan = await this.planner.planFor(action, now);
      if (!plan.live || plan.paused || plan.periodKey !== periodKey) continue;
      await this.requests.open(action, {
        periodKey,
        deadline: new Date(plan.deadline),
        periodEnd: new Date(plan.periodEnd),
      });
    }
  }

  /** One email of the lead's chase (request, reminder or escalation), through the one chase step sender. */
  send(input: SendInput, now = new Date()): Promise<ChaseEmailResult> {
    return this.steps.send(this, input, input, now);
  }

  /**
   * The lead's chase for the step, with its requests and their actions. A request email lists every request
   * of the chase that is open and was never emailed, read here rather than from the workflow's list, after
   * opening the requests of every live action the lead owes this period whose own workflow has not yet (it
   * finds its request open when it gets there): an action whose workflow runs late is in the same email, and a
   * later request step finds nothing left. A reminder or escalation lists the requests it names still open.
   */
  async load(input: SendInput, step: ChaseStepInput, now: Date): Promise<ChaseSubject<LeadChaseData>> {
    if (step.kind === 'request') await this.openOwed(input, now);
    const chase = await this.prisma.leadChase.findUniqueOrThrow({
      where: { leadContactId_periodKey: { leadContactId: input.leadContactId, periodKey: input.periodKey } },
      include: { leadContact: { include: { organisation: true, manager: true } } },
    });
    const partnership = await this.prisma.partnership.findUniqueOrThrow({
      where: { id: chase.partnershipId },
    });
    const requests = await this.prisma.updateRequest.findMany({
      where:
        input.kind === 'request'
          ? {
              chaseId: chase.id,
              state: 'OPEN',
              sentAt: null,
              action: { pausedAt: null, closedAt: null, archivedAt: null },
            }
          : { id: { in: input.requestIds }, state: 'OPEN' },
      include: requestWithAction,
      orderBy: { action: { ref: 'asc' } },
    });
    const lead = chase.leadContact;
    const strategy = requests[0]?.action.strategy;
    return {
      data: { chaseId: chase.id, requests, lead },
      open: requests.length > 0,
      partnershipId: chase.partnershipId,
      partnership,
      asked: lead,
      policy: chasePolicyOf(strategy?.chasePolicy),
      keyPrefix: `chase/${chase.id}`,
      outboxKinds: { request: 'chase-request', reminder: 'chase-reminder', escalation: 'chase-escalation' },
      updateRequestId: requests[0]?.id,
      askedAs: 'Asked for an update',
      audit: {
        actorId: chaseWorkflowId(input.leadContactId, input.periodKey),
        entityType: 'LeadChase',
        entityId: chase.id,
        eventPrefix: 'chase',
        sentDetails: {
          requestIds: requests.map((r) => r.id),
          ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
        },
      },
    };
  }

  async render({
    subject,
    step,
    recipient,
    key,
    chased,
  }: ChaseRender<LeadChaseData>): Promise<OutgoingContent> {
    const { chaseId, requests, lead } = subject.data;
    const partnership = requests[0].action.strategy.partnership;
    const periodLabel = this.periodLabel(requests[0].periodKey, requests[0].periodEnd);
    const deadline = new Date(Math.min(...requests.map((r) => r.respondBy.getTime())));
    const dueSoonBy = shift(deadline, subject.policy.dueSoonWithin);
    const today = londonIsoDate(new Date());
    const overdueOf = (r: LeadChaseData['requests'][number]) =>
      r.action.dueDate !== null && r.action.dueDate.toISOString().slice(0, 10) < today;
    if (step.kind === 'escalation') {
      return renderEmail(chaseEscalationEmail, {
        recipientName: recipient.name,
        role: step.to!,
        leadName: lead.name,
        leadOrganisation: lead.organisation?.name ?? null,
        leadEmail: lead.email,
        partnershipName: partnership.name,
        periodLabel,
        deadline: deadline.toISOString(),
        chased,
        actions: requests.map((r) => ({ ref: r.action.ref, title: r.action.title, overdue: overdueOf(r) })),
        coordinatorEmail: partnership.coordinatorEmail,
      });
    }
    // Its own reply address: a reply to this email is matched to this chase (docs/answering.md).
    const replyTo = await this.replies.issue({
      leadChaseId: chaseId,
      partnershipId: subject.partnershipId,
      messageId: this.outbox.messageIdFor(key),
    });
    const email = renderEmail(chaseRequestEmail, {
      leadName: lead.name,
      partnershipName: partnership.name,
      periodLabel,
      deadline: deadline.toISOString(),
      reminder: step.kind === 'reminder',
      firstAskedOn:
        requests
          .map((r) => r.sentAt)
          .find((d) => d !== null)
          ?.toISOString() ?? null,
      coordinatorEmail: partnership.coordinatorEmail,
      workbookAttached: this.config.CHASE_WORKBOOK,
      actions: requests.map((r) => {
        const link = this.requests.linkForRequest(r);
        const asDefaultFor = askedAsDefaultFor(r, lead);
        return {
          ref: r.action.ref,
          title: r.action.title,
          dueDate: r.action.dueDate?.toISOString() ?? null,
          dueDateText: r.action.dueDateText,
          askOnTime: r.action.dueDate !== null && !overdueOf(r) && r.action.dueDate <= dueSoonBy,
          overdue: overdueOf(r),
          link,
          askedAsDefaultFor: asDefaultFor,
          nameLeadLink: asDefaultFor ? `${link}/lead` : null,
        };
      }),
    });
    if (!this.config.CHASE_WORKBOOK) return { ...email, replyTo };
    const workbook = await buildLeadWorkbook({
      partnershipName: partnership.name,
      leadName: lead.name,
      periodLabel,
      deadline: deadline.toISOString(),
      coordinatorEmail: partnership.coordinatorEmail,
      rows: requests.map((r) => ({
        key: leadWorkbookKey(this.config.LINK_SECRET, chaseId, r.id),
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
  }

  /** The requests remember when they were first asked, reminded and escalated. */
  async onSent(
    tx: Prisma.TransactionClient,
    subject: ChaseSubject<LeadChaseData>,
    step: ChaseStepInput,
    now: Date,
  ): Promise<void> {
    const ids = subject.data.requests.map((r) => r.id);
    if (step.kind === 'request') {
      await tx.updateRequest.updateMany({ where: { id: { in: ids }, sentAt: null }, data: { sentAt: now } });
    } else if (step.kind === 'reminder') {
      await tx.updateRequest.updateMany({
        where: { id: { in: ids } },
        data: { remindersSent: { increment: 1 } },
      });
      // A request that opened after the request email was first asked by this reminder.
      await tx.updateRequest.updateMany({ where: { id: { in: ids }, sentAt: null }, data: { sentAt: now } });
    } else {
      await tx.updateRequest.updateMany({
        where: { id: { in: ids }, escalatedAt: null },
        data: { escalatedAt: now },
      });
    }
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

  private periodLabel(periodKey: string, periodEnd: Date): string {
    if (periodKey.startsWith('board-')) return `the board meeting on ${periodKey.slice(6)}`;
    const lastInstant = new Date(periodEnd.getTime() - 1);
    return reportingPeriodAt(lastInstant, /^\d{4}-\d{2}$/.test(periodKey) ? 'MONTHLY' : 'QUARTERLY').label;
  }
}
