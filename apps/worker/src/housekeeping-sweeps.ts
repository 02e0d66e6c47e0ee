import { Injectable, Logger } from '@nestjs/common';
import { AnswerSignals, UpdateConfirmations } from '@waymark/answers';
import { PrismaService } from '@waymark/db';
import { InboundAnswers } from '@waymark/inbound-mail';
import { ReviewWarnings } from '@waymark/strategies';
import { StrategyReviewService } from '@waymark/strategy-review';
import { ActionWorkflows, AnnualReturnWorkflows, KpiCollectionSchedules } from '@waymark/temporal';
import { HOUSEKEEPING_PAGE_SIZE, SweepPage, SweepPageInput } from '@waymark/workflows';

/**
 * The housekeeping workflow's sweeps, one page each call. Repairs what a failure left behind: a missed
 * workflow start (Temporal down when the action was created, a workflow that ended while the action had
 * no lead), a missed stop (Temporal down when the action was archived), a partnership whose KPIs have
 * data owners but no collection schedule, confirmations and answers a failed send left unsent, and updates, KPI
 * figures, providers' answers and engagement responses whose workflow was not told (Temporal down when they
 * were recorded); and it
 * proposes and warns of strategy reviews falling due, and gives partnerships with commissioned services their April annual
 * return schedule. Safe
 * to run twice: workflow and schedule IDs are deterministic, and the outbox sends each email once.
 */
@Injectable()
export class HousekeepingSweeps {
  private readonly logger = new Logger(HousekeepingSweeps.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly workflows: ActionWorkflows,
    private readonly kpiSchedules: KpiCollectionSchedules,
    private readonly confirmations: UpdateConfirmations,
    private readonly inboundAnswers: InboundAnswers,
    private readonly reviewWarnings: ReviewWarnings,
    private readonly reviewPlans: StrategyReviewService,
    private readonly annualReturns: AnnualReturnWorkflows,
    private readonly signals: AnswerSignals,
  ) {}

  async startMissingActionWorkflows({ after }: SweepPageInput): Promise<SweepPage> {
    const live = await this.prisma.action.findMany({
      where: {
        // Someone to ask: its lead contact, or a lead organisation's default contact.
        OR: [
          { leadContactId: { not: null } },
          {
            leadOrganisations: {
              some: { organisation: { archivedAt: null, defaultContact: { archivedAt: null } } },
            },
          },
        ],
        archivedAt: null,
        closedAt: null,
        status: { notIn: ['COMPLETE', 'CANCELLED'] },
        ...idsAfter(after),
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: HOUSEKEEPING_PAGE_SIZE,
    });
    const running = await this.workflows.runningAmong(live.map((a) => a.id));
    const started: string[] = [];
    for (const { id } of live) {
      if (running.has(id)) continue;
      if (await this.workflows.ensureStarted(id)) started.push(id);
    }
    if (started.length > 0) this.logger.log(`Started ${started.length} missing action workflow(s)`);
    return { done: started, next: nextAfter(live) };
  }

  async stopArchivedActionWorkflows({ after }: SweepPageInput): Promise<SweepPage> {
    const archived = await this.prisma.action.findMany({
      where: { archivedAt: { not: null }, ...idsAfter(after) },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: HOUSEKEEPING_PAGE_SIZE,
    });
    const running = await this.workflows.runningAmong(archived.map((a) => a.id));
    const stopped: string[] = [];
    for (const { id } of archived) {
      if (!running.has(id)) continue;
      if (await this.workflows.stop(id, 'The action was archived')) stopped.push(id);
    }
    if (stopped.length > 0) this.logger.log(`Stopped ${stopped.length} archived action workflow(s)`);
    return { done: stopped, next: nextAfter(archived) };
  }

  /** Every period's KPI collection starts by itself once a partnership has figures to ask for. */
  async createKpiCollectionSchedules({ after }: SweepPageInput): Promise<SweepPage> {
    const owning = await this.prisma.partnership.findMany({
      where: {
        kpis: { some: { archivedAt: null, formula: null, dataOwnerContactId: { not: null } } },
        ...idsAfter(after),
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: HOUSEKEEPING_PAGE_SIZE,
    });
    const created: string[] = [];
    for (const { id } of owning) {
      if (await this.kpiSchedules.ensure(id)) created.push(id);
    }
    if (created.length > 0) this.logger.log(`Scheduled KPI collection for ${created.length} partnership(s)`);
    return { done: created, next: nextAfter(owning) };
  }

  /** Each April's annual return starts by itself once a partnership has commissioned services in its register. */
  async createAnnualReturnSchedules({ after }: SweepPageInput): Promise<SweepPage> {
    const commissioning = await this.prisma.partnership.findMany({
      where: { safeAccommodationServices: { some: { archivedAt: null } }, ...idsAfter(after) },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: HOUSEKEEPING_PAGE_SIZE,
    });
    const created: string[] = [];
    for (const { id } of commissioning) {
      if (await this.annualReturns.ensureSchedule(id)) created.push(id);
    }
    if (created.length > 0)
      this.logger.log(`Scheduled the annual return for ${created.length} partnership(s)`);
    return { done: created, next: nextAfter(commissioning) };
  }

  async resendUpdateConfirmations({ asOf, after }: SweepPageInput): Promise<SweepPage> {
    const page = await this.confirmations.confirmUnsent({
      asOf: new Date(asOf),
      after,
      size: HOUSEKEEPING_PAGE_SIZE,
    });
    if (page.done.length > 0) this.logger.log(`Sent ${page.done.length} update confirmation(s) left unsent`);
    return page;
  }

  async resendInboundAnswers({ asOf, after }: SweepPageInput): Promise<SweepPage> {
    const page = await this.inboundAnswers.answerUnsent({
      asOf: new Date(asOf),
      after,
      size: HOUSEKEEPING_PAGE_SIZE,
    });
    if (page.done.length > 0)
      this.logger.log(`Sent ${page.done.length} answer(s) to emailed replies left unsent`);
    return page;
  }

  async signalUnsignalledUpdates({ asOf, after }: SweepPageInput): Promise<SweepPage> {
    const page = await this.signals.signalUnsignalled({
      asOf: new Date(asOf),
      after,
      size: HOUSEKEEPING_PAGE_SIZE,
    });
    if (page.done.length > 0)
      this.logger.log(`Told ${page.done.length} update(s) to their action's workflow, left unsignalled`);
    return page;
  }

  async signalUnsignalledAnswers({ asOf, after }: SweepPageInput): Promise<SweepPage> {
    const page = await this.signals.signalUnsignalledAnswers({
      asOf: new Date(asOf),
      after,
      size: HOUSEKEEPING_PAGE_SIZE,
    });
    if (page.done.length > 0)
      this.logger.log(
        `Told ${page.done.length} answer(s) to their workflow, left unsignalled: ${page.done.join(', ')}`,
      );
    return page;
  }

  async warnReviewsDue({ asOf, after }: SweepPageInput): Promise<SweepPage> {
    const published = await this.prisma.strategy.findMany({
      where: { archivedAt: null, firstPublishedOn: { not: null }, ...idsAfter(after) },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: HOUSEKEEPING_PAGE_SIZE,
    });
    const warned: string[] = [];
    let proposed = 0;
    for (const { id } of published) {
      // A review takes about a year: it is opened for planning before the warnings start.
      if (await this.reviewPlans.propose(id, new Date(asOf))) proposed += 1;
      if (await this.reviewWarnings.warn(id, new Date(asOf))) warned.push(id);
    }
    if (proposed > 0) this.logger.log(`Proposed ${proposed} strategy review(s) for planning`);
    if (warned.length > 0) this.logger.log(`Warned of ${warned.length} strategy review(s) falling due`);
    return { done: warned, next: nextAfter(published) };
  }
}

function idsAfter(after: string | null) {
  return after ? { id: { gt: after } } : {};
}

/** A full page may have more after it; a short one is the last. */
function nextAfter(page: { id: string }[]): string | null {
  return page.length === HOUSEKEEPING_PAGE_SIZE ? page[page.length - 1].id : null;
}
