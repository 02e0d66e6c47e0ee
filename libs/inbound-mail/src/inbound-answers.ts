import { Injectable, Logger } from '@nestjs/common';
import { askedQuestions, providerRequestForForm } from '@waymark/annual-return';
import { kpiPeriod, kpiPeriodLabel } from '@waymark/calendar';
import { STATUS_LABELS } from '@waymark/contracts';
import { InboundMessage, PrismaService } from '@waymark/db';
import { Outbox, ReplyTarget, inboundRecordedEmail, inboundRefusedEmail, renderEmail } from '@waymark/mail';
import { EngagementAnswer, EngagementRequests } from '@waymark/strategy-review';
import { LEAD_EXAMPLE, engagementExample, kpiExample, ownerOf, targetOf } from './inbound-message';
import { askedCellsOf, providerExample } from './provider-reply-fields';
import { readBelowQuote } from './reply-reader';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an unsent answer is retried: past a week, an answer would confuse more than help. */
const ANSWER_RETRY_DAYS = 7;
/** Left to the first send before a retry may try (the pipeline answers straight after recording). */
const SEND_WINDOW_MS = 60 * 1000;

/**
 * Answers one sender address is sent in an hour, at most: counted from the outbox in PostgreSQL, so every
 * replica shares the count, and a flood from one address (forged or not) cannot be turned into a flood from
 * the council's domain.
 */
export const ANSWERS_PER_SENDER_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

/** Outcomes never answered: auto-replies, and senders the request was not sent to (no backscatter). */
const UNANSWERED = ['IGNORED', 'UNKNOWN'] as const;

const answerKey = (inboundId: string) => `inbound/${inboundId}/answer`;

/**
 * Answers the sender of a reply: what was recorded, or why nothing was. Once per inbound message (the
 * outbox idempotency key), threaded under their email, from what was stored: the first send and a
 * later retry say the same. An unknown sender is never answered, nothing of a message's own text (its
 * subject) is echoed, and answers to one address are capped per hour.
 */
@Injectable()
export class InboundAnswers {
  private readonly logger = new Logger(InboundAnswers.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: Outbox,
    private readonly engagementRequests: EngagementRequests,
  ) {}

  /**
   * Answers the message's sender; `example` overrides the example a "could not read" answer shows. True
   * when it was sent; false too for a message never answered or a sender over the hourly cap.
   */
  async answer(inboundId: string, example?: string[]): Promise<boolean> {
    const row = await this.prisma.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
    if (!row.fromAddress || (UNANSWERED as readonly string[]).includes(row.outcome)) return false;
    if (await this.overCap(row)) {
      this.logger.warn(
        `Inbound ${inboundId} not answered: its sender had ${ANSWERS_PER_SENDER_PER_HOUR} answers this hour`,
      );
      return false;
    }
    try {
      const result = await this.outbox.deliverOnce({
        idempotencyKey: answerKey(row.id),
        kind: 'inbound-answer',
        to: row.fromAddress,
        partnershipId: row.partnershipId ?? undefined,
        inReplyTo: row.messageId,
        render: () => this.answerOf(row, example),
      });
      return result.outcome === 'sent';
    } catch (error) {
      // What was recorded stays recorded. The outbox row stays PENDING with the error, and the housekeeping
      // sweep (answerUnsent) sends it later; a redelivery of the same message is a duplicate and is not
      // answered again.
      this.logger.warn(`Could not answer inbound ${inboundId}: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * Sends the answers (confirmations and "not recorded" answers) that a failed send or a crash left
   * unsent: messages of the ANSWER_RETRY_DAYS days before `asOf`, none answered twice (the outbox key).
   * One page of `size` messages (by id) after `after`; returns the messages answered and where the next
   * page starts (null after the last).
   */
  async answerUnsent(page: {
    asOf: Date;
    after: string | null;
    size: number;
  }): Promise<{ done: string[]; next: string | null }> {
    const now = page.asOf.getTime();
    const received = await this.prisma.inboundMessage.findMany({
      where: {
        outcome: { notIn: [...UNANSWERED] },
        fromAddress: { not: '' },
        receivedAt: { gte: new Date(now - ANSWER_RETRY_DAYS * DAY_MS), lte: new Date(now - SEND_WINDOW_MS) },
        ...(page.after ? { id: { gt: page.after } } : {}),
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: page.size,
    });
    const sent = await this.prisma.outboundEmail.findMany({
      where: { idempotencyKey: { in: received.map((r) => answerKey(r.id)) }, status: 'SENT' },
      select: { idempotencyKey: true },
    });
    const done = new Set(sent.map((row) => row.idempotencyKey));
    const answered: string[] = [];
    for (const { id } of received) if (!done.has(answerKey(id)) && (await this.answer(id))) answered.push(id);
    return { done: answered, next: received.length === page.size ? received[received.length - 1].id : null };
  }

  /** True when the sender had their hour's answers already (an answer already in the outbox is not counted twice). */
  private async overCap(row: InboundMessage): Promise<boolean> {
    const key = answerKey(row.id);
    if (await this.prisma.outboundEmail.findUnique({ where: { idempotencyKey: key }, select: { id: true } }))
      return false;
    const recent = await this.prisma.outboundEmail.count({
      where: {
        kind: 'inbound-answer',
        toAddress: row.fromAddress,
        createdAt: { gt: new Date(Date.now() - HOUR_MS) },
      },
    });
    return recent >= ANSWERS_PER_SENDER_PER_HOUR;
  }

  private async answerOf(row: InboundMessage, example?: string[]) {
    const target = targetOf(row);
    if (row.outcome === 'RECORDED' && target)
      return 'leadChaseId' in target
        ? this.chaseConfirmation(row, target.leadChaseId)
        : 'kpiValueRequestId' in target
          ? this.kpiConfirmation(row, target.kpiValueRequestId)
          : 'providerReturnRequestId' in target
            ? this.providerConfirmation(row, target.providerReturnRequestId)
            : this.engagementConfirmation(row, target.engagementRequestId);
    const known = target ? await ownerOf(this.prisma, target) : null;
    return renderEmail(inboundRefusedEmail, {
      reason: row.outcome === 'NOT_UNDERSTOOD' ? 'not-understood' : 'closed',
      problems: row.problems,
      example: example ?? (row.outcome === 'NOT_UNDERSTOOD' && target ? await this.exampleFor(target) : []),
      partnershipName: known?.partnershipName ?? null,
      coordinatorEmail: known?.coordinatorEmail ?? null,
    });
  }
  /** What a reply recorded, from the updates and evidence it made. */
  private async chaseConfirmation(row: InboundMessage, leadChaseId: string) {
    const { leadContact } = await this.prisma.leadChase.findUniqueOrThrow({
      where: { id: leadChaseId },
      include: { leadContact: { include: { partnership: true } } },
    });
    const updates = await this.prisma.update.findMany({
      where: { id: { in: (row.recorded as { updateIds?: string[] } | null)?.updateIds ?? [] } },
      include: { action: true, evidence: { orderBy: { createdAt: 'asc' } } },
      orderBy: { action: { ref: 'asc' } },
    });
    const items = updates.map((u) => ({
      heading: `${u.action.ref} ${u.action.title}`,
      lines: [
        `From your ${u.channel === 'SPREADSHEET' ? 'workbook' : 'email'}`,
        `Status: ${STATUS_LABELS[u.status]}`,
        ...(u.percentComplete !== null ? [`Progress: ${u.percentComplete}%`] : []),
        ...(u.proposedDueDate
          ? [
              `New date proposed: ${u.proposedDueDate.toISOString().slice(0, 10)} (${u.proposedDueDateReason}), for approval`,
            ]
          : []),
        ...(u.blockers ? [`Blockers: ${u.blockers}`] : []),
        `Commentary: ${u.commentary ?? ''}`,
        ...u.evidence.flatMap((e) => (e.fileName ? [`Evidence: ${e.fileName}`] : [])),
      ],
    }));
    return renderEmail(inboundRecordedEmail, {
      name: leadContact.name,
      partnershipName: leadContact.partnership.name,
      items,
      coordinatorEmail: leadContact.partnership.coordinatorEmail,
      belowQuote: readBelowQuote(row),
    });
  }

  /** The figures a reply recorded, as read (InboundMessage.fields). */
  private async kpiConfirmation(row: InboundMessage, kpiValueRequestId: string) {
    const request = await this.prisma.kpiValueRequest.findUniqueOrThrow({
      where: { id: kpiValueRequestId },
      include: { dataOwner: true, partnership: true },
    });
    return renderEmail(inboundRecordedEmail, {
      name: request.dataOwner.name,
      partnershipName: request.partnership.name,
      items: [
        {
          heading: `Figures for ${kpiPeriodLabel(kpiPeriod(request.periodKey))}`,
          lines: Object.entries((row.fields ?? {}) as Record<string, string>).map(([k, v]) => `${k}: ${v}`),
        },
      ],
      coordinatorEmail: request.partnership.coordinatorEmail,
      belowQuote: readBelowQuote(row),
    });
  }

  /** The figures a provider's reply gave, as recorded (InboundMessage.fields), each with its reference and label. */
  private async providerConfirmation(row: InboundMessage, providerReturnRequestId: string) {
    const request = await this.prisma.providerReturnRequest.findUniqueOrThrow({
      where: { id: providerReturnRequestId },
      include: providerRequestForForm,
    });
    const given = (row.fields ?? {}) as Record<string, string>;
    return renderEmail(inboundRecordedEmail, {
      name: request.dataContact.name,
      partnershipName: request.partnership.name,
      items: [
        {
          heading: `Figures for the ${request.annualReturn.financialYear} safe accommodation return`,
          // In the order the request email lists them.
          lines: askedCellsOf(askedQuestions(request))
            .filter((cell) => given[cell.reference] !== undefined)
            .map((cell) => `${cell.reference} (${cell.label}): ${given[cell.reference]}`),
        },
      ],
      coordinatorEmail: request.partnership.coordinatorEmail,
      belowQuote: readBelowQuote(row),
    });
  }

  /** The answers an engagement reply gave, as kept (the response made from this message). */
  private async engagementConfirmation(row: InboundMessage, engagementRequestId: string) {
    const request = await this.engagementRequests.forForm(engagementRequestId);
    const response = await this.prisma.engagementResponse.findFirst({
      where: { requestId: engagementRequestId, messageId: row.messageId },
      include: { files: { orderBy: { createdAt: 'asc' } } },
    });
    const answers = (response?.answers ?? []) as unknown as EngagementAnswer[];
    return renderEmail(inboundRecordedEmail, {
      name: request.contact.name,
      partnershipName: request.review.partnership.name,
      items: [
        {
          heading: `Your response for ${request.activity.groupName}${response?.late ? ' (after the closing date)' : ''}`,
          lines: [
            ...answers.map((a) => `${a.question} ${a.answer}`),
            ...(response?.files ?? []).map((f) => `File: ${f.fileName}`),
          ],
        },
      ],
      coordinatorEmail: request.review.partnership.coordinatorEmail,
      belowQuote: readBelowQuote(row),
    });
  }

  /**
   * The example a "could not read" answer sent later shows: the first action's, the KPIs asked, or the
   * provider's first figures asked.
   */
  private async exampleFor(target: ReplyTarget): Promise<string[]> {
    if ('leadChaseId' in target) {
      const first = await this.prisma.updateRequest.findFirst({
        where: { chaseId: target.leadChaseId },
        include: { action: true },
        orderBy: { action: { ref: 'asc' } },
      });
      return first ? LEAD_EXAMPLE(first.action.ref) : [];
    }
    if ('engagementRequestId' in target)
      return engagementExample(
        this.engagementRequests.questionsOf(
          await this.engagementRequests.forForm(target.engagementRequestId),
        ),
      );
    if ('providerReturnRequestId' in target) {
      const request = await this.prisma.providerReturnRequest.findUniqueOrThrow({
        where: { id: target.providerReturnRequestId },
        include: providerRequestForForm,
      });
      return providerExample(askedCellsOf(askedQuestions(request)));
    }
    const items = await this.prisma.kpiValueRequestItem.findMany({
      where: { requestId: target.kpiValueRequestId },
      include: { kpi: true },
      orderBy: { kpi: { code: 'asc' } },
    });
    return kpiExample(items.map((i) => i.kpi.code));
  }
}
