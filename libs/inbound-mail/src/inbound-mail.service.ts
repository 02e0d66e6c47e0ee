import { createHash } from 'node:crypto';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ParsedMail, simpleParser } from 'mailparser';
import { AnswerRecorder } from '@waymark/answers';
import { AuditLog, AuditedWrites } from '@waymark/audit';
import { kpiPeriod, kpiPeriodLabel } from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { LeadUpdate, ListTriage, ResolveTriage, STATUS_LABELS, leadUpdateSchema } from '@waymark/contracts';
import {
  InboundMessage,
  InboundOutcome,
  Page,
  Prisma,
  PrismaService,
  isUniqueViolation,
  paginate,
} from '@waymark/db';
import { EvidenceService, PreparedEvidence } from '@waymark/evidence';
import { KpiValueRequestsService, KpiValuesRefused } from '@waymark/kpis';
import {
  Outbox,
  ReplyAddresses,
  ReplyTarget,
  inboundRecordedEmail,
  inboundRefusedEmail,
  renderEmail,
} from '@waymark/mail';
import { leadWorkbookColumn, leadWorkbookKey, readLeadWorkbook } from '@waymark/workbooks';
import { RecordedUpdate, deriveToken, hashToken } from '@waymark/update-requests';
import { newPartOf } from './quoted-text';
import { ReadLines, readKpiReply, readLeadReply } from './reply-fields';

export type InboundChannel = 'smtp' | 'imap' | 'webhook';

export interface InboundResult {
  outcome: InboundOutcome | 'DUPLICATE';
  inboundId: string | null;
  problems: string[];
}

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

const LEAD_EXAMPLE = (ref: string) => [
  `Action ${ref}`,
  'Status: on track',
  'Progress: 60%',
  'New date: 31/3/2027',
  'Reason: the provider started late',
  'Blockers: none',
  'A sentence or two on progress.',
];

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an unsent answer is retried: past a week, an answer would confuse more than help. */
const ANSWER_RETRY_DAYS = 7;
/** Left to the first send before a retry may try (the pipeline answers straight after recording). */
const SEND_WINDOW_MS = 60 * 1000;

const kpiExample = (codes: string[]) => codes.map((code, i) => `${code}: ${40 + i}`);
const answerKey = (inboundId: string) => `inbound/${inboundId}/answer`;

const TOKEN_IN_LINK = /\/([uk])\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g;

interface Matched {
  target: ReplyTarget;
  matchedBy: 'reply-address' | 'token' | 'thread';
}

interface Refusal {
  outcome: 'UNKNOWN' | 'CLOSED' | 'NOT_UNDERSTOOD';
  problems: string[];
  example?: string[];
  fields?: unknown;
}

/** One action's update read from a reply: from its text (EMAIL_REPLY) or its workbook (SPREADSHEET). */
interface ReadUpdate {
  ref: string;
  update: LeadUpdate;
  lines: ReadLines;
  channel: 'EMAIL_REPLY' | 'SPREADSHEET';
}

type Attachment = { fileName: string; content: Buffer };

/** Bytes that are not an email at all: refused at the door, nothing stored. */
export class UnreadableMessage extends Error {}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.problems.join('; '));
  }
}

/**
 * The one pipeline behind the SMTP listener, the IMAP poller and the webhook: parse the message, match
 * it to a request, check the sender, read the reply's new part, record it through the same services
 * and validation as the forms, all or nothing, then answer the sender. Every message is kept (once per
 * Message-ID) in InboundMessage with its outcome; bodies and raw MIME are not kept.
 *
 * Sender rule: the address the request went to, or another address at the same domain (a colleague
 * or shared mailbox at the lead's organisation), unless that domain is a public mail service.
 */
@Injectable()
export class InboundMailService {
  private readonly logger = new Logger(InboundMailService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly replies: ReplyAddresses,
    private readonly recorder: AnswerRecorder,
    private readonly kpiRequests: KpiValueRequestsService,
    private readonly evidence: EvidenceService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly writes: AuditedWrites,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  async receive(raw: Buffer, via: InboundChannel, envelopeTo: string[] = []): Promise<InboundResult> {
    const parsed = await simpleParser(raw, { maxHtmlLengthToParse: 2_000_000 }).catch((error: Error) => {
      throw new UnreadableMessage(`The message could not be read as email: ${error.message}`);
    });
    const messageId = clean(parsed.messageId?.trim() || `<${sha256(raw)}@inbound.waymark>`).slice(0, 900);
    if (await this.prisma.inboundMessage.findUnique({ where: { messageId } }))
      return { outcome: 'DUPLICATE', inboundId: null, problems: [] };

    const from =
      parsed.from?.value
        .find((a) => a.address)
        ?.address?.toLowerCase()
        .trim() ?? '';
    const base = {
      messageId,
      receivedVia: via,
      fromAddress: from.slice(0, 320),
      subject: clean(parsed.subject ?? '').slice(0, 300),
    };
    if (this.isAutomatic(parsed, from)) return this.store({ ...base, outcome: 'IGNORED' }, []);

    const matched = await this.match(parsed, envelopeTo);
    try {
      if (!matched) throw new Refused({ outcome: 'UNKNOWN', problems: ['No request matches this email'] });
      return 'leadChaseId' in matched.target
        ? await this.answerChase(parsed, matched, base, from)
        : await this.answerKpiRequest(parsed, matched, base, from);
    } catch (error) {
      if (error instanceof Refused) return this.refuse(base, matched, error.refusal);
      if (isUniqueViolation(error)) return { outcome: 'DUPLICATE', inboundId: null, problems: [] };
      throw error;
    }
  }

  /** Coordinators' list: replies that matched a request but could not be read, newest first by default. */
  async triage(partnershipId: string, query: ListTriage): Promise<Page<TriageItem>> {
    const where: Prisma.InboundMessageWhereInput = {
      partnershipId,
      outcome: 'NOT_UNDERSTOOD',
      ...(query.includeResolved ? {} : { resolvedAt: null }),
    };
    return paginate(
      (args) => this.prisma.inboundMessage.findMany({ ...args, select: TRIAGE_FIELDS }),
      where,
      query,
    );
  }

  /**
   * A coordinator has dealt with a triage item (asked the lead again, or recorded the update by hand):
   * it leaves the list. The note goes in the audit event only. 404 for anything not a triage item of
   * the partnership; 409 when already resolved.
   */
  async resolve(partnershipId: string, id: string, body: ResolveTriage): Promise<TriageItem> {
    return this.writes.run(
      {
        partnershipId,
        event: 'inbound.resolved',
        entityType: 'InboundMessage',
        conflict: { field: 'id', message: 'This item is already resolved' },
      },
      async (tx) => {
        const before = await tx.inboundMessage.findFirst({
          where: { id, partnershipId, outcome: 'NOT_UNDERSTOOD' },
          select: TRIAGE_FIELDS,
        });
        if (!before) throw new NotFoundException(`No triage item ${id}`);
        if (before.resolvedAt) throw new ConflictException('This item is already resolved');
        const after = await tx.inboundMessage.update({
          where: { id },
          data: { resolvedAt: new Date() },
          select: TRIAGE_FIELDS,
        });
        return {
          before: { resolvedAt: null },
          after: { ...after, ...(body.note ? { note: body.note } : {}) },
        };
      },
    );
  }

  private async answerChase(parsed: ParsedMail, matched: Matched, base: BaseRow, from: string) {
    const leadChaseId = (matched.target as { leadChaseId: string }).leadChaseId;
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
    this.checkSender(from, chase.leadContact.email);
    if (chase.requests.length === 0)
      throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    const refs = chase.requests.map((r) => r.action.ref);
    const workbook = await this.workbookIn(this.attachmentsOf(parsed), chase.id, chase.requests);
    const reading = readLeadReply(newPartOf(textOf(parsed)), refs);
    // The workbook wins for the actions it covers; the text is read for the others, and ignored when
    // it cannot be read (its text is usually "please find attached").
    const textUpdates: ReadUpdate[] = !reading.ok
      ? []
      : reading.updates
          .filter((u) => !workbook?.updates.some((w) => w.ref === u.ref))
          .map((u) => ({ ...u, channel: 'EMAIL_REPLY' }));
    const updates = [...(workbook?.updates ?? []), ...textUpdates];
    const files = this.evidenceOf(workbook ? workbook.others : this.attachmentsOf(parsed));
    const readProblems = workbook
      ? workbook.problems.length === 0 && updates.length === 0
        ? ['The attached workbook has no rows filled in']
        : workbook.problems
      : reading.ok
        ? []
        : reading.problems;
    const problems = [...readProblems, ...files.problems];
    if (problems.length) {
      throw new Refused({
        outcome: 'NOT_UNDERSTOOD',
        problems,
        example: workbook ? [] : LEAD_EXAMPLE(refs[0]),
        fields: reading.ok ? linesOf(updates) : reading.lines,
      });
    }
    const recorded: RecordedUpdate[] = [];
    const row = await this.prisma.$transaction(
      async (tx) => {
        const inbound = await tx.inboundMessage.create({
          data: {
            ...base,
            partnershipId: chase.partnershipId,
            outcome: 'RECORDED',
            leadChaseId,
            matchedBy: matched.matchedBy,
            fields: linesOf(updates),
          },
        });
        for (const { ref, update, lines, channel } of updates) {
          const request = chase.requests.find((r) => r.action.ref === ref)!;
          const rawSource = {
            channel: channel === 'SPREADSHEET' ? 'spreadsheet' : 'email',
            inboundMessageId: inbound.id,
            lines,
          };
          const done = await this.recorder.recordReplyIn(
            tx,
            request,
            { update, rawSource, evidence: files.accepted },
            channel,
          );
          if (!done) throw new Refused({ outcome: 'CLOSED', problems: [`${ref}: the request is closed`] });
          recorded.push(done);
        }
        await this.auditInbound(tx, inbound.id, chase.partnershipId, 'inbound.recorded', {
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
    await this.answerStored(row.id);
    return { outcome: 'RECORDED' as const, inboundId: row.id, problems: [] };
  }

  private async answerKpiRequest(parsed: ParsedMail, matched: Matched, base: BaseRow, from: string) {
    const kpiValueRequestId = (matched.target as { kpiValueRequestId: string }).kpiValueRequestId;
    const stored = await this.prisma.kpiValueRequest.findUniqueOrThrow({
      where: { id: kpiValueRequestId },
      include: { dataOwner: true },
    });
    this.checkSender(from, stored.dataOwner.email);
    const token = deriveToken(this.config.LINK_SECRET, stored.id, stored.tokenNonce);
    const found = await this.kpiRequests.lookUp(token);
    if (found.kind !== 'open') throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    const { request } = found;
    const asked = request.items.map((item) => ({
      code: item.kpi.code,
      name: item.kpi.name,
      periodLabel: kpiPeriodLabel(kpiPeriod(item.periodKey, item.kpi.frequency)),
    }));
    const reading = readKpiReply(newPartOf(textOf(parsed)), asked);
    const example = kpiExample(asked.map((a) => a.code));
    if (!reading.ok)
      throw new Refused({
        outcome: 'NOT_UNDERSTOOD',
        problems: reading.problems,
        example,
        fields: reading.lines,
      });
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
              kpiValueRequestId,
              matchedBy: matched.matchedBy,
              fields: reading.lines,
            },
          });
          inboundId = inbound.id;
          await this.auditInbound(tx, inbound.id, request.partnershipId, 'inbound.recorded', {
            from,
            matchedBy: matched.matchedBy,
            kpiValueRequestId,
          });
        },
      });
      if (!recorded) throw new Refused({ outcome: 'CLOSED', problems: ['The request is closed'] });
    } catch (error) {
      if (!(error instanceof KpiValuesRefused)) throw error;
      const problems = error.problems.map((p) => {
        const item = asked[Number(/^item-(\d+)-/.exec(p.field)?.[1])];
        return item ? `${item.code}: ${p.message}` : p.message;
      });
      throw new Refused({ outcome: 'NOT_UNDERSTOOD', problems, example, fields: reading.lines });
    }
    await this.answerStored(inboundId);
    return { outcome: 'RECORDED' as const, inboundId, problems: [] };
  }

  /** Nothing recorded: keep the message's outline, log it, and tell the sender why. */
  private async refuse(base: BaseRow, matched: Matched | null, refusal: Refusal) {
    const owner = matched ? await this.ownerOf(matched.target) : null;
    const result = await this.store(
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
    if (result.inboundId && base.fromAddress)
      await this.answerStored(result.inboundId, refusal.example ?? []);
    return result;
  }

  private async store(
    data: Prisma.InboundMessageUncheckedCreateInput,
    problems: string[],
  ): Promise<InboundResult> {
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        const created = await tx.inboundMessage.create({ data });
        await this.auditInbound(
          tx,
          created.id,
          data.partnershipId ?? null,
          `inbound.${data.outcome.toLowerCase()}`,
          {
            from: data.fromAddress,
            matchedBy: data.matchedBy ?? null,
            problems,
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

  private auditInbound(
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

  /**
   * Sends the answers (confirmations and "not recorded" answers) that a failed send or a crash left
   * unsent: messages of the last ANSWER_RETRY_DAYS days, none answered twice (the outbox key). The
   * API's reconciler runs it on every pass; returns how many it sent.
   */
  async answerUnsent(now = new Date()): Promise<number> {
    const received = await this.prisma.inboundMessage.findMany({
      where: {
        outcome: { not: 'IGNORED' },
        fromAddress: { not: '' },
        receivedAt: {
          gte: new Date(now.getTime() - ANSWER_RETRY_DAYS * DAY_MS),
          lte: new Date(now.getTime() - SEND_WINDOW_MS),
        },
      },
      select: { id: true },
      orderBy: { receivedAt: 'asc' },
    });
    const sent = await this.prisma.outboundEmail.findMany({
      where: { idempotencyKey: { in: received.map((r) => answerKey(r.id)) }, status: 'SENT' },
      select: { idempotencyKey: true },
    });
    const done = new Set(sent.map((row) => row.idempotencyKey));
    const unsent = received.filter((r) => !done.has(answerKey(r.id))).slice(0, 200);
    let count = 0;
    for (const { id } of unsent) if (await this.answerStored(id)) count += 1;
    return count;
  }

  /**
   * Answers the sender once per inbound message (outbox idempotency key), threaded under their email,
   * from what was stored: the first send and a later retry say the same. True when it was sent.
   */
  private async answerStored(inboundId: string, example?: string[]): Promise<boolean> {
    const row = await this.prisma.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } });
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
      // What was recorded stays recorded. The outbox row stays PENDING with the error, and answerUnsent
      // sends it later; a redelivery of the same message is a duplicate and is not answered again.
      this.logger.warn(`Could not answer inbound ${inboundId}: ${(error as Error).message}`);
      return false;
    }
  }

  private async answerOf(row: InboundMessage, example?: string[]) {
    const target = row.leadChaseId || row.kpiValueRequestId ? targetOf(row) : null;
    if (row.outcome === 'RECORDED' && target)
      return 'leadChaseId' in target
        ? this.chaseConfirmation(row, target.leadChaseId)
        : this.kpiConfirmation(row, target.kpiValueRequestId);
    // An unknown sender learns nothing about the request or the partnership.
    const known = row.outcome !== 'UNKNOWN' && target ? await this.ownerOf(target) : null;
    return renderEmail(inboundRefusedEmail, {
      reason:
        row.outcome === 'NOT_UNDERSTOOD' ? 'not-understood' : row.outcome === 'CLOSED' ? 'closed' : 'unknown',
      subject: row.subject,
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
    });
  }

  /** The example a "could not read" answer sent later shows: the first action's, or the KPIs asked. */
  private async exampleFor(target: ReplyTarget): Promise<string[]> {
    if ('leadChaseId' in target) {
      const first = await this.prisma.updateRequest.findFirst({
        where: { chaseId: target.leadChaseId },
        include: { action: true },
        orderBy: { action: { ref: 'asc' } },
      });
      return first ? LEAD_EXAMPLE(first.action.ref) : [];
    }
    const items = await this.prisma.kpiValueRequestItem.findMany({
      where: { requestId: target.kpiValueRequestId },
      include: { kpi: true },
      orderBy: { kpi: { code: 'asc' } },
    });
    return kpiExample(items.map((i) => i.kpi.code));
  }

  /** Reply address, else a secure-link token quoted in the body, else the thread (In-Reply-To, References). */
  private async match(parsed: ParsedMail, envelopeTo: string[]): Promise<Matched | null> {
    const recipients = [
      ...envelopeTo,
      ...addressesOf(parsed.to),
      ...addressesOf(parsed.cc),
      ...['delivered-to', 'x-original-to'].flatMap((h) => headerValues(parsed, h)),
    ];
    for (const address of recipients) {
      const key = this.replies.keyIn(address);
      const found = key ? await this.replies.findByKey(key) : null;
      if (found) return { target: targetOf(found), matchedBy: 'reply-address' };
    }
    const body = `${parsed.text ?? ''}\n${typeof parsed.html === 'string' ? parsed.html : ''}`;
    for (const [, kind, token] of body.matchAll(TOKEN_IN_LINK)) {
      const where = { tokenHash: hashToken(token) };
      if (kind === 'u') {
        const request = await this.prisma.updateRequest.findUnique({ where });
        if (request?.chaseId) return { target: { leadChaseId: request.chaseId }, matchedBy: 'token' };
      } else {
        const request = await this.prisma.kpiValueRequest.findUnique({ where });
        if (request) return { target: { kpiValueRequestId: request.id }, matchedBy: 'token' };
      }
    }
    const references = Array.isArray(parsed.references)
      ? parsed.references
      : parsed.references
        ? [parsed.references]
        : [];
    const thread = [...(parsed.inReplyTo ? [parsed.inReplyTo] : []), ...references.reverse()];
    const found = await this.replies.findByMessageIds(thread.map((id) => id.trim()).filter(Boolean));
    return found ? { target: targetOf(found), matchedBy: 'thread' } : null;
  }

  private checkSender(from: string, owner: string): void {
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

  private async ownerOf(target: ReplyTarget) {
    const partnership =
      'leadChaseId' in target
        ? (
            await this.prisma.leadChase.findUnique({
              where: { id: target.leadChaseId },
              include: { leadContact: { include: { partnership: true } } },
            })
          )?.leadContact.partnership
        : (
            await this.prisma.kpiValueRequest.findUnique({
              where: { id: target.kpiValueRequestId },
              include: { partnership: true },
            })
          )?.partnership;
    return partnership
      ? {
          partnershipId: partnership.id,
          partnershipName: partnership.name,
          coordinatorEmail: partnership.coordinatorEmail,
        }
      : null;
  }

  /** Attachments; inline images (logos in signatures) are not attachments. */
  private attachmentsOf(parsed: ParsedMail): Attachment[] {
    return parsed.attachments
      .filter((a) => !(a.contentDisposition === 'inline' && a.cid && a.contentType.startsWith('image/')))
      .map((a) => ({ fileName: a.filename ?? 'attachment', content: a.content }));
  }

  /** Attachments become evidence. */
  private evidenceOf(files: Attachment[]): { accepted: PreparedEvidence; problems: string[] } {
    const prepared = this.evidence.prepare({ files });
    return { accepted: prepared.accepted, problems: prepared.problems.map((p) => clean(`${p.message}.`)) };
  }

  /**
   * The lead's own workbook among the attachments, if one is there: its filled rows, each matched to one
   * of this chase's requests by its key and checked with the form's schema, or every problem by row
   * and column. Null when no attachment is our workbook; the others stay attachments (evidence).
   */
  private async workbookIn(
    attachments: Attachment[],
    chaseId: string,
    requests: Array<{ id: string; action: { ref: string } }>,
  ): Promise<{ updates: ReadUpdate[]; problems: string[]; others: Attachment[] } | null> {
    const updates: ReadUpdate[] = [];
    const problems: string[] = [];
    const others: Attachment[] = [];
    let found = false;
    for (const file of attachments) {
      const reading = await readLeadWorkbook(file.content);
      if (reading.kind === 'not-ours') {
        others.push(file);
        continue;
      }
      found = true;
      if (reading.kind === 'unreadable') {
        problems.push(clean(`${file.fileName}: ${reading.problem}`));
        continue;
      }
      for (const row of reading.rows) {
        const at = `${clean(file.fileName)}, row ${row.rowNumber}`;
        const request = requests.find(
          (r) => leadWorkbookKey(this.config.LINK_SECRET, chaseId, r.id) === row.key,
        );
        if (!request) {
          problems.push(
            `${at}: this row is not from the workbook sent with this request (it may be another period's, or changed). Fill in the workbook attached to the request email`,
          );
          continue;
        }
        const ref = request.action.ref;
        if (updates.some((u) => u.ref === ref)) {
          problems.push(`${at} (${ref}): this action is answered twice`);
          continue;
        }
        const result = leadUpdateSchema.safeParse(row.input);
        if (!result.success) {
          for (const issue of result.error.issues)
            problems.push(
              `${at} (${ref}), ${leadWorkbookColumn(String(issue.path[0] ?? ''))}: ${issue.message}`,
            );
          continue;
        }
        // Kept with the message: the fields only, never the free text (as for text replies).
        const { status, percentComplete, proposedDueDate } = result.data;
        const lines: ReadLines = { Status: STATUS_LABELS[status] };
        if (percentComplete !== undefined) lines.Progress = `${percentComplete}%`;
        if (proposedDueDate) lines['New date'] = proposedDueDate;
        updates.push({ ref, update: result.data, lines, channel: 'SPREADSHEET' });
      }
    }
    return found ? { updates, problems, others } : null;
  }

  /** Auto-replies, bounces and our own messages are never answered: no mail loops. */
  private isAutomatic(parsed: ParsedMail, from: string): boolean {
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
}

const TRIAGE_FIELDS = {
  id: true,
  receivedAt: true,
  receivedVia: true,
  fromAddress: true,
  subject: true,
  leadChaseId: true,
  kpiValueRequestId: true,
  matchedBy: true,
  fields: true,
  problems: true,
  resolvedAt: true,
} satisfies Prisma.InboundMessageSelect;
export type TriageItem = Prisma.InboundMessageGetPayload<{ select: typeof TRIAGE_FIELDS }>;

type BaseRow = { messageId: string; receivedVia: string; fromAddress: string; subject: string };

function targetOf(address: { leadChaseId: string | null; kpiValueRequestId: string | null }): ReplyTarget {
  return address.leadChaseId
    ? { leadChaseId: address.leadChaseId }
    : { kpiValueRequestId: address.kpiValueRequestId! };
}

/** The field lines kept with the message (InboundMessage.fields), by action. */
function linesOf(updates: ReadUpdate[]): Record<string, ReadLines> {
  return Object.fromEntries(updates.map((u) => [u.ref, u.lines]));
}

function textOf(parsed: ParsedMail): string {
  return clean(parsed.text ?? '');
}

function addressesOf(field: ParsedMail['to']): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((f) => f.value.map((a) => a.address ?? '')).filter(Boolean);
}

function headerValues(parsed: ParsedMail, name: string): string[] {
  const value = parsed.headers.get(name);
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) =>
    typeof v === 'string' ? v : 'text' in (v as object) ? String((v as { text: unknown }).text) : String(v),
  );
}

/** Control characters (NUL above all, which PostgreSQL refuses in text) never reach the database. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
