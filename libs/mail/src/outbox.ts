import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { Prisma, PrismaService } from '@waymark/db';
import { WaymarkMetrics } from '@waymark/observability';
import { MailAttachment, MailTransport } from './mail-transport';
import { RenderedEmail } from './templates';

export interface OutgoingEmail {
  /** Names the message's purpose, e.g. "chase/<leadChaseId>/request:1": one key, at most one email. */
  idempotencyKey: string;
  kind: string;
  to: string;
  partnershipId?: string;
  updateRequestId?: string;
  replyTo?: string;
  /** Threading headers of a reply (In-Reply-To, References). */
  inReplyTo?: string;
  /** Called at send time (bodies are never stored); attachments travel with the rendered body. */
  render: () => OutgoingContent | Promise<OutgoingContent>;
  /** Bookkeeping that must happen exactly when the email is marked sent (same transaction). */
  onSent?: (tx: Prisma.TransactionClient, messageId: string) => Promise<void>;
}

/** `replyTo` may be decided at render time (a per-email reply address), overriding the email's own. */
export type OutgoingContent = RenderedEmail & { attachments?: MailAttachment[]; replyTo?: string };

export interface OutboxResult {
  outcome: 'sent' | 'already-sent';
  messageId: string;
}

/**
 * Sends each email at most once per idempotency key. The outbox row is locked for the duration of the
 * send, so a retried or concurrently replayed activity waits, then finds the row SENT and does nothing.
 * A failed send leaves the row PENDING with the error, for the caller's retry.
 */
@Injectable()
export class Outbox {
  private readonly logger = new Logger(Outbox.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly transport: MailTransport,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
    private readonly metrics: WaymarkMetrics,
  ) {}

  /**
   * The Message-ID of the email sent under this key: the same for every attempt, and unguessable (an HMAC
   * of the key with LINK_SECRET), so a stranger cannot forge a reply's In-Reply-To from predictable values.
   * Threads are matched through the Message-IDs stored with the reply addresses.
   */
  messageIdFor(idempotencyKey: string): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.transport.from)?.[1] ?? 'waymark.local';
    const id = createHmac('sha256', this.config.LINK_SECRET)
      .update(`message-id:${idempotencyKey}`)
      .digest('hex')
      .slice(0, 32);
    return `<${id}@${domain}>`;
  }

  async deliverOnce(email: OutgoingEmail): Promise<OutboxResult> {
    const messageId = this.messageIdFor(email.idempotencyKey);
    const existing = await this.prisma.outboundEmail.findUnique({
      where: { idempotencyKey: email.idempotencyKey },
    });
    if (existing?.status === 'SENT') return { outcome: 'already-sent', messageId };

    // Render before touching the outbox: a template error must not leave a row behind.
    const rendered = await email.render();
    // INSERT … ON CONFLICT DO NOTHING: concurrent first attempts agree on one row.
    await this.prisma.outboundEmail.createMany({
      data: [
        {
          idempotencyKey: email.idempotencyKey,
          kind: email.kind,
          toAddress: email.to,
          subject: rendered.subject,
          messageId,
          partnershipId: email.partnershipId,
          updateRequestId: email.updateRequestId,
        },
      ],
      skipDuplicates: true,
    });

    // A failed send is recorded after the transaction: the row is locked by it until then.
    let failure: Error | undefined;
    const result = await this.prisma.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<{ status: string }[]>`
          SELECT status FROM "OutboundEmail" WHERE "idempotencyKey" = ${email.idempotencyKey} FOR UPDATE`;
        if (row.status === 'SENT') return { outcome: 'already-sent' as const, messageId };
        try {
          await this.transport.send({
            to: email.to,
            messageId,
            ...rendered,
            replyTo: rendered.replyTo ?? email.replyTo,
            ...(email.inReplyTo ? { inReplyTo: email.inReplyTo, references: email.inReplyTo } : {}),
          });
        } catch (error) {
          failure = error as Error;
          return null;
        }
        await tx.outboundEmail.update({
          where: { idempotencyKey: email.idempotencyKey },
          data: { status: 'SENT', sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
        });
        await email.onSent?.(tx, messageId);
        return { outcome: 'sent' as const, messageId };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    if (failure) {
      this.metrics.emailsFailed.inc({ kind: email.kind });
      // Never the address, the subject or the body: only what kind of email could not go, and why (an SMTP
      // server's refusal may quote the recipient: addresses are left out of it).
      const reason = failure.message.split('\n')[0].replace(/[^\s<>"'@]+@[^\s<>"']+/g, '<address>');
      this.logger.warn(`Could not send a ${email.kind} email: ${reason}`);
      await this.prisma.outboundEmail.update({
        where: { idempotencyKey: email.idempotencyKey },
        data: { attempts: { increment: 1 }, lastError: failure.message.slice(0, 1000) },
      });
      throw failure;
    }
    if (result!.outcome === 'sent') {
      this.metrics.emailsSent.inc({ kind: email.kind });
      this.logger.log(`Sent a ${email.kind} email`);
    }
    return result!;
  }
}
