import { Injectable, NotFoundException } from '@nestjs/common';
import { londonIsoDate, reportingPeriodAt } from '@waymark/calendar';
import { PrismaService } from '@waymark/db';
import {
  type CellAnswer,
  type ReturnTemplate,
  isNotCollected,
  returnTemplateSchema,
} from '@waymark/return-template';
import { BoardReportService, partnershipSlug } from './board-report.service';
import type {
  PackAction,
  PackExtension,
  PackReturn,
  PackReturnFigure,
  ReviewPackData,
} from './review-pack.data';
import { writeReviewPack } from './review-pack.workbook';
import { buildReviewNarrative } from './review-pack.document';

/** The look-back covers the strategy's period, its last three years at most (SI 2021/990 reg 4(1)). */
const LOOK_BACK_YEARS = 3;

/** The audit events that move an action's due date. */
const EXTENSION_EVENTS = Object.freeze({
  'action.due-date-changed': 'Changed by the coordinator',
  'action.proposed-date-approved': 'Proposed by the lead and approved',
} as const);

/** "2024-25" for the financial year an instant falls in (April to March). */
function financialYearAt(instant: Date): string {
  const [year, month] = londonIsoDate(instant).split('-').map(Number);
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The headline of each section of a return, as the annual report gives it: its first count or amount. */
export function headlineFigures(
  template: ReturnTemplate,
  answers: Record<string, Record<string, CellAnswer>>,
): PackReturnFigure[] {
  return template.sections.flatMap((section) => {
    const question = section.questions.find(
      (q) => (q.type === 'count' || q.type === 'money') && q.dimensions.length === 0,
    );
    if (!question) return [];
    const answer = answers[question.key]?.[''];
    let value = 'Not provided';
    if (answer !== undefined && isNotCollected(answer)) value = 'Not collected';
    else if (typeof answer === 'number')
      value =
        question.type === 'money'
          ? answer.toLocaleString('en-GB', { style: 'currency', currency: 'GBP' })
          : answer.toLocaleString('en-GB');
    return [{ label: question.label, value }];
  });
}

const dateOf = (value: unknown): Date | null =>
  typeof value === 'string' || value instanceof Date ? new Date(value) : null;

/**
 * Gathers the look-back pack of a strategy under review, in a fixed number of queries whatever the size of
 * its plan, and builds its workbook and the board's narrative from it. Regenerable at any time: it reads,
 * and records nothing.
 */
@Injectable()
export class ReviewPackService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly boardReports: BoardReportService,
  ) {}

  async workbook(strategyId: string, now = new Date()): Promise<{ fileName: string; content: Buffer }> {
    const data = await this.load(strategyId, now);
    return { fileName: fileNameOf(data, 'xlsx'), content: await writeReviewPack(data) };
  }

  async narrative(strategyId: string, now = new Date()): Promise<{ fileName: string; content: Buffer }> {
    const data = await this.load(strategyId, now);
    return { fileName: fileNameOf(data, 'docx'), content: await buildReviewNarrative(data) };
  }

  async load(strategyId: string, asOf = new Date()): Promise<ReviewPackData> {
    const strategy = await this.prisma.strategy.findUnique({
      where: { id: strategyId },
      include: { partnership: true, priorities: { select: { id: true, ref: true, title: true } } },
    });
    if (!strategy) throw new NotFoundException(`No strategy ${strategyId}`);
    const threeYears = new Date(strategy.periodEnd);
    threeYears.setUTCFullYear(threeYears.getUTCFullYear() - LOOK_BACK_YEARS);
    threeYears.setUTCDate(threeYears.getUTCDate() + 1);
    const afterEnd = new Date(strategy.periodEnd.getTime() + 24 * 60 * 60 * 1000);
    const window = {
      start: strategy.periodStart > threeYears ? strategy.periodStart : threeYears,
      end: asOf < afterEnd ? asOf : afterEnd,
    };
    const cadence = strategy.reportingCadence === 'MONTHLY' ? 'MONTHLY' : 'QUARTERLY';
    const inStrategy = { action: { strategyId, archivedAt: null } };

    const [actions, updates, requests, evidence, events, kpis, returns] = await Promise.all([
      this.prisma.action.findMany({
        where: { strategyId, archivedAt: null },
        include: {
          leadContact: { select: { name: true, organisation: { select: { name: true } } } },
          leadOrganisations: { select: { organisation: { select: { name: true } } } },
        },
      }),
      this.prisma.update.findMany({
        where: { ...inStrategy, submittedAt: { lte: asOf } },
        include: { updateRequest: { select: { periodKey: true } } },
        orderBy: { submittedAt: 'asc' },
      }),
      this.prisma.updateRequest.findMany({
        where: { ...inStrategy, createdAt: { lte: asOf } },
        include: { leadContact: { select: { organisation: { select: { name: true } } } } },
        orderBy: { periodEnd: 'asc' },
      }),
      this.prisma.evidence.findMany({
        where: { ...inStrategy, createdAt: { lte: asOf } },
        orderBy: { createdAt: 'asc' },
      }),
      this.prisma.auditEvent.findMany({
        where: {
          partnershipId: strategy.partnershipId,
          entityType: 'Action',
          event: { in: Object.keys(EXTENSION_EVENTS) },
          occurredAt: { lte: asOf },
        },
        orderBy: { occurredAt: 'asc' },
      }),
      this.boardReports.kpis(strategy.partnershipId, strategyId, window.end, asOf, window.start),
      this.returns(strategy.partnershipId, window),
    ]);
    const submitters = await this.boardReports.contactNames(updates.map((u) => u.submittedByContactId));

    const byAction = <T extends { actionId: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) {
        const list = map.get(row.actionId);
        if (list) list.push(row);
        else map.set(row.actionId, [row]);
      }
      return (id: string) => map.get(id) ?? [];
    };
    const updatesOf = byAction(updates);
    const requestsOf = byAction(requests);
    const evidenceOf = byAction(evidence);
    const extensionsOf = byAction(events.map((e) => ({ ...e, actionId: e.entityId })));
    const priorities = new Map(strategy.priorities.map((p) => [p.id, `${p.ref} ${p.title}`]));

    const packActions = actions.map((a): PackAction => {
      const history = updatesOf(a.id);
      const latest = history.at(-1);
      // A coordinator's closing stands over the updates before it.
      const closed =
        a.closedAt !== null && a.closedAt <= asOf && (!latest || a.closedAt >= latest.submittedAt);
      const organisations = a.leadOrganisations.map((l) => l.organisation.name).sort();
      return {
        id: a.id,
        ref: a.ref,
        title: a.title,
        priority: (a.priorityId && priorities.get(a.priorityId)) || 'No priority',
        leadOrganisation:
          organisations.join('; ') || a.leadText || a.leadContact?.organisation?.name || 'None named',
        leadOfficer: a.leadContact?.name ?? null,
        dueDate: a.dueDate,
        dueDateText: a.dueDateText,
        status: closed || !latest ? a.status : latest.status,
        percentComplete:
          closed || !latest ? a.percentComplete : (latest.percentComplete ?? a.percentComplete),
        closedAt: closed ? a.closedAt : null,
        closingNote: closed ? a.closingNote : null,
        updates: history.map((u) => ({
          id: u.id,
          periodKey: u.updateRequest?.periodKey ?? reportingPeriodAt(u.submittedAt, cadence).key,
          submittedAt: u.submittedAt,
          submittedBy: u.submittedByContactId ? (submitters.get(u.submittedByContactId) ?? null) : null,
          channel: u.channel,
          status: u.status,
          percentComplete: u.percentComplete,
          commentary: u.commentary,
          blockers: u.blockers,
          proposedDueDate: u.proposedDueDate,
          approvalState: u.approvalState,
        })),
        requests: requestsOf(a.id).map((r) => ({
          periodKey: r.periodKey,
          organisation: r.leadContact.organisation?.name ?? 'No organisation',
          sentAt: r.sentAt && r.sentAt <= asOf ? r.sentAt : null,
          respondBy: r.respondBy,
          answeredAt: r.answeredAt && r.answeredAt <= asOf ? r.answeredAt : null,
          state: r.state,
          remindersSent: r.remindersSent,
        })),
        evidence: evidenceOf(a.id).map((e) => ({
          updateId: e.updateId,
          kind: e.kind,
          name:
            e.erasedAt !== null ? `Erased evidence` : (e.fileName ?? e.url ?? `Evidence ${e.id.slice(0, 8)}`),
          url: e.kind === 'LINK' && e.erasedAt === null ? e.url : null,
          addedAt: e.createdAt,
          withheld: e.erasedAt !== null || (e.quarantinedAt !== null && e.quarantinedAt <= asOf),
        })),
        extensions: extensionsOf(a.id).map((e): PackExtension => {
          const before = (e.before ?? {}) as Record<string, unknown>;
          const after = (e.after ?? {}) as Record<string, unknown>;
          const reason = after.reason ?? after.note;
          return {
            at: e.occurredAt,
            from: dateOf(before.dueDate),
            to: dateOf(after.dueDate),
            how: EXTENSION_EVENTS[e.event as keyof typeof EXTENSION_EVENTS],
            reason: typeof reason === 'string' ? reason : null,
          };
        }),
      };
    });

    return {
      partnershipName: strategy.partnership.name,
      strategy: {
        id: strategy.id,
        title: strategy.title,
        periodStart: strategy.periodStart,
        periodEnd: strategy.periodEnd,
        firstPublishedOn: strategy.firstPublishedOn,
      },
      window,
      asOf,
      actions: packActions,
      kpis,
      returns,
    };
  }

  /**
   * The annual return of each financial year of the window: its latest approved version's headline figures,
   * else its draft's (each cell's latest revision), else none.
   */
  private async returns(partnershipId: string, window: { start: Date; end: Date }): Promise<PackReturn[]> {
    const years: string[] = [];
    for (let at = new Date(window.start); at < window.end; at.setUTCMonth(at.getUTCMonth() + 1)) {
      const year = financialYearAt(at);
      if (!years.includes(year)) years.push(year);
    }
    const stored = await this.prisma.annualReturn.findMany({
      where: { partnershipId, financialYear: { in: years } },
      include: { template: true, versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    const drafts = stored.filter((r) => r.versions.length === 0).map((r) => r.id);
    const figures = await this.prisma.returnFigure.findMany({
      where: { returnId: { in: drafts } },
      orderBy: { revision: 'desc' },
      select: { returnId: true, questionKey: true, cellKey: true, value: true },
    });
    const frozenTemplates = await this.prisma.returnTemplateVersion.findMany({
      where: {
        id: {
          in: stored.flatMap((r) =>
            r.versions.map((v) => (v.content as { template: { id: string } }).template.id),
          ),
        },
      },
    });
    const templates = new Map(frozenTemplates.map((t) => [t.id, t.content]));
    const answersOf = (rows: { questionKey: string; cellKey: string; value: unknown }[]) => {
      const answers: Record<string, Record<string, CellAnswer>> = {};
      // Latest revision first: the first of each cell is its answer.
      for (const row of rows) (answers[row.questionKey] ??= {})[row.cellKey] ??= row.value as CellAnswer;
      return answers;
    };
    return years.map((financialYear): PackReturn => {
      const found = stored.find((r) => r.financialYear === financialYear);
      if (!found) return { financialYear, status: { state: 'none' }, figures: [] };
      const [version] = found.versions;
      if (version) {
        const content = version.content as {
          template: { id: string };
          figures: { questionKey: string; cellKey: string; value: unknown }[];
        };
        const template = returnTemplateSchema.parse(
          templates.get(content.template.id) ?? found.template.content,
        );
        return {
          financialYear,
          status: { state: 'approved', version: version.version, approvedAt: version.approvedAt },
          figures: headlineFigures(template, answersOf(content.figures)),
        };
      }
      return {
        financialYear,
        status: { state: 'draft' },
        figures: headlineFigures(
          returnTemplateSchema.parse(found.template.content),
          answersOf(figures.filter((f) => f.returnId === found.id)),
        ),
      };
    });
  }
}

/** e.g. "testshire-review-pack-2026-12-07.xlsx": partnership, as-at date. */
function fileNameOf(data: ReviewPackData, extension: 'xlsx' | 'docx'): string {
  const kind = extension === 'xlsx' ? 'review-pack' : 'review-narrative';
  return `${partnershipSlug(data.partnershipName)}-${kind}-${londonIsoDate(data.asOf)}.${extension}`;
}
