import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@waymark/audit';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { LeadUpdate } from '@waymark/contracts';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import { actionLeads, leadToAsk } from './lead-to-ask';
import { LinkLookup, deriveToken, hashToken, lookUpLink, newTokenNonce } from './secure-link';

const requestForForm = {
  action: { include: { strategy: { include: { partnership: true } } } },
  leadContact: { include: { organisation: true } },
} satisfies Prisma.UpdateRequestInclude;

/** Figures and evidence recorded with an update can wait for a lock (KPIs) and take a while to write. */
const ALONGSIDE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

/** The update row as recorded, for writes that belong with it. */
export type UpdateRecord = Prisma.UpdateGetPayload<object>;

export type RequestForForm = Prisma.UpdateRequestGetPayload<{ include: typeof requestForForm }>;

/** An action loaded with whom to ask (`actionLeads`): what opening its request needs. */
export type ActionToOpen = Prisma.ActionGetPayload<{ include: typeof actionLeads }>;

export interface RecordedUpdate {
  updateId: string;
  requestId: string;
  actionId: string;
  status: string;
  percentComplete: number | null;
  submittedAt: string;
  proposedDueDate: string | null;
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
    private readonly audit: AuditLog,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /**
   * Finds or creates the action's request for this period and its current lead, and the lead's chase for
   * the period. Safe to call any number of times. A request revoked by a reassignment back to the same
   * lead is reopened with a new link.
   */
  async open(
    actionOrId: string | ActionToOpen,
    period: { periodKey: string; deadline: Date; periodEnd: Date },
  ): Promise<{ requestId: string; leadContactId: string; answered: boolean }> {
    const action =
      typeof actionOrId === 'string'
        ? await this.prisma.action.findUniqueOrThrow({ where: { id: actionOrId }, include: actionLeads })
        : actionOrId;
    const actionId = action.id;
    // Its lead contact; or, until it has one, its lead organisation's default contact.
    const lead = leadToAsk(action);
    if (!lead) throw new Error(`Action ${actionId} has no lead to ask`);
    const leadContactId = lead.contactId;
    const key = {
      actionId_periodKey_leadContactId: { actionId, periodKey: period.periodKey, leadContactId },
    };
    const existing = await this.prisma.updateRequest.findUnique({ where: key });
    if (existing && existing.state !== 'REVOKED') {
      return { requestId: existing.id, leadContactId, answered: existing.state === 'ANSWERED' };
    }
    const chaseId = await this.leadChaseId(action.partnershipId, leadContactId, period.periodKey);
    const id = existing?.id ?? crypto.randomUUID();
    const nonce = newTokenNonce();
    const fields = {
      respondBy: period.deadline,
      periodEnd: period.periodEnd,
      expiresAt: period.periodEnd,
      tokenNonce: nonce,
      tokenHash: hashToken(deriveToken(this.config.LINK_SECRET, id, nonce)),
      state: 'OPEN' as const,
      revokedAt: null,
      chaseId,
    };
    try {
      await this.prisma.$transaction(async (tx) => {
        if (existing) await tx.updateRequest.update({ where: { id }, data: fields });
        else {
          await tx.updateRequest.create({
            data: {
              id,
              partnershipId: action.partnershipId,
              actionId,
              leadContactId,
              periodKey: period.periodKey,
              ...fields,
            },
          });
        }
        await this.audit.record(
          {
            partnershipId: action.partnershipId,
            actor: { type: 'WORKFLOW', id: `action/${actionId}` },
            event: existing ? 'update-request.reopened' : 'update-request.opened',
            entityType: 'UpdateRequest',
            entityId: id,
            channel: 'workflow',
            after: {
              actionId,
              leadContactId,
              periodKey: period.periodKey,
              respondBy: period.deadline,
              expiresAt: period.periodEnd,
            },
          },
          tx,
        );
      });
    } catch (error) {
      // Another execution of the same activity created it first: use theirs.
      if (!isUniqueViolation(error)) throw error;
      const request = await this.prisma.updateRequest.findUniqueOrThrow({ where: key });
      return { requestId: request.id, leadContactId, answered: request.state === 'ANSWERED' };
    }
    return { requestId: id, leadContactId, answered: false };
  }

  /**
   * The lead's chase for the period, created by the first of their requests to open: one statement, as the
   * lead's other actions open theirs at the same moment (INSERT … ON CONFLICT). The conflict's update
   * changes nothing; it is there so that RETURNING gives the existing row's id too.
   */
  private async leadChaseId(
    partnershipId: string,
    leadContactId: string,
    periodKey: string,
  ): Promise<string> {
    const [chase] = await this.prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO "LeadChase" ("id", "partnershipId", "leadContactId", "periodKey")
      VALUES (${crypto.randomUUID()}::uuid, ${partnershipId}::uuid, ${leadContactId}::uuid, ${periodKey})
      ON CONFLICT ("leadContactId", "periodKey") DO UPDATE SET "periodKey" = EXCLUDED."periodKey"
      RETURNING "id"`;
    return chase.id;
  }

  async get(requestId: string) {
    return this.prisma.updateRequest.findUniqueOrThrow({ where: { id: requestId } });
  }

  /** A request with what its form and its emails show (action, partnership, lead). */
  async getForForm(requestId: string): Promise<RequestForForm> {
    return this.prisma.updateRequest.findUniqueOrThrow({ where: { id: requestId }, include: requestForForm });
  }

  /** The secure link of a request, derived again from its nonce (links are never stored). */
  linkForRequest(request: { id: string; tokenNonce: string }): string {
    return this.linkFor(deriveToken(this.config.LINK_SECRET, request.id, request.tokenNonce));
  }

  linkFor(token: string): string {
    return `${this.config.PUBLIC_BASE_URL}/u/${token}`;
  }

  /** Closes a request still unanswered when its period ends. Returns whether it had been answered. */
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
          event: 'update-request.expired',
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
  lookUp(token: string, now = new Date()): Promise<LinkLookup<RequestForForm>> {
    return lookUpLink(token, now, (tokenHash) =>
      this.prisma.updateRequest.findUnique({ where: { tokenHash }, include: requestForForm }),
    );
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
   * status, the audit event, and whatever `alongside` writes with it (evidence, KPI figures); if that
   * throws, nothing is recorded. Returns null when the link stopped working meanwhile (nothing recorded).
   */
  async recordLeadUpdate(
    token: string,
    input: LeadUpdate,
    rawSource: unknown,
    alongside?: (tx: Prisma.TransactionClient, update: UpdateRecord) => Promise<void>,
  ): Promise<RecordedUpdate | null> {
    const found = await this.lookUp(token);
    if (found.kind !== 'open') return null;
    const { request } = found;
    return this.prisma.$transaction(
      (tx) => this.recordIn(tx, request, input, rawSource, 'FORM', alongside),
      ALONGSIDE_TRANSACTION,
    );
  }

  /**
   * Records an update in the caller's transaction, so that an email reply answering several requests
   * records all of them or none. Returns null when the request stopped being answerable.
   */
  async recordIn(
    tx: Prisma.TransactionClient,
    request: Pick<
      RequestForForm,
      'id' | 'partnershipId' | 'actionId' | 'leadContactId' | 'periodKey' | 'answeredAt'
    >,
    input: LeadUpdate,
    rawSource: unknown,
    channel: 'FORM' | 'EMAIL_REPLY' | 'SPREADSHEET',
    alongside?: (tx: Prisma.TransactionClient, update: UpdateRecord) => Promise<void>,
  ): Promise<RecordedUpdate | null> {
    const now = new Date();
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
        channel,
        submittedByContactId: request.leadContactId,
        status: input.status,
        percentComplete: input.percentComplete ?? null,
        commentary: input.commentary,
        blockers: input.blockers ?? null,
        proposedDueDate: input.proposedDueDate ? new Date(`${input.proposedDueDate}T00:00:00Z`) : null,
        proposedDueDateReason: input.proposedDueDate ? (input.proposedDueDateReason ?? null) : null,
        // A proposed date waits for the coordinator: the chase follows it only once approved.
        approvalState: input.proposedDueDate ? 'PENDING' : 'NOT_REQUIRED',
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
        channel: channel === 'FORM' ? 'form' : 'email',
        before,
        after: { ...after, updateId: update.id, requestId: request.id },
      },
      tx,
    );
    await alongside?.(tx, update);
    this.logger.log(`Update ${update.id} recorded for action ${request.actionId} (${request.periodKey})`);
    return {
      updateId: update.id,
      requestId: request.id,
      actionId: request.actionId,
      status: update.status,
      percentComplete: update.percentComplete,
      submittedAt: update.submittedAt.toISOString(),
      proposedDueDate: input.proposedDueDate ?? null,
    };
  }
}
