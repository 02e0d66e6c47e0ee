import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Server } from 'node:http';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import { WAYMARK_CONFIG, WaymarkConfig, freePort } from '@waymark/config';
import {
  ROOT_LOGGER,
  TRACING,
  Tracing,
  WaymarkMetrics,
  installTemporalRuntime,
  serverUrl,
  startWorkerMetricsServer,
  workerObservability,
} from '@waymark/observability';
import {
  AnnualReturns,
  ProviderRequests,
  ProviderReturnChase,
  ReturnCollection,
  ReturnSignOff,
} from '@waymark/annual-return';
import { ActionControls, ChaseMailer, PeriodPlanner } from '@waymark/chasing';
import { KpiValueChase, KpiValueRequestsService } from '@waymark/kpis';
import { BoardReportDelivery } from '@waymark/reports';
import { EngagementChase, EngagementRequests, ReviewGates } from '@waymark/strategy-review';
import {
  ActionWorkflows,
  AnnualReturnWorkflows,
  HousekeepingSchedule,
  KpiCollectionWorkflows,
  SearchAttributes,
  temporalConnectionOptions,
} from '@waymark/temporal';
import { UpdateRequestsService } from '@waymark/update-requests';
import {
  ActivityServices,
  createActionActivities,
  createChaseActivities,
} from './activities/action.activities';
import { AnnualReturnServices, createAnnualReturnActivities } from './activities/annual-return.activities';
import { createBoardReportActivities } from './activities/board-report.activities';
import { createHousekeepingActivities } from './activities/housekeeping.activities';
import { createKpiCollectionActivities } from './activities/kpi-collection.activities';
import {
  StrategyReviewServices,
  createStrategyReviewActivities,
} from './activities/strategy-review.activities';
import { HousekeepingSweeps } from './housekeeping-sweeps';

/** Where the workflow code lives, from src/ (tests) and from dist/ (npm start) alike. */
export const WORKFLOWS_PATH = join(__dirname, '..', '..', '..', 'workflows', 'src');

/**
 * Runs the Temporal worker inside a Nest application context: created on bootstrap, run (and awaited)
 * for the life of the process, drained and shut down on application shutdown. On bootstrap it also keeps
 * the cluster's housekeeping schedule in step with RECONCILE_INTERVAL_SECONDS and runs it once.
 */
@Injectable()
export class WorkflowWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkflowWorker.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private metricsServer?: Server;

  constructor(
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
    private readonly metrics: WaymarkMetrics,
    @Inject(ROOT_LOGGER) private readonly rootLogger: PinoLogger | null,
    @Inject(TRACING) private readonly tracing: Tracing | null,
    planner: PeriodPlanner,
    requests: UpdateRequestsService,
    mailer: ChaseMailer,
    controls: ActionControls,
    workflows: ActionWorkflows,
    private readonly boardReports: BoardReportDelivery,
    private readonly kpiValueRequests: KpiValueRequestsService,
    private readonly kpiValueChase: KpiValueChase,
    private readonly kpiCollections: KpiCollectionWorkflows,
    private readonly sweeps: HousekeepingSweeps,
    private readonly housekeeping: HousekeepingSchedule,
    private readonly searchAttributes: SearchAttributes,
    returns: AnnualReturns,
    providerRequests: ProviderRequests,
    providerChase: ProviderReturnChase,
    collection: ReturnCollection,
    signOff: ReturnSignOff,
    annualReturnWorkflows: AnnualReturnWorkflows,
    engagementRequests: EngagementRequests,
    engagementChase: EngagementChase,
    reviewGates: ReviewGates,
  ) {
    this.services = { planner, requests, mailer, controls, workflows };
    this.annualReturn = {
      returns,
      requests: providerRequests,
      chase: providerChase,
      collection,
      signOff,
      workflows: annualReturnWorkflows,
    };
    this.strategyReview = { requests: engagementRequests, chase: engagementChase, gates: reviewGates };
  }

  private readonly services: ActivityServices;
  private readonly annualReturn: AnnualReturnServices;
  private readonly strategyReview: StrategyReviewServices;

  async onApplicationBootstrap(): Promise<void> {
    await this.installRuntime();
    // Without its search attributes no action workflow can run: refuse to start rather than fail forever.
    await this.searchAttributes.ensure();
    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.config));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowsPath: require.resolve(WORKFLOWS_PATH),
      maxCachedWorkflows: this.config.WORKER_MAX_CACHED_WORKFLOWS,
      ...workerObservability(this.metrics, this.rootLogger, this.tracing),
      activities: {
        ...createActionActivities(this.services),
        ...createChaseActivities(this.services),
        ...createBoardReportActivities(this.boardReports),
        ...createKpiCollectionActivities(this.kpiValueRequests, this.kpiValueChase, this.kpiCollections),
        ...createHousekeepingActivities(this.sweeps),
        ...createAnnualReturnActivities(this.annualReturn),
        ...createStrategyReviewActivities(this.strategyReview),
      },
    });
    this.running = this.worker.run();
    this.running.catch((error: unknown) => {
      this.logger.error(`Temporal worker stopped: ${(error as Error).message}`);
      process.exitCode = 1;
    });
    this.logger.log(
      `Worker polling task queue "${this.config.TEMPORAL_TASK_QUEUE}" on ${this.config.TEMPORAL_ADDRESS}`,
    );
    await this.housekeeping.sync(this.config.RECONCILE_INTERVAL_SECONDS).catch((error: Error) => {
      // Another worker starting at the same moment keeps it too; the next start tries again.
      this.logger.warn(`Could not keep the housekeeping schedule: ${error.message}`);
    });
  }

  /**
   * Stops polling and waits for running activities to finish. Call it before closing the application:
   * Nest tears down providers (the database connection among them) before any shutdown hook of ours
   * would run, and an activity must not lose its database mid-way. Idempotent.
   */
  async drain(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
    this.connection = undefined;
    const server = this.metricsServer;
    this.metricsServer = undefined;
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }

  /**
   * The SDK's process-wide runtime, installed once with Waymark's logging; with WORKER_METRICS_PORT, the SDK's
   * Prometheus exporter on a loopback port and the worker's /metrics, which serves it with Waymark's metrics.
   */
  private async installRuntime(): Promise<void> {
    const level = this.config.NODE_ENV === 'test' ? 'WARN' : 'INFO';
    if (!this.config.WORKER_METRICS_PORT) {
      installTemporalRuntime(this.rootLogger, level, null);
      return;
    }
    const sdkMetrics = installTemporalRuntime(this.rootLogger, level, `127.0.0.1:${await freePort()}`);
    this.metricsServer = await startWorkerMetricsServer(this.config, this.metrics, sdkMetrics);
    this.logger.log(`Metrics for Prometheus at ${serverUrl(this.metricsServer)}/metrics`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.drain();
  }
}
