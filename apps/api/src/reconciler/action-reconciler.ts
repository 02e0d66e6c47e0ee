import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService } from '@waymark/db';
import { UpdateConfirmations } from '@waymark/answers';
import { InboundAnswers } from '@waymark/inbound-mail';
import { ActionWorkflows, KpiCollectionSchedules, TemporalClient } from '@waymark/temporal';
import { actionWorkflowId } from '@waymark/workflows';

/**
 * What one pass of the reconciler did: the action IDs whose workflow it started and those it stopped, and
 * the partnerships it gave a KPI collection schedule.
 */
export interface ReconcilePass {
  started: string[];
  stopped: string[];
  kpiSchedules: string[];
}

/**
 * Makes sure every live action has its running workflow, and no archived action has one: one missed start
 * (Temporal down when the action was created, a workflow that ended while the action had no lead) or one
 * missed stop (Temporal down when the action was archived) is repaired on the next pass. A partnership with
 * KPIs that have data owners gets its KPI collection schedule (each quarter) unless it has one. Safe
 * with several API replicas: workflow IDs are deterministic, so a second start is refused by Temporal.
 * Each pass also sends the leads' update confirmations and reply answers left unsent (the outbox sends
 * each once).
 */
@Injectable()
export class ActionReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ActionReconciler.name);
  /** The pass under way, if any: at most one at a time, and shutdown waits for it. */
  private pass: Promise<ReconcilePass> | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly workflows: ActionWorkflows,
    private readonly temporal: TemporalClient,
    private readonly kpiSchedules: KpiCollectionSchedules,
    private readonly scheduler: SchedulerRegistry,
    private readonly confirmations: UpdateConfirmations,
    private readonly inboundAnswers: InboundAnswers,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.RECONCILE_INTERVAL_SECONDS;
    if (seconds === 0) return;
    // Once at start (catching up after an outage), then on the interval.
    setImmediate(() => void this.reconcile().catch((e: Error) => this.logger.warn(e.message)));
    const timer = setInterval(
      () => void this.reconcile().catch((e: Error) => this.logger.warn(e.message)),
      seconds * 1000,
    );
    this.scheduler.addInterval('action-reconciler', timer);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pass?.catch(() => undefined);
  }

  /**
   * Starts the workflow of every live action that has none running, stops the workflow of every archived
   * action that still has one and creates missing KPI collection schedules; then sends what was left unsent.
   */
  reconcile(): Promise<ReconcilePass> {
    if (this.pass) return Promise.resolve({ started: [], stopped: [], kpiSchedules: [] });
    // A deadline, so that a pass against an unreachable Temporal ends instead of retrying on and on.
    this.pass = this.temporal.connection
      .withDeadline(Date.now() + 30_000, () => this.bringTemporalInStep())
      .then(async (done) => {
        await this.sendUnsentConfirmations();
        return done;
      })
      .finally(() => (this.pass = null));
    return this.pass;
  }

  /**
   * Leads' confirmations of form updates and answers to their emailed replies that a failed send left
   * unsent (an SMTP failure never fails the pass).
   */
  private async sendUnsentConfirmations(): Promise<void> {
    const sweeps = [
      { what: 'update confirmation', send: () => this.confirmations.confirmUnsent() },
      { what: 'answer to an emailed reply', send: () => this.inboundAnswers.answerUnsent() },
    ];
    for (const { what, send } of sweeps) {
      try {
        const sent = await send();
        if (sent > 0) this.logger.log(`Sent ${sent} ${what}(s) left unsent`);
      } catch (error) {
        this.logger.warn(`Could not send ${what}s: ${(error as Error).message}`);
      }
    }
  }

  private async bringTemporalInStep(): Promise<ReconcilePass> {
    const running = await this.workflows.running();
    return {
      started: await this.startMissing(running),
      stopped: await this.stopArchived(running),
      kpiSchedules: await this.scheduleKpiCollections(),
    };
  }

  /** Every period's KPI collection starts by itself once a partnership has figures to ask for. */
  private async scheduleKpiCollections(): Promise<string[]> {
    const owning = await this.prisma.kpi.findMany({
      where: { archivedAt: null, formula: null, dataOwnerContactId: { not: null } },
      distinct: ['partnershipId'],
      select: { partnershipId: true },
    });
    const created: string[] = [];
    for (const { partnershipId } of owning) {
      if (await this.kpiSchedules.ensure(partnershipId)) created.push(partnershipId);
    }
    if (created.length > 0) this.logger.log(`Scheduled KPI collection for ${created.length} partnership(s)`);
    return created;
  }

  private async startMissing(running: Set<string>): Promise<string[]> {
    const live = await this.prisma.action.findMany({
      where: {
        leadContactId: { not: null },
        archivedAt: null,
        closedAt: null,
        status: { notIn: ['COMPLETE', 'CANCELLED'] },
      },
      select: { id: true },
    });
    const started: string[] = [];
    for (const { id } of live) {
      if (running.has(actionWorkflowId(id))) continue;
      if (await this.workflows.ensureStarted(id)) started.push(id);
    }
    if (started.length > 0) this.logger.log(`Started ${started.length} missing action workflow(s)`);
    return started;
  }

  /** An action archived while Temporal could not be reached keeps its workflow until this pass. */
  private async stopArchived(running: Set<string>): Promise<string[]> {
    const archived = await this.prisma.action.findMany({
      where: { archivedAt: { not: null } },
      select: { id: true },
    });
    const stopped: string[] = [];
    for (const { id } of archived) {
      if (!running.has(actionWorkflowId(id))) continue;
      if (await this.workflows.stop(id, 'The action was archived')) stopped.push(id);
    }
    if (stopped.length > 0) this.logger.log(`Stopped ${stopped.length} archived action workflow(s)`);
    return stopped;
  }
}
