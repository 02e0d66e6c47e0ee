import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService } from '@waymark/db';
import { ActionWorkflows, TemporalClient } from '@waymark/temporal';
import { actionWorkflowId } from '@waymark/workflows';

/**
 * Makes sure every live action has its running workflow: one missed start (Temporal down when the action
 * was created, a workflow that ended while the action had no lead) is repaired on the next pass. Safe
 * with several API replicas: workflow IDs are deterministic, so a second start is refused by Temporal.
 */
@Injectable()
export class ActionReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ActionReconciler.name);
  /** The pass under way, if any: at most one at a time, and shutdown waits for it. */
  private pass: Promise<string[]> | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly workflows: ActionWorkflows,
    private readonly temporal: TemporalClient,
    private readonly scheduler: SchedulerRegistry,
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

  /** Starts the workflow of every live action that has none running; returns the IDs it started. */
  reconcile(): Promise<string[]> {
    if (this.pass) return Promise.resolve([]);
    // A deadline, so that a pass against an unreachable Temporal ends instead of retrying on and on.
    this.pass = this.temporal.connection
      .withDeadline(Date.now() + 30_000, () => this.startMissing())
      .finally(() => (this.pass = null));
    return this.pass;
  }

  private async startMissing(): Promise<string[]> {
    const live = await this.prisma.action.findMany({
      where: {
        leadContactId: { not: null },
        archivedAt: null,
        closedAt: null,
        status: { notIn: ['COMPLETE', 'CANCELLED'] },
      },
      select: { id: true },
    });
    const running = await this.workflows.running();
    const started: string[] = [];
    for (const { id } of live) {
      if (running.has(actionWorkflowId(id))) continue;
      if (await this.workflows.ensureStarted(id)) started.push(id);
    }
    if (started.length > 0) this.logger.log(`Started ${started.length} missing action workflow(s)`);
    return started;
  }
}
