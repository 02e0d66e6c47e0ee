import { Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@waymark/audit';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import type { ReplyTarget } from '@waymark/mail';
import { BaseRow, InboundResult, Matched, Refusal, ownerOf } from './inbound-message';

/**
 * Every message is kept once per Message-ID in InboundMessage with its outcome (for triage and counts),
 * and audited, except mail from unknown senders: anyone can send it, and the append-only audit log is not
 * theirs to fill. This keeps those that recorded nothing (ignored or refused), and audits those that
 * recorded something. The audit event of a refusal counts its problems; their text (lines the sender typed,
 * file names) stays in the InboundMessage row, where erasure can reach it.
 */
@Injectable()
export class InboundLog {
  private readonly logger = new Logger(InboundLog.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
  ) {}

  /** True when a message with this Message-ID was received already. */
  async seen(messageId: string): Promise<boolean> {
    return (await this.prisma.inboundMessage.findUnique({ where: { messageId } })) !== null;
  }

  /** True when the same reply (its hash) was recorded for this request already, under another Message-ID. */
  async recordedBefore(target: ReplyTarget, replyHash: string): Promise<boolean> {
    const found = await this.prisma.inboundMessage.findFirst({
      where: { ...target, outcome: 'RECORDED', recorded: { path: ['replyHash'], equals: replyHash } },
      select: { id: true },
    });
    return found !== null;
  }

  /** A refused message: its outline, what was read of it and why, under its request's partnership. */
  async refused(base: BaseRow, matched: Matched | null, refusal: Refusal): Promise<InboundResult> {
    const owner = matched ? await ownerOf(this.prisma, matched.target) : null;
    return this.store(
      {
        ...base,
        outcome: refusal.outcome,
        partnershipId: owner?.partnershipId ?? null,
        ...(matched && owner ? matched.target : {}),
        matchedBy: matched?.matchedBy ?? null,
        fields: (refusal.fields ?? undefined) as Prisma.InputJsonValue | undefined,
        problems: refusal.problems,
      },
      refusal.problems,
    );
  }

  /**
   * Keeps a message that recorded nothing, with its audit event (none for an unknown sender); a second copy
   * is a duplicate.
   */
  async store(data: Prisma.InboundMessageUncheckedCreateInput, problems: string[]): Promise<InboundResult> {
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        const created = await tx.inboundMessage.create({ data });
        if (data.outcome === 'UNKNOWN') return created;
        await this.audited(
          tx,
          created.id,
          data.partnershipId ?? null,
          `inbound.${data.outcome.toLowerCase()}`,
          {
            from: data.fromAddress,
            matchedBy: data.matchedBy ?? null,
            problemCount: problems.length,
          },
        );
        return created;
      });
      this.logger.log(`Inbound ${row.id} from ${data.fromAddress || 'no sender'}: ${data.outcome}`);
      return { outcome: data.outcome, inboundId: row.id, problems };
    } catch (error) {
      if (isUniqueViolation(error)) return { outcome: 'DUPLICATE', inboundId: null, problems: [] };
      throw error;
    }
  }

  /** The audit event of an inbound message, in the transaction that keeps it. */
  audited(
    tx: Prisma.TransactionClient,
    id: string,
    partnershipId: string | null,
    event: string,
    after: object,
  ) {
    return this.audit.record(
      {
        partnershipId,
        actor: { type: 'SYSTEM', id: 'inbound-mail' },
        event,
        entityType: 'InboundMessage',
        entityId: id,
        channel: 'email',
        after,
      },
      tx,
    );
  }
}
