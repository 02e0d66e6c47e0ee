import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@waymark/audit';
import {
  kpiPeriod,
  kpiPeriodLabel,
  kpiPeriodsEndingWithin,
  parseKpiPeriod,
  previousKpiPeriod,
} from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { KpiFormFigure } from '@waymark/contracts';
import { Kpi, Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import { chasePolicyOf, escalationRecipient, ladder, nudgeVerdict } from '@waymark/chasing';
import type { ChasePolicy } from '@waymark/contracts';
import {
  Outbox,
  ReplyAddresses,
  kpiValueEscalationEmail,
  kpiValueReminderEmail,
  kpiValueRequestEmail,
  renderEmail,
} from '@waymark/mail';
import { LinkLookup, deriveToken, hashToken, lookUpLink, newTokenNonce } from '@waymark/update-requests';
import type {
  ChaseEmailResult,
  ChaseStep,
  KpiCollectionActivities,
  KpiCollectionInput,
  OpenedKpiRequest,
} from '@waymark/workflows';
import { periodRecords } from './kpi-ledger';
import { KpiValuesService, RecordedValues } from './kpi-values.service';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Late figures and corrections are still taken for this long after the deadline. */
const LATE_FIGURES_DAYS = 28;

const UNIT_LABELS: Record<Kpi['unit'], string> = {
  COUNT: 'count',
  PERCENTAGE: 'percentage',
  RATE_PER_1000: 'rate per 1,000 population',
  MONEY: 'money (£)',
  DAYS: 'days',
};

const requestForForm = {
  partnership: true,
  dataOwner: { include: { organisation: true, manager: true } },
  items: { include: { kpi: true }, orderBy: [{ kpi: { code: 'asc' } }, { periodKey: 'asc' }] },
} satisfies Prisma.KpiValueRequestInclude;

type ChaseInput = Parameters<KpiCollectionActivities['sendKpiChaseEmail']>[0];

export type KpiRequestForForm = Prisma.KpiValueRequestGetPayload<{ include: typeof requestForForm }>;

/** A figure asked for: a KPI and one of its periods. */
export interface AskedFigure {
  kpiId: string;
  periodKey: string;
  kpi: Kpi;
}

/** One line of the data owner's form: what is asked, the figure already held, the one before. */
export interface FormItem {
  kpiId: string;
  code: string;
  name: string;
  description: string | null;
  unit: string;
  periodKey: string;
  periodLabel: string;
  current: { value: number | null; note: string | null } | null;
  previous: { label: string; value: number } | null;
}

/**
 * Asking data owners for KPI values: one request per data owner per collection period, listing every
 * figure due from them, with its own secure link (the same token scheme as update requests). Shared by
 * the worker's activities (open, send, expire) and the API's form (look up, submit).
 */
@Injectable()
export class KpiValueRequestsService {
  private readonly logger = new Logger(KpiValueRequestsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly values: KpiValuesService,
    private readonly replies: ReplyAddresses,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /**
   * Finds or creates this period's request for every data owner with entered (not derived) KPIs due:
   * the KPI periods that end within the collection period. Safe to call any number of times.
   */
  async openAll(input: KpiCollectionInput): Promise<OpenedKpiRequest[]> {
    const collection = kpiPeriod(input.periodKey);
    const kpis = await this.prisma.kpi.findMany({
      where: {
        partnershipId: input.partnershipId,
        archivedAt: null,
        formula: null,
        dataOwner: { is: { archivedAt: null } },
      },
      orderBy: { code: 'asc' },
    });
    const byOwner = new Map<string, { kpiId: string; periodKey: string }[]>();
    for (const kpi of kpis) {
      const due = kpiPeriodsEndingWithin(kpi.frequency, collection.firstMonth, collection.lastMonth);
      if (due.length === 0) continue;
      const items = byOwner.get(kpi.dataOwnerContactId as string) ?? [];
      byOwner.set(kpi.dataOwnerContactId as string, [
        ...items,
        ...due.map((p) => ({ kpiId: kpi.id, periodKey: p.key })),
      ]);
    }
    const opened: OpenedKpiRequest[] = [];
    for (const [dataOwnerContactId, items] of byOwner) {
      const request = await this.openOne(input, dataOwnerContactId, items);
      opened.push({ requestId: request.id, dataOwnerContactId, answered: request.state === 'ANSWERED' });
    }
    return opened;
  }

  private async openOne(
    input: KpiCollectionInput,
    dataOwnerContactId: string,
    items: { kpiId: string; periodKey: string }[],
  ) {
    const where = {
      partnershipId_periodKey_dataOwnerContactId: {
        partnershipId: input.partnershipId,
        periodKey: input.periodKey,
        dataOwnerContactId,
      },
    };
    const existing = await this.prisma.kpiValueRequest.findUnique({ where });
    if (existing) return existing;
    const respondBy = new Date(input.respondBy);
    const nonce = newTokenNonce();
    try {
      return await this.prisma.$transaction(async (tx) => {
        const id = crypto.randomUUID();
        const created = await tx.kpiValueRequest.create({
          data: {
            id,
            partnershipId: input.partnershipId,
            periodKey: input.periodKey,
            dataOwnerContactId,
            respondBy,
            expiresAt: new Date(respondBy.getTime() + LATE_FIGURES_DAYS * DAY_MS),
            tokenNonce: nonce,
            tokenHash: hashToken(deriveToken(this.config.LINK_SECRET, id, nonce)),
            items: { create: items },
          },
        });
        await this.audit.record(
          {
            partnershipId: input.partnershipId,
            actor: { type: 'WORKFLOW', id: `kpi-collection/${input.partnershipId}/${input.periodKey}` },
            event: 'kpi-value-request.opened',
            entityType: 'KpiValueRequest',
            entityId: id,
            channel: 'workflow',
            after: { dataOwnerContactId, periodKey: input.periodKey, respondBy, items },
          },
          tx,
        );
        return created;
      });
    } catch (error) {
      // Another execution of the same activity created it first: use theirs.
      if (!isUniqueViolation(error)) throw error;
      return this.prisma.kpiValueRequest.findUniqueOrThrow({ where });
    }
  }

  /** Emails the request to its data owner, once: a retried or replayed call finds the outbox row. */
  async send(requestId: string): Promise<{ outcome: 'sent' | 'already-sent' | 'not-open' }> {
    const request = await this.prisma.kpiValueRequest.findUniqueOrThrow({
      where: { id: requestId },
      include: requestForForm,
    });
    if (request.state !== 'OPEN') return { outcome: 'not-open' };
    const token = deriveToken(this.config.LINK_SECRET, request.id, request.tokenNonce);
    const idempotencyKey = `kpi-value-request/${request.id}/initial`;
    const result = await this.outbox.deliverOnce({
      idempotencyKey,
      kind: 'kpi-value-request',
      to: request.dataOwner.email,
      partnershipId: request.partnershipId,
      render: async () => ({
        replyTo: await this.replyAddressFor(request, idempotencyKey),
        ...renderEmail(kpiValueRequestEmail, this.requestContext(request, token)),
      }),
    });
    if (result.outcome === 'sent') {
      await this.prisma.$transaction(async (tx) => {
        await tx.kpiValueRequest.update({ where: { id: request.id }, data: { sentAt: new Date() } });
        await this.audit.record(
          {
            partnershipId: request.partnershipId,
            actor: { type: 'WORKFLOW', id: `kpi-collection/${request.partnershipId}/${request.periodKey}` },
            event: 'kpi-value-request.sent',
            entityType: 'KpiValueRequest',
            entityId: request.id,
            channel: 'email',
            after: { to: request.dataOwner.email, messageId: result.messageId },
          },
          tx,
        );
      });
    }
    return { outcome: result.outcome };
  }

  /** What the request email, and every reminder after it, tells the data owner. */
  /** The email's own reply address: a reply to it is matched to this request (DESIGN.md, "Answering"). */
  private replyAddressFor(request: KpiRequestForForm, idempotencyKey: string): Promise<string> {
    return this.replies.issue({
      kpiValueRequestId: request.id,
      partnershipId: request.partnershipId,
      messageId: this.outbox.messageIdFor(idempotencyKey),
    });
  }

  private requestContext(request: KpiRequestForForm, token: string) {
    return {
      ownerName: request.dataOwner.name,
      partnershipName: request.partnership.name,
      periodLabel: kpiPeriodLabel(kpiPeriod(request.periodKey)),
      deadline: request.respondBy.toISOString(),
      coordinatorEmail: request.partnership.coordinatorEmail,
      link: this.linkFor(token),
      figures: request.items.map((item) => ({
        code: item.kpi.code,
        name: item.kpi.name,
        periodLabel: kpiPeriodLabel(kpiPeriod(item.periodKey, item.kpi.frequency)),
        unit: UNIT_LABELS[item.kpi.unit],
      })),
    };
  }

  /**
   * The partnership's chase policy: its current strategy's (the one that started last), else the defaults.
   * Data owners are chased on the same ladder, quiet hours and weekly cap as action leads.
   */
  private async policyFor(partnershipId: string): Promise<ChasePolicy> {
    const strategy = await this.prisma.strategy.findFirst({
      where: { partnershipId },
      orderBy: { periodStart: 'desc' },
    });
    return chasePolicyOf(strategy?.chasePolicy);
  }

  /** The period's reminders and escalations, relative to the deadline, while the links still work. */
  async planChase(input: KpiCollectionInput, now = new Date()): Promise<ChaseStep[]> {
    const policy = await this.policyFor(input.partnershipId);
    const deadline = new Date(input.respondBy);
    const expiresAt = new Date(deadline.getTime() + LATE_FIGURES_DAYS * DAY_MS);
    return ladder(policy, deadline)
      .filter((step) => step.at > now && step.at < expiresAt)
      .map((step) => ({ ...step, at: step.at.toISOString() }));
  }

  /**
   * One reminder (to the data owner) or escalation (to their manager, the coordinator or the board chair)
   * about a request still unanswered; at most once per step (outbox key `kpi-value-request/<id>/<step>`).
   */
  async chase(input: ChaseInput, now = new Date()): Promise<ChaseEmailResult> {
    const request = await this.prisma.kpiValueRequest.findUniqueOrThrow({
      where: { id: input.requestId },
      include: requestForForm,
    });
    const key = `kpi-value-request/${request.id}/${input.step}`;
    // Answered (even if the signal was lost), revoked or expired for good: nobody is chased.
    if (request.answeredAt !== null || request.state === 'REVOKED' || request.expiresAt <= now)
      return { outcome: 'nothing-to-send' };
    const previous = await this.prisma.outboundEmail.findUnique({ where: { idempotencyKey: key } });
    if (previous?.status === 'SENT') return { outcome: 'already-sent' };

    const owner = request.dataOwner;
    const actor = {
      type: 'WORKFLOW' as const,
      id: `kpi-collection/${request.partnershipId}/${request.periodKey}`,
    };
    const record = (event: string, after: object, tx?: Prisma.TransactionClient) =>
      this.audit.record(
        {
          partnershipId: request.partnershipId,
          actor,
          event,
          entityType: 'KpiValueRequest',
          entityId: request.id,
          channel: event.endsWith('-sent') ? 'email' : 'workflow',
          after,
        },
        tx,
      );
    const recipient =
      input.kind === 'escalation'
        ? await escalationRecipient(this.prisma, input.to!, owner, request.partnership)
        : owner;
    if (!recipient) {
      await record('kpi-value-request.escalation-skipped', {
        step: input.step,
        reason: `no ${input.to} on record`,
      });
      return { outcome: 'nothing-to-send' };
    }
    const limit = await nudgeVerdict(
      this.prisma,
      await this.policyFor(request.partnershipId),
      recipient.email,
      now,
    );
    if (limit.verdict === 'deferred') return { outcome: 'deferred', retryAt: limit.retryAt.toISOString() };
    if (limit.verdict === 'capped') {
      await record('kpi-value-request.capped', {
        step: input.step,
        to: recipient.email,
        sentThisWeek: limit.sentThisWeek,
      });
      return { outcome: 'capped' };
    }

    const token = deriveToken(this.config.LINK_SECRET, request.id, request.tokenNonce);
    const context = this.requestContext(request, token);
    const result = await this.outbox.deliverOnce({
      idempotencyKey: key,
      kind: input.kind === 'escalation' ? 'kpi-value-escalation' : 'kpi-value-reminder',
      to: recipient.email,
      partnershipId: request.partnershipId,
      render: async () =>
        input.kind === 'escalation'
          ? renderEmail(kpiValueEscalationEmail, {
              recipientName: recipient.name,
              role: input.to!,
              ownerName: owner.name,
              ownerOrganisation: owner.organisation?.name ?? null,
              ownerEmail: owner.email,
              partnershipName: context.partnershipName,
              periodLabel: context.periodLabel,
              deadline: context.deadline,
              chased: await this.chasedSoFar(request.id, owner.email),
              figures: context.figures,
              coordinatorEmail: context.coordinatorEmail,
            })
          : {
              replyTo: await this.replyAddressFor(request, key),
              ...renderEmail(kpiValueReminderEmail, {
                ...context,
                firstAskedOn: (request.sentAt ?? request.createdAt).toISOString(),
              }),
            },
      onSent: (tx, messageId) =>
        record(
          `kpi-value-request.${input.kind}-sent`,
          { step: input.step, to: recipient.email, messageId },
          tx,
        ),
    });
    return { outcome: result.outcome };
  }

  /** Every email the data owner had about this request, oldest first, for an escalation to list. */
  private async chasedSoFar(requestId: string, ownerEmail: string) {
    const sent = await this.prisma.outboundEmail.findMany({
      where: {
        idempotencyKey: { startsWith: `kpi-value-request/${requestId}/` },
        toAddress: ownerEmail,
        status: 'SENT',
      },
      orderBy: { sentAt: 'asc' },
    });
    return sent.map((e) => ({
      on: (e.sentAt ?? e.createdAt).toISOString(),
      what: e.kind === 'kpi-value-request' ? 'Asked for the figures' : 'Reminded',
    }));
  }

  linkFor(token: string): string {
    return `${this.config.PUBLIC_BASE_URL}/k/${token}`;
  }

  /** Closes a request that was not answered by its deadline. Returns whether it had been answered. */
  async expireIfUnanswered(requestId: string): Promise<{ answered: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const request = await tx.kpiValueRequest.findUniqueOrThrow({ where: { id: requestId } });
      const changed = await tx.kpiValueRequest.updateMany({
        where: { id: requestId, state: 'OPEN' },
        data: { state: 'EXPIRED' },
      });
      if (changed.count === 0) return { answered: request.state === 'ANSWERED' };
      await this.audit.record(
        {
          partnershipId: request.partnershipId,
          actor: { type: 'WORKFLOW', id: `kpi-collection/${request.partnershipId}/${request.periodKey}` },
          event: 'kpi-value-request.unanswered',
          entityType: 'KpiValueRequest',
          entityId: requestId,
          channel: 'workflow',
          before: { state: 'OPEN' },
          after: { state: 'EXPIRED' },
        },
        tx,
      );
      return { answered: false };
    });
  }

  /**
   * Resolves a secure link. A request stays answerable (and revisable) until it expires, even after its
   * deadline passed unanswered; unknown and expired tokens reveal nothing.
   */
  lookUp(token: string, now = new Date()): Promise<LinkLookup<KpiRequestForForm>> {
    return lookUpLink(token, now, (tokenHash) =>
      this.prisma.kpiValueRequest.findUnique({ where: { tokenHash }, include: requestForForm }),
    );
  }

  async markOpened(requestId: string): Promise<void> {
    await this.prisma.kpiValueRequest.updateMany({
      where: { id: requestId, openedAt: null },
      data: { openedAt: new Date() },
    });
  }

  /**
   * The figures an action's lead is asked for with their update: the entered (not derived) KPIs linked
   * to the action whose data owner is the lead, or that have no data owner, for each of their periods
   * ending within the reporting period.
   */
  async askedOfLead(request: {
    actionId: string;
    leadContactId: string;
    periodKey: string;
  }): Promise<AskedFigure[]> {
    const reporting = parseKpiPeriod(request.periodKey);
    if (!reporting) return [];
    const links = await this.prisma.actionKpi.findMany({
      where: {
        actionId: request.actionId,
        kpi: {
          archivedAt: null,
          formula: null,
          OR: [{ dataOwnerContactId: request.leadContactId }, { dataOwnerContactId: null }],
        },
      },
      include: { kpi: true },
      orderBy: { kpi: { code: 'asc' } },
    });
    return links.flatMap(({ kpi }) =>
      kpiPeriodsEndingWithin(kpi.frequency, reporting.firstMonth, reporting.lastMonth).map((period) => ({
        kpiId: kpi.id,
        periodKey: period.key,
        kpi,
      })),
    );
  }

  /**
   * The form's lines, with the figures already held for each period and the one before: for a data
   * owner's request, or for the figures an action's lead is asked for with their update.
   */
  async formItems(request: { items: AskedFigure[] }): Promise<FormItem[]> {
    if (request.items.length === 0) return [];
    const periods = request.items.map((item) => {
      const period = kpiPeriod(item.periodKey, item.kpi.frequency);
      return { item, period, before: previousKpiPeriod(period) };
    });
    const rows = await this.prisma.kpiValue.findMany({
      where: {
        OR: periods.map((p) => ({ kpiId: p.item.kpiId, periodKey: { in: [p.period.key, p.before.key] } })),
      },
    });
    const accepted = (kpiId: string, periodKey: string) =>
      periodRecords(rows.filter((r) => r.kpiId === kpiId)).get(periodKey)?.accepted;
    return periods.map(({ item, period, before }) => {
      const current = accepted(item.kpiId, period.key);
      const previous = accepted(item.kpiId, before.key)?.value;
      return {
        kpiId: item.kpiId,
        code: item.kpi.code,
        name: item.kpi.name,
        description: item.kpi.description,
        unit: UNIT_LABELS[item.kpi.unit],
        periodKey: period.key,
        periodLabel: kpiPeriodLabel(period),
        current: current ? { value: current.value?.toNumber() ?? null, note: current.note } : null,
        previous: previous ? { label: kpiPeriodLabel(before), value: previous.toNumber() } : null,
      };
    });
  }

  /**
   * Records what a data owner submitted, all or nothing, in one transaction: the values (revisions where
   * figures were held), the derived KPIs recomputed, the request answered, the audit events. Returns
   * null when the link stopped working meanwhile (nothing recorded); throws KpiValuesRefused with
   * `item-<n>-<field>` names when a figure is refused.
   */
  async submit(
    token: string,
    figures: KpiFormFigure[],
    via: { channel: 'form' | 'email'; alongside?: (tx: Prisma.TransactionClient) => Promise<void> } = {
      channel: 'form',
    },
  ): Promise<RecordedValues | null> {
    const found = await this.lookUp(token);
    if (found.kind !== 'open') return null;
    const { request } = found;
    if (figures.length !== request.items.length) throw new Error('The form does not match the request');
    const recorded = await this.values.record(
      request.partnershipId,
      request.items.map((item, index) => ({
        kpiId: item.kpiId,
        periodKey: item.periodKey,
        value: figures[index].value,
        status: 'PROVISIONAL',
        note: figures[index].note,
        reason: `Sent again by the data owner ${via.channel === 'form' ? 'through the values form' : 'by email'}`,
        settles: false,
        source: null,
        exceptional: false,
        seriesBreak: false,
      })),
      {
        actor: { type: 'LEAD', id: request.dataOwnerContactId },
        enteredBy: request.dataOwnerContactId,
        channel: via.channel,
        valueRequestId: request.id,
      },
      {
        fieldName: (index, field) => `item-${index}-${field}`,
        alongside: async (tx) => {
          await tx.kpiValueRequest.update({
            where: { id: request.id },
            data: { state: 'ANSWERED', answeredAt: request.answeredAt ?? new Date() },
          });
          await this.audit.record(
            {
              partnershipId: request.partnershipId,
              actor: { type: 'LEAD', id: request.dataOwnerContactId },
              event: 'kpi-value-request.answered',
              entityType: 'KpiValueRequest',
              entityId: request.id,
              channel: via.channel,
              before: { state: request.state },
              after: { state: 'ANSWERED' },
            },
            tx,
          );
          await via.alongside?.(tx);
        },
      },
    );
    this.logger.log(`KPI values recorded for request ${request.id} (${request.periodKey})`);
    return recorded;
  }
}
