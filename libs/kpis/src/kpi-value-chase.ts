import { Inject, Injectable } from '@nestjs/common';
import { kpiPeriod, kpiPeriodLabel } from '@waymark/calendar';
import {
  ChaseAdapter,
  ChaseRender,
  ChaseStepInput,
  ChaseSteps,
  ChaseSubject,
  partnershipChasePolicy,
  partnershipLadder,
} from '@waymark/chasing';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { Prisma, PrismaService } from '@waymark/db';
import {
  Outbox,
  OutgoingContent,
  ReplyAddresses,
  kpiValueEscalationEmail,
  kpiValueReminderEmail,
  kpiValueRequestEmail,
  renderEmail,
} from '@waymark/mail';
import { deriveToken } from '@waymark/update-requests';
import type {
  ChaseEmailResult,
  ChaseStep,
  KpiCollectionActivities,
  KpiCollectionInput,
} from '@waymark/workflows';
import { kpiCollectionWorkflowId } from '@waymark/workflows';
import {
  KpiRequestForForm,
  LATE_FIGURES_MS,
  UNIT_LABELS,
  kpiRequestForForm,
} from './kpi-value-requests.service';

type ChaseInput = Parameters<KpiCollectionActivities['sendKpiChaseEmail']>[0];

/**
 * The adapter through which the one chase step sender asks a data owner for their KPI figures: the first
 * request (outbox key `kpi-value-request/<id>/initial`), then the reminders and escalations of the
 * partnership's chase policy, the same ladder, quiet hours and weekly cap as action leads.
 */
@Injectable()
export class KpiValueChase implements ChaseAdapter<{ requestId: string }, KpiRequestForForm> {
  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: Outbox,
    private readonly steps: ChaseSteps,
    private readonly replies: ReplyAddresses,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /** Emails the request to its data owner, once: a retried or replayed call finds the outbox row. */
  send(requestId: string): Promise<{ outcome: 'sent' | 'already-sent' | 'not-open' }> {
    return this.steps.request(this, { requestId });
  }

  /**
   * One reminder (to the data owner) or escalation (to their manager, the coordinator or the board chair)
   * about a request still unanswered; at most once per step (outbox key `kpi-value-request/<id>/<step>`).
   */
  chase(input: ChaseInput, now = new Date()): Promise<ChaseEmailResult> {
    return this.steps.ladderStep(this, input, now);
  }

  /** The period's reminders and escalations, relative to the deadline, while the links still work. */
  async planChase(input: KpiCollectionInput, now = new Date()): Promise<ChaseStep[]> {
    return partnershipLadder(
      this.prisma,
      input.partnershipId,
      new Date(input.respondBy),
      now,
      LATE_FIGURES_MS,
    );
  }

  async load(
    { requestId }: { requestId: string },
    step: ChaseStepInput,
    now: Date,
  ): Promise<ChaseSubject<KpiRequestForForm>> {
    const request = await this.prisma.kpiValueRequest.findUniqueOrThrow({
      where: { id: requestId },
      include: kpiRequestForForm,
    });
    // The first request goes while the request is open; reminders stop once it is answered (even if the
    // signal was lost), revoked or expired for good.
    const open =
      step.kind === 'request'
        ? request.state === 'OPEN'
        : request.answeredAt === null && request.state !== 'REVOKED' && request.expiresAt > now;
    return {
      data: request,
      open,
      partnershipId: request.partnershipId,
      partnership: request.partnership,
      asked: request.dataOwner,
      policy: await partnershipChasePolicy(this.prisma, request.partnershipId),
      keyPrefix: `kpi-value-request/${request.id}`,
      outboxKinds: {
        request: 'kpi-value-request',
        reminder: 'kpi-value-reminder',
        escalation: 'kpi-value-escalation',
      },
      askedAs: 'Asked for the figures',
      audit: {
        actorId: kpiCollectionWorkflowId(request.partnershipId, request.periodKey),
        entityType: 'KpiValueRequest',
        entityId: request.id,
        eventPrefix: 'kpi-value-request',
        sentEvents: { request: 'kpi-value-request.sent' },
      },
    };
  }

  async render({
    subject,
    step,
    recipient,
    key,
    chased,
  }: ChaseRender<KpiRequestForForm>): Promise<OutgoingContent> {
    const request = subject.data;
    const context = this.requestContext(request);
    if (step.kind === 'escalation') {
      const owner = request.dataOwner;
      return renderEmail(kpiValueEscalationEmail, {
        recipientName: recipient.name,
        role: step.to!,
        ownerName: owner.name,
        ownerOrganisation: owner.organisation?.name ?? null,
        ownerEmail: owner.email,
        partnershipName: context.partnershipName,
        periodLabel: context.periodLabel,
        deadline: context.deadline,
        chased,
        figures: context.figures,
        coordinatorEmail: context.coordinatorEmail,
      });
    }
    // The email's own reply address: a reply to it is matched to this request (docs/answering.md).
    const replyTo = await this.replies.issue({
      kpiValueRequestId: request.id,
      partnershipId: request.partnershipId,
      messageId: this.outbox.messageIdFor(key),
    });
    return {
      replyTo,
      ...(step.kind === 'request'
        ? renderEmail(kpiValueRequestEmail, context)
        : renderEmail(kpiValueReminderEmail, {
            ...context,
            firstAskedOn: (request.sentAt ?? request.createdAt).toISOString(),
          })),
    };
  }

  async onSent(
    tx: Prisma.TransactionClient,
    subject: ChaseSubject<KpiRequestForForm>,
    step: ChaseStepInput,
    now: Date,
  ): Promise<void> {
    if (step.kind === 'request')
      await tx.kpiValueRequest.update({ where: { id: subject.data.id }, data: { sentAt: now } });
  }

  /** What the request email, and every reminder after it, tells the data owner. */
  private requestContext(request: KpiRequestForForm) {
    const token = deriveToken(this.config.LINK_SECRET, request.id, request.tokenNonce);
    return {
      ownerName: request.dataOwner.name,
      partnershipName: request.partnership.name,
      periodLabel: kpiPeriodLabel(kpiPeriod(request.periodKey)),
      deadline: request.respondBy.toISOString(),
      coordinatorEmail: request.partnership.coordinatorEmail,
      link: `${this.config.PUBLIC_BASE_URL}/k/${token}`,
      figures: request.items.map((item) => ({
        code: item.kpi.code,
        name: item.kpi.name,
        periodLabel: kpiPeriodLabel(kpiPeriod(item.periodKey, item.kpi.frequency)),
        unit: UNIT_LABELS[item.kpi.unit],
      })),
    };
  }
}
