import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@waymark/audit';
import {
  kpiEntryPeriodsEndingWithin,
  kpiPeriod,
  kpiPeriodDates,
  kpiPeriodLabel,
  parseKpiPeriod,
} from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { KpiFormFigure } from '@waymark/contracts';
import { Kpi, Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import { LinkLookup, deriveToken, hashToken, lookUpLink, newTokenNonce } from '@waymark/update-requests';
import type { KpiCollectionInput, OpenedKpiRequest } from '@waymark/workflows';
import { periodRecords } from './kpi-ledger';
import { KpiValuesService, RecordedValues } from './kpi-values.service';

/** Late figures and corrections are still taken for this long after the deadline (28 days). */
export const LATE_FIGURES_MS = 28 * 24 * 60 * 60 * 1000;

export const UNIT_LABELS: Record<Kpi['unit'], string> = {
  COUNT: 'count',
  PERCENTAGE: 'percentage',
  RATE_PER_1000: 'rate per 1,000 population',
  MONEY: 'money (£)',
  DAYS: 'days',
};

export const kpiRequestForForm = {
  partnership: true,
  dataOwner: { include: { organisation: true, manager: true } },
  items: { include: { kpi: true }, orderBy: [{ kpi: { code: 'asc' } }, { periodKey: 'asc' }] },
} satisfies Prisma.KpiValueRequestInclude;

export type KpiRequestForForm = Prisma.KpiValueRequestGetPayload<{ include: typeof kpiRequestForForm }>;

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
 * the worker's activities (open, expire) and the API's form (look up, submit); emailing and chasing the
 * request is KpiValueChase's.
 */
@Injectable()
export class KpiValueRequestsService {
  private readonly logger = new Logger(KpiValueRequestsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    private readonly values: KpiValuesService,
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
      const due = kpiEntryPeriodsEndingWithin(
        { frequency: kpi.frequency, cadence: kpi.entryCadence },
        collection.firstMonth,
        collection.lastMonth,
      );
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
            expiresAt: new Date(respondBy.getTime() + LATE_FIGURES_MS),
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
            after: {
              dataOwnerContactId,
              periodKey: input.periodKey,
              respondBy,
              items,
              ...(input.startedBy ? { startedBy: input.startedBy } : {}),
            },
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
      this.prisma.kpiValueRequest.findUnique({ where: { tokenHash }, include: kpiRequestForForm }),
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
      kpiEntryPeriodsEndingWithin(
        { frequency: kpi.frequency, cadence: kpi.entryCadence },
        reporting.firstMonth,
        reporting.lastMonth,
      ).map((period) => ({
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
    const periods = request.items.map((item) => ({
      item,
      period: kpiPeriod(item.periodKey, item.kpi.frequency),
    }));
    // This period's rows and every earlier one's: the figure shown beside is the one before it that the series
    // has (a year before, for a figure entered yearly).
    const rows = await this.prisma.kpiValue.findMany({
      where: {
        OR: periods.map((p) => ({
          kpiId: p.item.kpiId,
          periodEnd: { lte: new Date(`${kpiPeriodDates(p.period).last}T00:00:00Z`) },
        })),
      },
    });
    return periods.map(({ item, period }) => {
      const records = periodRecords(rows.filter((r) => r.kpiId === item.kpiId));
      const current = records.get(period.key)?.accepted;
      const earlier = [...records.values()]
        .map((r) => ({
          period: kpiPeriod(r.periodKey, item.kpi.frequency),
          value: r.accepted?.value ?? null,
        }))
        .filter((r) => r.value !== null && r.period.lastMonth < period.lastMonth)
        .sort((a, b) => b.period.lastMonth - a.period.lastMonth)[0];
      return {
        kpiId: item.kpiId,
        code: item.kpi.code,
        name: item.kpi.name,
        description: item.kpi.description,
        unit: UNIT_LABELS[item.kpi.unit],
        periodKey: period.key,
        periodLabel: kpiPeriodLabel(period),
        current: current ? { value: current.value?.toNumber() ?? null, note: current.note } : null,
        previous: earlier
          ? { label: kpiPeriodLabel(earlier.period), value: earlier.value!.toNumber() }
          : null,
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
