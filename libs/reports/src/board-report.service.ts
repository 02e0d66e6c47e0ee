import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { type Cadence, londonIsoDate, reportingPeriodAt, reportingPeriodByKey } from '@waymark/calendar';
import { PrismaService } from '@waymark/db';
import { ragRuleOf } from '@waymark/kpis';
import { type BoardReportAssessment, assessBoardReport } from './board-report.assess';
import type { BoardReportData, ReportAction, ReportKpiValue } from './board-report.data';
import { writeBoardReport } from './board-report.workbook';
import { reviewClock } from '@waymark/strategies';

export interface BoardReportRequest {
  /** A reporting period key ("2026-27-Q3", "2026-11"); default: the strategy's current period. */
  periodKey?: string;
  /** The figures are taken at this instant, or at the end of the period if that came first. */
  now?: Date;
  meeting?: { boardName: string; meetsOn: Date } | null;
}

export interface BuiltBoardReport {
  fileName: string;
  content: Buffer;
  data: BoardReportData;
  assessment: BoardReportAssessment;
}

/**
 * Builds the board progress report for a strategy: reads a snapshot of the action plan and KPIs as they
 * stood at one instant, then writes the workbook. Used by the API (download on demand) and by the worker
 * (the report sent before each board meeting).
 */
@Injectable()
export class BoardReportService {
  constructor(private readonly prisma: PrismaService) {}

  async build(strategyId: string, request: BoardReportRequest = {}): Promise<BuiltBoardReport> {
    const data = await this.snapshot(strategyId, request);
    const assessment = assessBoardReport(data);
    const content = await writeBoardReport(data, assessment);
    return { fileName: fileNameFor(data), content, data, assessment };
  }

  /** The strategy's action plan and KPIs as they stood at the as-at instant, for one reporting period. */
  async snapshot(strategyId: string, request: BoardReportRequest = {}): Promise<BoardReportData> {
    const now = request.now ?? new Date();
    const strategy = await this.prisma.strategy.findUnique({
      where: { id: strategyId },
      include: { partnership: true, priorities: { orderBy: [{ position: 'asc' }, { ref: 'asc' }] } },
    });
    if (!strategy) throw new NotFoundException(`No strategy ${strategyId}`);
    const cadence: Cadence = strategy.reportingCadence === 'MONTHLY' ? 'MONTHLY' : 'QUARTERLY';
    const period = request.periodKey
      ? reportingPeriodByKey(request.periodKey)
      : reportingPeriodAt(now, cadence);
    if (!period) {
      throw new BadRequestException(
        `"${request.periodKey}" is not a reporting period: use a financial-year quarter such as 2026-27-Q3, or a month such as 2026-11`,
      );
    }
    if (period.start > now) throw new BadRequestException(`${period.label} has not started yet`);
    const asOf = new Date(Math.min(now.getTime(), period.end.getTime() - 1));

    const [actions, updates, evidence, kpis, publications] = await Promise.all([
      this.actions(strategyId, period, asOf),
      this.updates(strategyId, period, asOf),
      this.evidence(strategyId, asOf),
      this.kpis(strategy.partnershipId, strategyId, period.end, asOf),
      this.prisma.strategyPublication.findMany({ where: { strategyId }, select: { publishedOn: true } }),
    ]);
    const isoDay = (date: Date) => date.toISOString().slice(0, 10);
    return {
      partnershipName: strategy.partnership.name,
      strategy: { id: strategy.id, title: strategy.title },
      reviewClock: strategy.firstPublishedOn
        ? reviewClock(
            isoDay(strategy.firstPublishedOn),
            publications.map((p) => isoDay(p.publishedOn)),
            londonIsoDate(asOf),
          )
        : null,
      period: { key: period.key, label: period.label, start: period.start, end: period.end },
      asOf,
      meeting: request.meeting ?? null,
      priorities: strategy.priorities.map((p) => ({ id: p.id, ref: p.ref, title: p.title })),
      actions,
      updates,
      evidence,
      kpis,
    };
  }

  private async actions(
    strategyId: string,
    period: { start: Date; end: Date },
    asOf: Date,
  ): Promise<ReportAction[]> {
    const rows = await this.prisma.action.findMany({
      where: {
        strategyId,
        createdAt: { lte: asOf },
        OR: [{ archivedAt: null }, { archivedAt: { gt: asOf } }],
      },
      include: {
        leadContact: { select: { name: true, organisation: { select: { name: true } } } },
        leadOrganisations: { select: { organisation: { select: { name: true } } } },
        updates: { where: { submittedAt: { lte: asOf } }, orderBy: { submittedAt: 'desc' }, take: 1 },
        updateRequests: {
          where: { createdAt: { lte: asOf } },
          orderBy: { periodEnd: 'asc' },
          select: {
            id: true,
            periodEnd: true,
            respondBy: true,
            sentAt: true,
            answeredAt: true,
            remindersSent: true,
            leadContact: { select: { organisation: { select: { name: true } } } },
          },
        },
        _count: { select: { evidence: { where: { createdAt: { lte: asOf } } } } },
      },
    });

    const requestIds = rows.flatMap((a) => a.updateRequests.map((r) => r.id));
    const sentEmails = await this.prisma.outboundEmail.groupBy({
      by: ['updateRequestId'],
      where: { updateRequestId: { in: requestIds }, status: 'SENT', sentAt: { lte: asOf } },
      _count: { _all: true },
    });
    const emailsPerRequest = new Map(sentEmails.map((e) => [e.updateRequestId, e._count._all]));
    const submitters = await this.contactNames(
      rows.flatMap((a) => a.updates.map((u) => u.submittedByContactId)),
    );
    const at = (d: Date | null) => (d && d <= asOf ? d : null);

    return rows.map((a) => {
      const [latest] = a.updates;
      // Emails asking for an update: the outbox's record, or the request's own count where that is higher.
      const chased = (r: (typeof a.updateRequests)[number]) =>
        Math.max(emailsPerRequest.get(r.id) ?? 0, (at(r.sentAt) ? 1 : 0) + r.remindersSent);
      const inPeriod = a.updateRequests.filter(
        (r) => r.periodEnd > period.start && r.periodEnd <= period.end,
      );
      const request = inPeriod.at(-1);
      return {
        id: a.id,
        ref: a.ref,
        title: a.title,
        priorityId: a.priorityId,
        leadOrganisations: a.leadOrganisations.map((l) => l.organisation.name).sort(),
        leadText: a.leadText,
        leadOfficer: a.leadContact
          ? { name: a.leadContact.name, organisation: a.leadContact.organisation?.name ?? null }
          : null,
        dueDate: a.dueDate,
        dueDateText: a.dueDateText,
        status: latest?.status ?? a.status,
        rag: a.rag,
        percentComplete: latest ? (latest.percentComplete ?? a.percentComplete) : a.percentComplete,
        lastUpdate: latest
          ? {
              id: latest.id,
              submittedAt: latest.submittedAt,
              submittedBy: latest.submittedByContactId
                ? (submitters.get(latest.submittedByContactId) ?? null)
                : null,
              channel: latest.channel,
              commentary: latest.commentary,
            }
          : null,
        evidenceCount: a._count.evidence,
        request: request
          ? {
              organisation: request.leadContact.organisation?.name ?? 'No organisation',
              sentAt: at(request.sentAt),
              answeredAt: at(request.answeredAt),
              respondBy: request.respondBy,
            }
          : null,
        chasedThisPeriod: inPeriod.reduce((n, r) => n + chased(r), 0),
        chasedTotal: a.updateRequests.reduce((n, r) => n + chased(r), 0),
      };
    });
  }

  private async updates(strategyId: string, period: { start: Date; end: Date }, asOf: Date) {
    const rows = await this.prisma.update.findMany({
      where: { action: { strategyId }, submittedAt: { gte: period.start, lt: period.end, lte: asOf } },
      include: { action: { select: { ref: true, title: true } }, _count: { select: { evidence: true } } },
      orderBy: { submittedAt: 'asc' },
    });
    const submitters = await this.contactNames(rows.map((u) => u.submittedByContactId));
    return rows.map((u) => ({
      id: u.id,
      actionRef: u.action.ref,
      actionTitle: u.action.title,
      submittedAt: u.submittedAt,
      submittedBy: u.submittedByContactId ? (submitters.get(u.submittedByContactId) ?? null) : null,
      channel: u.channel,
      status: u.status,
      percentComplete: u.percentComplete,
      commentary: u.commentary,
      blockers: u.blockers,
      proposedDueDate: u.proposedDueDate,
      approvalState: u.approvalState,
      evidenceCount: u._count.evidence,
    }));
  }

  private async evidence(strategyId: string, asOf: Date) {
    const rows = await this.prisma.evidence.findMany({
      where: { action: { strategyId }, createdAt: { lte: asOf } },
      include: { action: { select: { ref: true } } },
    });
    return rows.map((e) => ({
      id: e.id,
      actionRef: e.action.ref,
      kind: e.kind,
      name: e.fileName ?? e.url ?? `Evidence ${e.id}`,
      url: e.kind === 'LINK' ? e.url : null,
      contentType: e.contentType,
      sizeBytes: e.sizeBytes,
      classification: e.classification,
      quarantined: e.quarantinedAt !== null && e.quarantinedAt <= asOf,
      addedAt: e.createdAt,
    }));
  }

  /**
   * The strategy's KPIs (and the partnership's own), with their RAG rules and accepted values: those of
   * periods starting before `periodEnd` (and, given `from`, ending on or after it).
   */
  async kpis(partnershipId: string, strategyId: string, periodEnd: Date, asOf: Date, from?: Date) {
    const rows = await this.prisma.kpi.findMany({
      where: {
        partnershipId,
        OR: [{ strategyId }, { strategyId: null }],
        createdAt: { lte: asOf },
        AND: [{ OR: [{ archivedAt: null }, { archivedAt: { gt: asOf } }] }],
      },
      select: {
        id: true,
        code: true,
        name: true,
        unit: true,
        direction: true,
        frequency: true,
        entryCadence: true,
        baselineValue: true,
        baselinePeriod: true,
        ragRule: true,
        ragTolerance: true,
        greenMin: true,
        greenMax: true,
        amberMin: true,
        amberMax: true,
        source: true,
        dataOwner: { select: { name: true, organisation: { select: { name: true } } } },
        targets: { select: { periodKey: true, value: true } },
        values: {
          // A conflict row is another source's figure, flagged, not accepted: it is never the value.
          where: {
            createdAt: { lte: asOf },
            periodStart: { lt: periodEnd },
            ...(from ? { periodEnd: { gte: from } } : {}),
            conflict: false,
          },
          orderBy: [{ periodStart: 'asc' }, { revision: 'desc' }],
          select: {
            periodKey: true,
            periodStart: true,
            periodEnd: true,
            value: true,
            status: true,
            revision: true,
            note: true,
            exceptional: true,
            seriesBreak: true,
            source: true,
            enteredBy: true,
            createdAt: true,
          },
        },
      },
    });
    const number = (d: { toNumber(): number } | null) => (d === null ? null : d.toNumber());
    return rows.map((k) => {
      // One value per period: the latest revision (a correction adds a row; nothing is overwritten).
      const latestRevisions = new Map<string, ReportKpiValue>();
      for (const v of k.values) {
        if (latestRevisions.has(v.periodKey)) continue;
        latestRevisions.set(v.periodKey, {
          periodKey: v.periodKey,
          periodStart: v.periodStart,
          periodEnd: v.periodEnd,
          value: number(v.value),
          status: v.status,
          revision: v.revision,
          note: v.note,
          exceptional: v.exceptional,
          seriesBreak: v.seriesBreak,
          source: v.source,
          enteredBy: v.enteredBy,
          enteredAt: v.createdAt,
        });
      }
      return {
        id: k.id,
        code: k.code,
        name: k.name,
        unit: k.unit,
        direction: k.direction,
        frequency: k.frequency,
        cadence: k.entryCadence,
        baselineValue: number(k.baselineValue),
        baselinePeriod: k.baselinePeriod,
        rag: ragRuleOf(k),
        source: k.source,
        dataOwner: k.dataOwner
          ? [k.dataOwner.name, k.dataOwner.organisation?.name].filter(Boolean).join(', ')
          : null,
        values: [...latestRevisions.values()],
        targets: k.targets.map((t) => ({ periodKey: t.periodKey, value: t.value.toNumber() })),
      };
    });
  }

  /** "Name (Organisation)" of each contact that submitted something. */
  async contactNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const known = [...new Set(ids.filter((id): id is string => id !== null))];
    if (known.length === 0) return new Map();
    const contacts = await this.prisma.contact.findMany({
      where: { id: { in: known } },
      select: { id: true, name: true, organisation: { select: { name: true } } },
    });
    return new Map(
      contacts.map((c) => [c.id, c.organisation ? `${c.name} (${c.organisation.name})` : c.name]),
    );
  }
}

/** e.g. "sandwell-board-report-2026-27-Q3-2026-11-23.xlsx": partnership, period, as-at date. */
export function fileNameFor(data: Pick<BoardReportData, 'partnershipName' | 'period' | 'asOf'>): string {
  return `${partnershipSlug(data.partnershipName)}-board-report-${data.period.key}-${londonIsoDate(data.asOf)}.xlsx`;
}

/** A partnership's name for a file name: "Testshire (North)" → "testshire-north"; "waymark" when none is left. */
export function partnershipSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'waymark'
  );
}
