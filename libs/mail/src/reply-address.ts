import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService } from '@waymark/db';

/**
 * What a reply address leads to: a lead's chase for one period, a data owner's KPI request, a provider's
 * request for the annual return, an engagement contact's request in a strategy review.
 */
export type ReplyTarget =
  | { leadChaseId: string }
  | { kpiValueRequestId: string }
  | { providerReturnRequestId: string }
  | { engagementRequestId: string };

const KEY = /^[0-9a-f]{32}$/;

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Per-email reply addresses: `REPLY_MAILBOX` plus-addressed with a random key. Only the key's hash is
 * stored, with the Message-ID of the email that carried it (the thread fallback).
 */
@Injectable()
export class ReplyAddresses {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /** A new address for one outgoing email. */
  async issue(target: ReplyTarget & { partnershipId: string; messageId: string }): Promise<string> {
    const key = randomBytes(16).toString('hex');
    await this.prisma.replyAddress.create({ data: { ...target, keyHash: hashKey(key) } });
    const [local, domain] = this.config.REPLY_MAILBOX.split('@');
    return `${local}+${key}@${domain}`;
  }

  /** The key in an address of our mailbox (`updates+<key>@domain`, any case), or null. */
  keyIn(address: string): string | null {
    const [local, domain] = this.config.REPLY_MAILBOX.toLowerCase().split('@');
    const match = /^([^+@\s]+)\+([^@\s]+)@([^@\s]+)$/.exec(address.trim().toLowerCase());
    if (!match || match[1] !== local || match[3] !== domain || !KEY.test(match[2])) return null;
    return match[2];
  }

  async findByKey(key: string) {
    return this.prisma.replyAddress.findUnique({ where: { keyHash: hashKey(key) } });
  }

  /** The address whose email has one of these Message-IDs (In-Reply-To, then References newest first). */
  async findByMessageIds(messageIds: string[]) {
    for (const messageId of messageIds) {
      const found = await this.prisma.replyAddress.findFirst({
        where: { messageId },
        orderBy: { createdAt: 'desc' },
      });
      if (found) return found;
    }
    return null;
  }
}
