import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ParsedMail, simpleParser } from 'mailparser';
import { ProviderRequests } from '@waymark/annual-return';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService } from '@waymark/db';
import { KpiValueRequestsService } from '@waymark/kpis';
import { MAX_LOOKUPS, ReplyAddresses } from '@waymark/mail';
import { EngagementRequests } from '@waymark/strategy-review';
import { deriveToken, hashToken } from '@waymark/update-requests';
import {
  InboundChannel,
  Matched,
  ReceivedMessage,
  Refused,
  UnreadableMessage,
  clean,
  targetOf,
} from './inbound-message';
import { newTextOf } from './quoted-text';

/** Public mail services: a shared domain says nothing about who sent the message. */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'live.co.uk',
  'yahoo.com',
  'yahoo.co.uk',
  'icloud.com',
  'me.com',
  'aol.com',
  'btinternet.com',
  'proton.me',
  'protonmail.com',
]);

/**
 * A secure link quoted in the reply: `/u/` a lead's, `/k/` a data owner's, `/p/` a provider's, `/e/` an
 * engagement contact's.
 */
const TOKEN_IN_LINK = /\/([ukpe])\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g;

/**
 * Parses a message and matches it to the request it answers: by reply address, secure-link token or
 * thread; then finds that request still open and checks the sender.
 *
 * Sender rule: the address the request went to, or another address at the same domain (a colleague
 * or shared mailbox at the lead's organisation), unless that domain is a public mail service.
 */
@Injectable()
export class MessageMatcher {
  constructor(
    private readonly prisma: PrismaService,
    private readonly replies: ReplyAddresses,
    private readonly kpiRequests: KpiValueRequestsService,
    private readonly providerRequests: ProviderRequests,
    private readonly engagementRequests: EngagementRequests,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /** The message, its outline and its sender; throws UnreadableMessage when the bytes are not an email. */
  async parse(raw: Buffer, via: InboundChannel): Promise<ReceivedMessage> {
    const parsed = await simpleParser(raw, { maxHtmlLengthToParse: 2_000_000 }).catch((error: Error) => {
      throw new UnreadableMessage(`The message could not be read as email: ${error.message}`);
    });
    const messageId = clean(parsed.messageId?.trim() || `<${sha256(raw)}@inbound.waymark>`).slice(0, 900);
    const from = clean(
      parsed.from?.value
        .find((a) => a.address)
        ?.address?.toLowerCase()
        .trim() ?? '',
    );
    const base = {
      messageId,
      receivedVia: via,
      fromAddress: from.slice(0, 320),
      subject: clean(parsed.subject ?? '').slice(0, 300),
    };
    const replyHash = sha256(
      Buffer.from(
        [
          newTextOf(clean(parsed.text ?? '')).replace(/\s+/g, ' '),
          ...parsed.attachments.map((a) => sha256(a.content)).sort(),
        ].join('\n'),
      ),
    );
    return { parsed, base, from, replyHash };
  }

  /** Auto-replies, bounces and our own messages are never answered: no mail loops. */
  isAutomatic({ parsed, from }: ReceivedMessage): boolean {
    const header = (name: string) => headerValues(parsed, name).join(' ').toLowerCase();
    const ours = [
      this.config.REPLY_MAILBOX,
      /<([^>]+)>/.exec(this.config.MAIL_FROM)?.[1] ?? this.config.MAIL_FROM,
    ].map((a) => a.toLowerCase());
    return (
      from === '' ||
      /^(mailer-daemon|postmaster)@/.test(from) ||
      ours.includes(from) ||
      this.replies.keyIn(from) !== null ||
      (header('auto-submitted') !== '' && header('auto-submitted') !== 'no') ||
      /\b(bulk|junk|list|auto_reply)\b/.test(header('precedence')) ||
      header('x-autoreply') !== '' ||
      header('x-autorespond') !== ''
    );
  }

  /** Reply address, else a secure-link token quoted in the body, else the thread (In-Reply-To, References). */
  async match({ parsed }: ReceivedMessage, envelopeTo: string[]): Promise<Matched | null> {
    const recipients = [
      ...envelopeTo,
      ...addressesOf(parsed.to),
      ...addressesOf(parsed.cc),
      ...['delivered-to', 'x-original-to'].flatMap((h) => headerValues(parsed, h)),
    ];
    const keys = recipients.map((address) => this.replies.keyIn(address)).filter((key) => key !== null);
    const addressed = targetOf(await this.replies.findByKeys(keys));
    if (addressed) return { target: addressed, matchedBy: 'reply-address' };
    const body = `${parsed.text ?? ''}\n${typeof parsed.html === 'string' ? parsed.html : ''}`;
    for (const [, kind, token] of [...body.matchAll(TOKEN_IN_LINK)].slice(0, MAX_LOOKUPS)) {
      const where = { tokenHash: hashToken(token) };
      if (kind === 'u') {
        const request = await this.prisma.updateRequest.findUnique({ where });
        if (request?.chaseId) return { target: { leadChaseId: request.chaseId }, matchedBy: 'token' };
      } else if (kind === 'k') {
        const request = await this.prisma.kpiValueRequest.findUnique({ where });
        if (request) return { target: { kpiValueRequestId: request.id }, matchedBy: 'token' };
      } else if (kind === 'p') {
        const request = await this.prisma.providerReturnRequest.findUnique({ where });
        if (request) return { target: { providerReturnRequestId: request.id }, matchedBy: 'token' };
      } else {
        const request = await this.prisma.engagementRequest.findUnique({ where });
        if (request) return { target: { engagementRequestId: request.id }, matchedBy: 'token' };
      }
    }
    const references = Array.isArray(parsed.references)
      ? parsed.references
      : parsed.references
        ? [parsed.references]
        : [];
    const thread = [...(parsed.inReplyTo ? [parsed.inReplyTo] : []), ...references.reverse()];
    const found = await this.replies.findByMessageIds(thread.map((id) => clean(id).trim()).filter(Boolean));
    const target = targetOf(found);
    return target ? { target, matchedBy: 'thread' } : null;
  }

  /** The lead's chase with its requests still open (by action), the sender checked; refused when none is open. */
  async openChase(leadChaseId: string, from: string) {
    const chase = await this.prisma.leadChase.findUniqueOrThrow({
      where: { id: leadChaseId },
      include: {
        leadContact: true,
        requests: {
          where: { state: { in: ['OPEN', 'ANSWERED'] }, expiresAt: { gt: new Date() } },
          include: { action: { include: { strategy: { include: { partnership: true } } } } },
          orderBy: { action: { ref: 'asc' } },
        },
      },
    });
    checkSender(from, chase.leadContact.email);
    if (chase.requests.length === 0)
      throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    return chase;
  }

  /** The data owner's KPI request, open, with its secure-link token; the sender checked. */
  async openKpiRequest(kpiValueRequestId: string, from: string) {
    const stored = await this.prisma.kpiValueRequest.findUniqueOrThrow({
      where: { id: kpiValueRequestId },
      include: { dataOwner: true },
    });
    checkSender(from, stored.dataOwner.email);
    const token = deriveToken(this.config.LINK_SECRET, stored.id, stored.tokenNonce);
    const found = await this.kpiRequests.lookUp(token);
    if (found.kind !== 'open') throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    return { token, request: found.request };
  }

  /**
   * The provider's request for the annual return, still taking answers (late figures too, until its link
   * stops working), with their latest answers; the sender checked.
   */
  async openProviderRequest(providerReturnRequestId: string, from: string) {
    const stored = await this.prisma.providerReturnRequest.findUniqueOrThrow({
      where: { id: providerReturnRequestId },
      include: { dataContact: true },
    });
    checkSender(from, stored.dataContact.email);
    const found = await this.providerRequests.lookUp(
      deriveToken(this.config.LINK_SECRET, stored.id, stored.tokenNonce),
    );
    if (found.kind !== 'open') throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    return found.request;
  }

  /**
   * An engagement contact's request in a strategy review, still taking responses (late ones too, until its
   * link stops working or the review is published); the sender checked.
   */
  async openEngagementRequest(engagementRequestId: string, from: string) {
    const request = await this.engagementRequests.forForm(engagementRequestId);
    checkSender(from, request.contact.email);
    if (!this.engagementRequests.takesResponses(request))
      throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    return request;
  }
}

export type OpenEngagementRequest = Awaited<ReturnType<MessageMatcher['openEngagementRequest']>>;
export type OpenChase = Awaited<ReturnType<MessageMatcher['openChase']>>;
export type OpenKpiRequest = Awaited<ReturnType<MessageMatcher['openKpiRequest']>>;
export type OpenProviderRequest = Awaited<ReturnType<MessageMatcher['openProviderRequest']>>;

function checkSender(from: string, owner: string): void {
  const domain = (address: string) => address.toLowerCase().split('@')[1] ?? '';
  const ownerDomain = domain(owner);
  const allowed =
    from === owner.toLowerCase() ||
    (domain(from) === ownerDomain && ownerDomain !== '' && !PUBLIC_MAIL_DOMAINS.has(ownerDomain));
  if (!allowed)
    throw new Refused({
      outcome: 'UNKNOWN',
      problems: [`${from || 'The sender'} is not who the request was sent to`],
    });
}

function addressesOf(field: ParsedMail['to']): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((f) => f.value.map((a) => clean(a.address ?? ''))).filter(Boolean);
}

function headerValues(parsed: ParsedMail, name: string): string[] {
  const value = parsed.headers.get(name);
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) =>
    clean(
      typeof v === 'string' ? v : 'text' in (v as object) ? String((v as { text: unknown }).text) : String(v),
    ),
  );
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
