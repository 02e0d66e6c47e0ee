import { Injectable } from '@nestjs/common';
import {
  ChaseAdapter,
  ChaseRender,
  ChaseStepInput,
  ChaseSteps,
  ChaseSubject,
  partnershipLadder,
  partnershipChasePolicy,
} from '@waymark/chasing';
import { Prisma, PrismaService } from '@waymark/db';
import {
  OutgoingContent,
  Outbox,
  ReplyAddresses,
  engagementEscalationEmail,
  engagementRequestEmail,
  renderEmail,
} from '@waymark/mail';
import type { ChaseEmailResult, ChaseStep, StrategyReviewActivities } from '@waymark/workflows';
import { strategyReviewWorkflowId } from '@waymark/workflows';
import { EngagementRequestForForm, EngagementRequests, LATE_ENGAGEMENT_MS } from './engagement-requests';

type ChaseInput = Parameters<StrategyReviewActivities['sendEngagementChaseEmail']>[0];

/**
 * The adapter through which the one chase step sender asks an engagement activity's contact for their
 * group's answers: the first request (outbox key `engagement-request/<id>/initial`), then the reminders and
 * escalations of the partnership's chase policy until the activity's closing date, with the same quiet
 * hours and weekly cap as every other chase.
 */
@Injectable()
export class EngagementChase implements ChaseAdapter<{ requestId: string }, EngagementRequestForForm> {
  constructor(
    private readonly prisma: PrismaService,
    private readonly steps: ChaseSteps,
    private readonly requests: EngagementRequests,
    private readonly replies: ReplyAddresses,
    private readonly outbox: Outbox,
  ) {}

  /** Emails the request to its contact, once: a retried or replayed call finds the outbox row. */
  send(requestId: string): Promise<{ outcome: 'sent' | 'already-sent' | 'not-open' }> {
    return this.steps.request(this, { requestId });
  }

  /** One reminder or escalation about a request still unanswered; at most once per step. */
  chase(input: ChaseInput, now = new Date()): Promise<ChaseEmailResult> {
    return this.steps.ladderStep(this, input, now);
  }

  /** The reminders and escalations relative to the request's deadline, while the link works. */
  async planChase(requestId: string, now = new Date()): Promise<ChaseStep[]> {
    const request = await this.requests.forForm(requestId);
    const partnershipId = request.review.partnership.id;
    return partnershipLadder(this.prisma, partnershipId, request.respondBy, now, LATE_ENGAGEMENT_MS);
  }

  async load(
    { requestId }: { requestId: string },
    step: ChaseStepInput,
    now: Date,
  ): Promise<ChaseSubject<EngagementRequestForForm>> {
    const request = await this.requests.forForm(requestId);
    const live = request.state === 'OPEN' && request.review.state !== 'PUBLISHED' && request.expiresAt > now;
    const contact = await this.prisma.contact.findUniqueOrThrow({
      where: { id: request.contactId },
      include: { manager: true },
    });
    const partnershipId = request.review.partnership.id;
    return {
      data: request,
      open: live && (step.kind === 'request' || request.answeredAt === null),
      partnershipId,
      partnership: request.review.partnership,
      asked: contact,
      policy: await partnershipChasePolicy(this.prisma, partnershipId),
      keyPrefix: `engagement-request/${request.id}`,
      outboxKinds: {
        request: 'engagement-request',
        reminder: 'engagement-reminder',
        escalation: 'engagement-escalation',
      },
      askedAs: 'Asked for their views',
      audit: {
        actorId: strategyReviewWorkflowId(request.review.strategyId, request.review.id),
        entityType: 'EngagementRequest',
        entityId: request.id,
        eventPrefix: 'engagement-request',
      },
    };
  }

  async render({
    subject,
    step,
    recipient,
    key,
    chased,
  }: ChaseRender<EngagementRequestForForm>): Promise<OutgoingContent> {
    const request = subject.data;
    const common = {
      partnershipName: request.review.partnership.name,
      reviewTitle: request.review.title,
      group: request.activity.groupName,
      deadline: request.respondBy.toISOString(),
      coordinatorEmail: request.review.partnership.coordinatorEmail,
    };
    if (step.kind === 'escalation')
      return renderEmail(engagementEscalationEmail, {
        ...common,
        recipientName: recipient.name,
        role: step.to!,
        contactName: request.contact.name,
        contactOrganisation: request.contact.organisation?.name ?? null,
        contactEmail: request.contact.email,
        chased,
      });
    // The email's own reply address: a reply to it is matched to this request (docs/answering.md).
    const replyTo = await this.replies.issue({
      engagementRequestId: request.id,
      partnershipId: subject.partnershipId,
      messageId: this.outbox.messageIdFor(key),
    });
    return {
      replyTo,
      ...renderEmail(engagementRequestEmail, {
        ...common,
        contactName: request.contact.name,
        aim: request.activity.aim,
        questions: this.requests.questionsOf(request),
        link: this.requests.linkFor(request),
        ...(step.kind === 'reminder'
          ? { firstAskedOn: (request.sentAt ?? request.createdAt).toISOString() }
          : {}),
      }),
    };
  }

  async onSent(
    tx: Prisma.TransactionClient,
    subject: ChaseSubject<EngagementRequestForForm>,
    step: ChaseStepInput,
    now: Date,
  ): Promise<void> {
    if (step.kind === 'request')
      await tx.engagementRequest.update({ where: { id: subject.data.id }, data: { sentAt: now } });
  }
}
