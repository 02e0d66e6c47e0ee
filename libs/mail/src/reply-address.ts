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

/** Keys, or Message-IDs, of one message looked up at most: a reply has one of each, a thread a few. */
export const MAX_LOOKUPS = 20;

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

  /**
   * The address of the first of these keys that is one (in their order); one query, for the first
   * MAX_LOOKUPS keys only: a message listing thousands of addresses costs no more.
   */
  async findByKeys(keys: string[]) {
    const hashes = [...new Set(keys)].slice(0, MAX_LOOKUPS).map(hashKey);
    if (hashes.length === 0) return null;
    const found = await this.prisma.replyAddress.findMany({ where: { keyHash: { in: hashes } } });
    return hashes.map((hash) => found.find((row) => row.keyHash === hash)).find((row) => row) ?? null;
  }

  /**
   * The address whose email has the first of these Message-IDs that is one (In-Reply-To, then References
   * newest first); one query, for the first MAX_LOOKUPS only.
   */
  async findByMessageIds(messageIds: string[]) {
    const ids = [...new Set(messageIds)].slice(0, MAX_LOOKUPS);
    if (ids.length === 0) return null;
    const found = await this.prisma.replyAddress.findMany({
      where: { messageId: { in: ids } },
      orderBy: { createdAt: 'desc' },
    });
    return ids.map((id) => found.find((row) => row.messageId === id)).find((row) => row) ?? null;
  }
}
