import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AnswerSignals } from '@waymark/answers';
import { AuditLog, type AuditActor, callerActor } from '@waymark/audit';
import { londonTimeOn } from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import { EvidenceService, type PreparedFile } from '@waymark/evidence';
import { LinkLookup, deriveToken, hashToken, lookUpLink, newTokenNonce } from '@waymark/update-requests';
import type { EngagementRequestView, StrategyReviewInput } from '@waymark/workflows';
import { strategyReviewWorkflowId } from '@waymark/workflows';

/** How long after its closing date a contact's link still works: a late answer is still heard. */
export const LATE_ENGAGEMENT_MS = 90 * 24 * 60 * 60 * 1000;
/** An activity with no closing date gives its contact four weeks from the request. */
const DEFAULT_TIME_TO_ANSWER_MS = 28 * 24 * 60 * 60 * 1000;
/** Requests go at 09:00 London time on the opening day; answers are due by 17:00 on the closing day. */
const OPENS_AT_MINUTES = 9 * 60;
const CLOSES_AT_MINUTES = 17 * 60;

export const engagementRequestForForm = {
  review: {
    select: {
      id: true,
      strategyId: true,
      title: true,
      state: true,
      partnership: { select: { id: true, name: true, coordinatorEmail: true } },
    },
  },
  activity: true,
  contact: { include: { organisation: true } },
  responses: { orderBy: { receivedAt: 'desc' as const }, take: 1 },
} satisfies Prisma.EngagementRequestInclude;

const FILE_FIELDS = { id: true, fileName: true, contentType: true, sizeBytes: true } as const;

export type EngagementRequestForForm = Prisma.EngagementRequestGetPayload<{
  include: typeof engagementRequestForForm;
}>;

/** One answer to one of the activity's questions (or to "Response", for a reply that does not follow them). */
export interface EngagementAnswer {
  question: string;
  answer: string;
}

/** How a response arrived and who gave it. */
export interface EngagementResponseVia {
  channel: 'form' | 'email' | 'api';
  /** The contact (form, email) or the coordinator's user id (api). */
  enteredBy: string;
  actor: AuditActor;
  messageId?: string;
  /** Files sent with it, checked (EvidenceService.prepare): kept with the response. */
  files?: PreparedFile[];
  /** Writes kept with the response, in its transaction (an inbound email's own row). */
  alongside?: (tx: Prisma.TransactionClient, responseId: string) => Promise<void>;
}

const at = (day: Date, minutes: number) =>
  londonTimeOn(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), minutes);

/**
 * The engagement side of a strategy review: one request per activity's contact, sent on the activity's
 * opening day by the review's workflow, answered by a secure-link form or a reply to the email, chased
 * until the closing date. Every response is kept as it came, with where it came from; later ones are
 * marked late, never refused while the link works.
 */
@Injectable()
export class EngagementRequests {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    private readonly signals: AnswerSignals,
    private readonly evidence: EvidenceService,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /** Finds or opens one request per live activity that has a contact, in the plan's order. */
  async openAll(input: StrategyReviewInput, now = new Date()): Promise<EngagementRequestView[]> {
    const activities = await this.prisma.engagementActivity.findMany({
      where: { reviewId: input.reviewId, archivedAt: null, contactId: { not: null } },
      orderBy: [{ position: 'asc' }, { ref: 'asc' }],
    });
    const views: EngagementRequestView[] = [];
    for (const activity of activities) {
      const opensAt = activity.opensOn ? at(activity.opensOn, OPENS_AT_MINUTES) : now;
      const sendAt = opensAt > now ? opensAt : now;
      const respondBy =
        input.respondBy && sendAt <= now
          ? new Date(input.respondBy)
          : activity.closesOn
            ? at(activity.closesOn, CLOSES_AT_MINUTES)
            : new Date(sendAt.getTime() + DEFAULT_TIME_TO_ANSWER_MS);
      const request = await this.openOne(input, activity, activity.contactId!, respondBy);
      views.push({
        requestId: request.id,
        activityRef: activity.ref,
        sendAt: sendAt.toISOString(),
        respondBy: request.respondBy.toISOString(),
        answered: request.answeredAt !== null,
      });
    }
    return views;
  }

  private async openOne(
    input: StrategyReviewInput,
    activity: { id: string; ref: string; groupName: string },
    contactId: string,
    respondBy: Date,
  ) {
    const where = { activityId_contactId: { activityId: activity.id, contactId } };
    const existing = await this.prisma.engagementRequest.findUnique({ where });
    if (existing) return existing;
    const nonce = newTokenNonce();
    try {
      return await this.prisma.$transaction(async (tx) => {
        const id = crypto.randomUUID();
        const created = await tx.engagementRequest.create({
          data: {
            id,
            reviewId: input.reviewId,
            activityId: activity.id,
            contactId,
            respondBy,
            expiresAt: new Date(respondBy.getTime() + LATE_ENGAGEMENT_MS),
            tokenNonce: nonce,
            tokenHash: hashToken(deriveToken(this.config.LINK_SECRET, id, nonce)),
          },
        });
        await this.audit.record(
          {
            partnershipId: input.partnershipId,
            actor: { type: 'WORKFLOW', id: strategyReviewWorkflowId(input.strategyId, input.reviewId) },
            event: 'engagement-request.opened',
            entityType: 'EngagementRequest',
            entityId: id,
            channel: 'workflow',
            after: { activity: activity.ref, group: activity.groupName, contactId, respondBy },
          },
          tx,
        );
        return created;
      });
    } catch (error) {
      // Another execution of the same activity opened it first: theirs is the request.
      if (!isUniqueViolation(error)) throw error;
      return this.prisma.engagementRequest.findUniqueOrThrow({ where });
    }
  }

  lookUp(token: string, now = new Date()): Promise<LinkLookup<EngagementRequestForForm>> {
    return lookUpLink(token, now, (tokenHash) =>
      this.prisma.engagementRequest.findUnique({ where: { tokenHash }, include: engagementRequestForForm }),
    );
  }

  forForm(requestId: string): Promise<EngagementRequestForForm> {
    return this.prisma.engagementRequest.findUniqueOrThrow({
      where: { id: requestId },
      include: engagementRequestForForm,
    });
  }

  linkFor(request: { id: string; tokenNonce: string }): string {
    return `${this.config.PUBLIC_BASE_URL}/e/${deriveToken(this.config.LINK_SECRET, request.id, request.tokenNonce)}`;
  }

  /** The questions a request asks: the activity's, or one open question when it has none. */
  questionsOf(request: { activity: { questions: string[] } }): string[] {
    return request.activity.questions.length ? request.activity.questions : [OPEN_QUESTION];
  }

  /** True while a request takes responses: its link still works and the review is not published. */
  takesResponses(request: EngagementRequestForForm, now = new Date()): boolean {
    return (
      (request.state === 'OPEN' || request.state === 'ANSWERED') &&
      request.expiresAt > now &&
      request.review.state !== 'PUBLISHED'
    );
  }

  /**
   * Keeps a response, as given, and marks the request answered; late when it comes after the deadline.
   * Refused (null) once the link no longer works or the review is published. The review's workflow
   * learns of it after the commit (or from housekeeping, Temporal unreachable), so no reminder follows.
   */
  async respond(
    requestId: string,
    answers: EngagementAnswer[],
    via: EngagementResponseVia,
    now = new Date(),
  ): Promise<{ id: string; late: boolean } | null> {
    const request = await this.forForm(requestId);
    if (!this.takesResponses(request, now)) return null;
    const late = now > request.respondBy;
    const response = await this.prisma.$transaction(async (tx) => {
      const created = await tx.engagementResponse.create({
        data: {
          activityId: request.activityId,
          requestId,
          answers: answers as unknown as Prisma.InputJsonValue,
          channel: via.channel,
          enteredBy: via.enteredBy,
          messageId: via.messageId ?? null,
          late,
          receivedAt: now,
        },
      });
      const files = via.files ?? [];
      await this.evidence.storeBytes(tx, files);
      await tx.engagementFile.createMany({
        data: files.map(({ fileName, contentType, sizeBytes, sha256 }) => ({
          responseId: created.id,
          fileName,
          contentType,
          sizeBytes,
          sha256,
        })),
      });
      await tx.engagementRequest.update({
        where: { id: requestId },
        data: { state: 'ANSWERED', answeredAt: request.answeredAt ?? now },
      });
      await this.audit.record(
        {
          partnershipId: request.review.partnership.id,
          actor: via.actor,
          event: 'engagement-response.recorded',
          entityType: 'EngagementResponse',
          entityId: created.id,
          channel: via.channel,
          // What was said stays in the response, where it can be corrected or erased; the audit keeps counts.
          after: { activity: request.activity.ref, answers: answers.length, files: files.length, late },
        },
        tx,
      );
      await via.alongside?.(tx, created.id);
      return created;
    });
    // Told within seconds, or marked untold for housekeeping (Temporal unreachable): the response stands.
    await this.signals.engagementAnswered(request);
    return { id: response.id, late };
  }

  /** A response the coordinator enters for an activity (a meeting's notes, a letter): no request needed. */
  async enter(
    partnershipId: string,
    reviewId: string,
    activityId: string,
    answers: EngagementAnswer[],
    via: { enteredBy: string; actor: AuditActor },
    now = new Date(),
  ): Promise<{ id: string; late: boolean }> {
    const activity = await this.prisma.engagementActivity.findFirst({
      where: { id: activityId, reviewId, archivedAt: null, review: { partnershipId } },
    });
    if (!activity) throw new NotFoundException(`No engagement activity ${activityId} in this review`);
    const late = activity.closesOn !== null && now > at(activity.closesOn, CLOSES_AT_MINUTES);
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.engagementResponse.create({
        data: {
          activityId,
          answers: answers as unknown as Prisma.InputJsonValue,
          channel: 'api',
          enteredBy: via.enteredBy,
          late,
          receivedAt: now,
        },
      });
      await this.audit.record(
        {
          partnershipId,
          actor: via.actor,
          event: 'engagement-response.entered',
          entityType: 'EngagementResponse',
          entityId: created.id,
          channel: 'api',
          after: { activity: activity.ref, answers: answers.length, late },
        },
        tx,
      );
      return { id: created.id, late };
    });
  }

  /** Every response to the review's activities, oldest first, with how it came. */
  async responses(partnershipId: string, reviewId: string) {
    const review = await this.prisma.strategyReview.findFirst({ where: { id: reviewId, partnershipId } });
    if (!review) throw new NotFoundException(`No strategy review ${reviewId}`);
    const rows = await this.prisma.engagementResponse.findMany({
      where: { activity: { reviewId } },
      include: {
        activity: { select: { ref: true, groupName: true } },
        files: { select: FILE_FIELDS, orderBy: { createdAt: 'asc' } },
      },
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({
      id: r.id,
      activity: { id: r.activityId, ref: r.activity.ref, group: r.activity.groupName },
      requestId: r.requestId,
      answers: r.answers as unknown as EngagementAnswer[],
      channel: r.channel,
      enteredBy: r.enteredBy,
      messageId: r.messageId,
      late: r.late,
      receivedAt: r.receivedAt,
      files: r.files.map((f) => ({
        ...f,
        downloadPath: `/api/reviews/${reviewId}/responses/${r.id}/files/${f.id}`,
      })),
    }));
  }

  /** A file sent with a response, with its bytes, for a coordinator to open; the download is audited. */
  async file(caller: Caller, reviewId: string, responseId: string, fileId: string) {
    const file = await this.prisma.engagementFile.findFirst({
      where: {
        id: fileId,
        responseId,
        response: { activity: { reviewId, review: { partnershipId: caller.partnershipId } } },
      },
    });
    if (!file) throw new NotFoundException(`No file ${fileId} with this response`);
    const stored = await this.prisma.evidenceFile.findUniqueOrThrow({ where: { sha256: file.sha256 } });
    await this.audit.record({
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event: 'engagement-file.downloaded',
      entityType: 'EngagementFile',
      entityId: file.id,
      channel: 'api',
      after: { sha256: file.sha256, sizeBytes: file.sizeBytes },
    });
    return { fileName: file.fileName, contentType: file.contentType, content: Buffer.from(stored.content) };
  }

  /** Every request of the review with where it stands. */
  async requests(partnershipId: string, reviewId: string) {
    const rows = await this.prisma.engagementRequest.findMany({
      where: { reviewId, review: { partnershipId } },
      include: {
        activity: { select: { ref: true, groupName: true } },
        contact: { select: { id: true, name: true, email: true } },
      },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id,
      activity: { id: r.activityId, ref: r.activity.ref, group: r.activity.groupName },
      contact: r.contact,
      state: r.state,
      respondBy: r.respondBy,
      sentAt: r.sentAt,
      answeredAt: r.answeredAt,
      late: r.answeredAt !== null && r.answeredAt > r.respondBy,
    }));
  }
}

/** What an activity with no questions asks. */
export const OPEN_QUESTION = 'What would you like the partnership to know for its review of the strategy?';
