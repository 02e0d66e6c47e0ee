import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@waymark/audit';
import { Cadence, reportingPeriodAt } from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { LeadUpdate } from '@waymark/contracts';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import { Outbox, renderEmail, updateRequestEmail } from '@waymark/mail';
import type { OpenedRequest } from '@waymark/workflows';
import { deriveToken, hashToken, looksLikeToken, newTokenNonce } from './secure-link';

const DAY_MS = 24 * 60 * 60 * 1000;
const CLOSED_STATUSES = new Set(['COMPLETE', 'CANCELLED']);

/** Monthly when the action or its strategy says so; otherwise financial-year quarters. */
function cadenceOf(action: {
  reportingCadence: string | null;
  strategy: { reportingCadence: string };
}): Cadence {
  return (action.reportingCadence ?? action.strategy.reportingCadence) === 'MONTHLY'
    ? 'MONTHLY'
    : 'QUARTERLY';
}

const requestForForm = {
  action: { include: { strategy: { include: { partnership: true } } } },
  leadContact: { include: { organisation: true } },
} satisfies Prisma.UpdateRequestInclude;

export type RequestForForm = Prisma.UpdateRequestGetPayload<{ include: typeof requestForForm }>;

/** What a secure link leads to. Unknown and expired tokens reveal nothing about any request. */
export type LinkLookup =
  { kind: 'open'; request: RequestForForm } | { kind: 'expired' } | { kind: 'unknown' };

export interface RecordedUpdate {
  updateId: string;
  requestId: string;
  actionId: string;
  status: string;
  percentComplete: number | null;
  submittedAt: string;
}

/**
 * Update requests: one per action per reporting period, each with its own secure link. Shared by the
 * worker's activities (open, send, expire) and the API's lead-facing form (look up, record an update).
 */
@Injectable()
export class UpdateRequestsService {
  private readonly logger = new Logger(UpdateRequestsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /** Finds or creates this period's request for an action. Safe to call any number of times. */
  async open(actionId: string, now = new Date()): Promise<OpenedRequest> {
    const action = await this.prisma.action.findUnique({
      where: { id: actionId },
      include: { strategy: true },
    });
    const period = reportingPeriodAt(now, action ? cadenceOf(action) : 'QUARTERLY');
    const closed = {
      live: false,
      requestId: null,
      periodKey: period.key,
      deadline: period.end.toISOString(),
      periodEnd: period.end.toISOString(),
      answered: false,
    };
    if (!action || !action.leadContactId || action.archivedAt || action.closedAt) return closed;
    if (CLOSED_STATUSES.has(action.status)) return closed;

    const existing = await this.prisma.updateRequest.findUnique({
      where: { actionId_periodKey: { actionId, periodKey: period.key } },
    });
    const request = existing ?? (await this.create(action, period, now));
    return {
      live: request.state !== 'REVOKED',
      requestId: request.id,
      periodKey: request.periodKey,
      deadline: request.respondBy.toISOString(),
      periodEnd: request.periodEnd.toISOString(),
      answered: request.state === 'ANSWERED',
    };
  }

  private async create(
    action: { id: string; partnershipId: string; leadContactId: string | null },
    period: { key: string; end: Date },
    now: Date,
  ) {
    const nonce = newTokenNonce();
    const respondBy = new Date(
      Math.min(now.getTime() + this.config.UPDATE_WINDOW_DAYS * DAY_MS, period.end.getTime()),
    );
    try {
      return await this.prisma.$transaction(async (tx) => {
        const id = crypto.randomUUID();
        const created = await tx.updateRequest.create({
          data: {
            id,
            partnershipId: action.partnershipId,
            actionId: action.id,
            leadContactId: action.leadContactId as string,
            periodKey: period.key,
            periodEnd: period.end,
            respondBy,
            expiresAt: period.end,
            tokenNonce: nonce,
            tokenHash: hashToken(deriveToken(this.config.LINK_SECRET, id, nonce)),
          },
        });
        await this.audit.record(
          {
            partnershipId: action.partnershipId,
            actor: { type: 'WORKFLOW', id: `action/${action.id}` },
            event: 'update-request.opened',
            entityType: 'UpdateRequest',
            entityId: id,
            channel: 'workflow',
            after: { actionId: action.id, periodKey: period.key, respondBy, expiresAt: period.end },
          },
          tx,
        );
        return created;
      });
    } catch (error) {
      // Another execution of the same activity created it first: use theirs.
      if (!isUniqueViolation(error)) throw error;
      return this.prisma.updateRequest.findUniqueOrThrow({
        where: { actionId_periodKey: { actionId: action.id, periodKey: period.key } },
      });
    }
  }

  /** Emails the request to its lead, once: a retried or replayed call finds the outbox row and stops. */
  async send(requestId: string): Promise<{ outcome: 'sent' | 'already-sent' | 'not-open' }> {
    const request = await this.prisma.updateRequest.findUniqueOrThrow({
      where: { id: requestId },
      include: requestForForm,
    });
    if (request.state !== 'OPEN') return { outcome: 'not-open' };
    const { action, leadContact } = request;
    const partnership = action.strategy.partnership;
    const token = deriveToken(this.config.LINK_SECRET, request.id, request.tokenNonce);

    const result = await this.outbox.deliverOnce({
      idempotencyKey: `update-request/${request.id}/initial`,
      kind: 'update-request',
      to: leadContact.email,
      partnershipId: request.partnershipId,
      updateRequestId: request.id,
      render: () =>
        renderEmail(updateRequestEmail, {
          leadName: leadContact.name,
          partnershipName: partnership.name,
          periodLabel: reportingPeriodAt(new Date(request.periodEnd.getTime() - 1), cadenceOf(action)).label,
          deadline: request.respondBy.toISOString(),
          coordinatorEmail: partnership.coordinatorEmail,
          actions: [
            {
              ref: action.ref,
              title: action.title,
              dueDate: action.dueDate ? action.dueDate.toISOString() : null,
              dueDateText: action.dueDateText,
              link: this.linkFor(token),
            },
          ],
        }),
    });

    if (result.outcome === 'sent') {
      await this.prisma.$transaction(async (tx) => {
        await tx.updateRequest.update({ where: { id: request.id }, data: { sentAt: new Date() } });
        await this.audit.record(
          {
            partnershipId: request.partnershipId,
            actor: { type: 'WORKFLOW', id: `action/${action.id}` },
            event: 'update-request.sent',
            entityType: 'UpdateRequest',
            entityId: request.id,
            channel: 'email',
            after: { to: leadContact.email, messageId: result.messageId },
          },
          tx,
        );
      });
    }
    return { outcome: result.outcome };
  }

  linkFor(token: string): string {
    return `${this.config.PUBLIC_BASE_URL}/u/${token}`;
  }

  /** Closes a request that was not answered by its deadline. Returns whether it had been answered. */
  async expireIfUnanswered(requestId: string): Promise<{ answered: boolean }> {
    const request = await this.prisma.updateRequest.findUniqueOrThrow({ where: { id: requestId } });
    if (request.state !== 'OPEN') return { answered: request.state === 'ANSWERED' };
    await this.prisma.$transaction(async (tx) => {
      const changed = await tx.updateRequest.updateMany({
        where: { id: requestId, state: 'OPEN' },
        data: { state: 'EXPIRED' },
      });
      if (changed.count === 0) return;
      await this.audit.record(
        {
          partnershipId: request.partnershipId,
          actor: { type: 'WORKFLOW', id: `action/${request.actionId}` },
          event: 'update-request.unanswered',
          entityType: 'UpdateRequest',
          entityId: requestId,
          channel: 'workflow',
          before: { state: 'OPEN' },
          after: { state: 'EXPIRED' },
        },
        tx,
      );
    });
    const after = await this.prisma.updateRequest.findUniqueOrThrow({ where: { id: requestId } });
    return { answered: after.state === 'ANSWERED' };
  }

  /**
   * Resolves a secure link. A request stays answerable (and revisable) until its period closes, even
   * after its reply-by deadline has passed without an answer; a revoked or closed one is "expired".
   */
  async lookUp(token: string, now = new Date()): Promise<LinkLookup> {
    if (!looksLikeToken(token)) return { kind: 'unknown' };
    const request = await this.prisma.updateRequest.findUnique({
      where: { tokenHash: hashToken(token) },
      include: requestForForm,
    });
    if (!request) return { kind: 'unknown' };
    if (request.state === 'REVOKED' || request.expiresAt <= now) return { kind: 'expired' };
    return { kind: 'open', request };
  }

  /** The most recent update recorded against a request (a lead may revise until the period closes). */
  async latestUpdate(requestId: string) {
    return this.prisma.update.findFirst({
      where: { updateRequestId: requestId },
      orderBy: { submittedAt: 'desc' },
    });
  }

  async markOpened(requestId: string): Promise<void> {
    await this.prisma.updateRequest.updateMany({
      where: { id: requestId, openedAt: null },
      data: { openedAt: new Date() },
    });
  }

  /**
   * Records what a lead submitted, in one transaction: the update, the request answered, the action's
   * status, and the audit event. Returns null when the link stopped working meanwhile (nothing recorded).
   */
  async recordLeadUpdate(
    token: string,
    input: LeadUpdate,
    rawSource: unknown,
  ): Promise<RecordedUpdate | null> {
    const found = await this.lookUp(token);
    if (found.kind !== 'open') return null;
    const { request } = found;
    const now = new Date();

    return this.prisma.$transaction(async (tx) => {
      // Lock the request row so a concurrent submission or a revocation is serialised with this one.
      const [locked] = await tx.$queryRaw<{ state: string; expiresAt: Date }[]>`
        SELECT state, "expiresAt" FROM "UpdateRequest" WHERE id = ${request.id}::uuid FOR UPDATE`;
      if (!locked || locked.state === 'REVOKED' || locked.expiresAt <= now) return null;

      const before = await tx.action.findUniqueOrThrow({
        where: { id: request.actionId },
        select: { status: true, percentComplete: true, lastUpdateAt: true },
      });
      const update = await tx.update.create({
        data: {
          partnershipId: request.partnershipId,
          actionId: request.actionId,
          updateRequestId: request.id,
          channel: 'FORM',
          submittedByContactId: request.leadContactId,
          status: input.status,
          percentComplete: input.percentComplete ?? null,
          commentary: input.commentary,
          blockers: input.blockers ?? null,
          rawSource: rawSource as Prisma.InputJsonValue,
          submittedAt: now,
        },
      });
      await tx.updateRequest.update({
        where: { id: request.id },
        data: { state: 'ANSWERED', answeredAt: request.answeredAt ?? now },
      });
      const after = await tx.action.update({
        where: { id: request.actionId },
        data: {
          status: input.status,
          percentComplete: input.percentComplete ?? before.percentComplete,
          lastUpdateAt: now,
        },
        select: { status: true, percentComplete: true, lastUpdateAt: true },
      });
      await this.audit.record(
        {
          partnershipId: request.partnershipId,
          actor: { type: 'LEAD', id: request.leadContactId },
          event: 'update.submitted',
          entityType: 'Action',
          entityId: request.actionId,
          channel: 'form',
          before,
          after: { ...after, updateId: update.id, requestId: request.id },
        },
        tx,
      );
      this.logger.log(`Update ${update.id} recorded for action ${request.actionId} (${request.periodKey})`);
      return {
        updateId: update.id,
        requestId: request.id,
        actionId: request.actionId,
        status: update.status,
        percentComplete: update.percentComplete,
        submittedAt: update.submittedAt.toISOString(),
      };
    });
  }
}
