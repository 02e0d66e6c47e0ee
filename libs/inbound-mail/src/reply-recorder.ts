import { Injectable } from '@nestjs/common';
import { AnswerRecorder } from '@waymark/answers';
import { PrismaService } from '@waymark/db';
import { KpiValuesRefused } from '@waymark/kpis';
import { RecordedUpdate } from '@waymark/update-requests';
import { InboundLog } from './inbound-log';
import { Matched, ReceivedMessage, Refused } from './inbound-message';
import { OpenChase, OpenKpiRequest } from './message-matcher';
import { ChaseReplyReading, KpiReplyReading } from './reply-reader';

/**
 * Records what a reply was read to say, through the answer recorder the forms use, together with the
 * message's own row and audit event: all or nothing. Returns the InboundMessage id.
 */
@Injectable()
export class ReplyRecorder {
  constructor(
    private readonly prisma: PrismaService,
    private readonly recorder: AnswerRecorder,
    private readonly log: InboundLog,
  ) {}

  /** A lead's updates, one per action, each with the attached evidence; refused when a request closed meanwhile. */
  async recordChaseReply(
    { base, from }: ReceivedMessage,
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
          data: { recorded: { updateIds: recorded.map((r) => r.updateId) } },
        });
      },
      { timeout: 60_000 },
    );
    await this.recorder.updatesRecorded(recorded);
    return row.id;
  }

  /** A data owner's figures; refused, naming the KPI, when a figure is refused or the request closed. */
  async recordKpiReply(
    { base, from }: ReceivedMessage,
    matched: Matched,
    { token, request }: OpenKpiRequest,
    reading: KpiReplyReading,
  ): Promise<string> {
    let inboundId = '';
    try {
      const recorded = await this.recorder.recordKpiValues(request, token, reading.figures, {
        channel: 'email',
        alongside: async (tx) => {
          const inbound = await tx.inboundMessage.create({
            data: {
              ...base,
              partnershipId: request.partnershipId,
              outcome: 'RECORDED',
              kpiValueRequestId: request.id,
              matchedBy: matched.matchedBy,
              fields: reading.lines,
            },
          });
          inboundId = inbound.id;
          await this.log.audited(tx, inbound.id, request.partnershipId, 'inbound.recorded', {
            from,
            matchedBy: matched.matchedBy,
            kpiValueRequestId: request.id,
          });
        },
      });
      if (!recorded) throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    } catch (error) {
      if (!(error instanceof KpiValuesRefused)) throw error;
      const problems = error.problems.map((p) => {
        const code = reading.codes[Number(/^item-(\d+)-/.exec(p.field)?.[1])];
        return code ? `${code}: ${p.message}` : p.message;
      });
      throw new Refused({
        outcome: 'NOT_UNDERSTOOD',
        problems,
        example: reading.example,
        fields: reading.lines,
      });
    }
    return inboundId;
  }
}
