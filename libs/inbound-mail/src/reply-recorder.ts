import { Injectable } from '@nestjs/common';
import { ProviderAnswersRefused, cellReference } from '@waymark/annual-return';
import { AnswerRecorder } from '@waymark/answers';
import { Prisma, PrismaService } from '@waymark/db';
import { KpiValuesRefused } from '@waymark/kpis';
import { EngagementRequests } from '@waymark/strategy-review';
import { RecordedUpdate } from '@waymark/update-requests';
import { InboundLog } from './inbound-log';
import { Matched, ReceivedMessage, Refused, notUnderstood } from './inbound-message';
import { OpenChase, OpenEngagementRequest, OpenKpiRequest, OpenProviderRequest } from './message-matcher';
import type { ReadLines } from './reply-fields';
import {
  ChaseReplyReading,
  EngagementReplyReading,
  KpiReplyReading,
  ProviderReplyReading,
} from './reply-reader';

/**
 * Records what a reply was read to say, through the answer recorder the forms use, together with the
 * message's own row and audit event: all or nothing. Returns the InboundMessage id.
 */
@Injectable()
export class ReplyRecorder {
  constructor(
    private readonly prisma: PrismaService,
    private readonly recorder: AnswerRecorder,
    private readonly engagementRequests: EngagementRequests,
    private readonly log: InboundLog,
  ) {}

  /** A lead's updates, one per action, each with the attached evidence; refused when a request closed meanwhile. */
  async recordChaseReply(
    { base, from, replyHash }: ReceivedMessage,
    matched: Matched,
    chase: OpenChase,
    reading: ChaseReplyReading,
  ): Promise<string> {
    const recorded: RecordedUpdate[] = [];
    const row = await this.prisma.$transaction(
      async (tx) => {
        const inbound = await tx.inboundMessage.create({
          data: {
            ...base,
            partnershipId: chase.partnershipId,
            outcome: 'RECORDED',
            leadChaseId: chase.id,
            matchedBy: matched.matchedBy,
            fields: reading.fields,
          },
        });
        for (const { ref, update, lines, channel } of reading.updates) {
          const request = chase.requests.find((r) => r.action.ref === ref)!;
          const rawSource = {
            channel: channel === 'SPREADSHEET' ? 'spreadsheet' : 'email',
            inboundMessageId: inbound.id,
            lines,
          };
          const done = await this.recorder.recordReplyIn(
            tx,
            request,
            { update, rawSource, evidence: reading.evidence },
            channel,
          );
          if (!done) throw new Refused({ outcome: 'CLOSED', problems: [`${ref}: the request is closed`] });
          recorded.push(done);
        }
        await this.log.audited(tx, inbound.id, chase.partnershipId, 'inbound.recorded', {
          from,
          matchedBy: matched.matchedBy,
          updateIds: recorded.map((r) => r.updateId),
        });
        return tx.inboundMessage.update({
          where: { id: inbound.id },
          data: {
            recorded: {
              updateIds: recorded.map((r) => r.updateId),
              replyHash,
              belowQuote: reading.belowQuote,
            },
          },
        });
      },
      { timeout: 60_000 },
    );
    await this.recorder.updatesRecorded(recorded);
    return row.id;
  }

  /** A data owner's figures; refused, naming the KPI, when a figure is refused or the request closed. */
  async recordKpiReply(
    message: ReceivedMessage,
    matched: Matched,
    { token, request }: OpenKpiRequest,
    reading: KpiReplyReading,
  ): Promise<string> {
    let inboundId = '';
    try {
      const recorded = await this.recorder.recordKpiValues(request, token, reading.figures, {
        channel: 'email',
        alongside: async (tx) => {
          const target = { kpiValueRequestId: request.id };
          inboundId = await this.keep(
            tx,
            message,
            matched,
            request.partnershipId,
            target,
            reading.lines,
            reading.belowQuote,
          );
        },
      });
      if (!recorded) throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    } catch (error) {
      if (!(error instanceof KpiValuesRefused)) throw error;
      const problems = error.problems.map((p) => {
        const code = reading.codes[Number(/^item-(\d+)-/.exec(p.field)?.[1])];
        return code ? `${code}: ${p.message}` : p.message;
      });
      throw notUnderstood(problems, reading.example, reading.lines);
    }
    return inboundId;
  }

  /**
   * A provider's figures, over their latest answers (a figure left out keeps its answer), sent to the
   * council: the return's providers' figures are made anew and the year's workflow told. Refused, naming
   * the cell, when an answer is refused or the request closed meanwhile.
   */
  async recordProviderReply(
    message: ReceivedMessage,
    matched: Matched,
    request: OpenProviderRequest,
    reading: ProviderReplyReading,
  ): Promise<string> {
    let inboundId = '';
    try {
      // Over the provider's latest answers, read in the same transaction: a figure left out keeps its answer.
      const kept = await this.recorder.recordProviderAnswers(request, reading.answers, {
        channel: reading.channel,
        sent: true,
        overLatest: true,
        alongside: async (tx) => {
          const target = { providerReturnRequestId: request.id };
          inboundId = await this.keep(
            tx,
            message,
            matched,
            request.partnershipId,
            target,
            reading.lines,
            reading.belowQuote,
          );
        },
      });
      if (!kept) throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    } catch (error) {
      if (!(error instanceof ProviderAnswersRefused)) throw error;
      const problems = error.problems.map((p) => {
        const [questionKey, cellKey = ''] = p.field.split('.');
        return `${cellReference(questionKey, cellKey)}: ${p.message}`;
      });
      throw notUnderstood(problems, reading.example, reading.lines);
    }
    return inboundId;
  }

  /**
   * An engagement contact's response to a strategy review, kept as read with the email's Message-ID; late
   * when after the closing date. Refused when the request closed meanwhile.
   */
  async recordEngagementReply(
    message: ReceivedMessage,
    matched: Matched,
    request: OpenEngagementRequest,
    reading: EngagementReplyReading,
  ): Promise<string> {
    let inboundId = '';
    const partnershipId = request.review.partnership.id;
    const kept = await this.engagementRequests.respond(request.id, reading.answers, {
      channel: 'email',
      enteredBy: request.contactId,
      actor: { type: 'LEAD', id: request.contactId },
      messageId: message.base.messageId,
      files: reading.files,
      alongside: async (tx) => {
        const target = { engagementRequestId: request.id };
        inboundId = await this.keep(
          tx,
          message,
          matched,
          partnershipId,
          target,
          reading.lines,
          reading.belowQuote,
        );
      },
    });
    if (!kept) throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    return inboundId;
  }

  /** The InboundMessage row of a reply recorded, and its audit event, in the answer's own transaction. */
  private async keep(
    tx: Prisma.TransactionClient,
    { base, from, replyHash }: ReceivedMessage,
    matched: Matched,
    partnershipId: string,
    target:
      { kpiValueRequestId: string } | { providerReturnRequestId: string } | { engagementRequestId: string },
    fields: ReadLines,
    belowQuote = false,
  ): Promise<string> {
    const inbound = await tx.inboundMessage.create({
      data: {
        ...base,
        partnershipId,
        outcome: 'RECORDED',
        ...target,
        matchedBy: matched.matchedBy,
        fields,
        recorded: { replyHash, belowQuote },
      },
    });
    await this.log.audited(tx, inbound.id, partnershipId, 'inbound.recorded', {
      from,
      matchedBy: matched.matchedBy,
      ...target,
    });
    return inbound.id;
  }
}
