import type { Context as ActivityContext } from '@temporalio/activity';
import type { LogLevel, LogMetadata } from '@temporalio/common';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import {
  DefaultLogger,
  Runtime,
  type ActivityExecuteInput,
  type ActivityInboundCallsInterceptor,
  type ActivityInterceptorsFactory,
  type Logger as SdkLogger,
  type Next,
  type WorkerOptions,
} from '@temporalio/worker';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import type { WaymarkMetrics } from './metrics';
import type { Tracing } from './tracing';

/**
 * Around every activity attempt: its duration in `waymark_activity_duration_seconds`, and (JSON logs) every
 * line the activity's services log carries `workflowId`, `runId`, `activityType` and `attempt`.
 */
class ActivityObservation implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: ActivityContext,
    private readonly metrics: WaymarkMetrics,
    private readonly logger: Logger | null,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
    const { activityType, attempt, workflowExecution } = this.ctx.info;
    const stop = this.metrics.activityDuration.startTimer({ activity_type: activityType });
    const run = () => next(input);
    try {
      const result = await (this.logger
        ? storage.run(
            new Store(
              this.logger.child({
                workflowId: workflowExecution?.workflowId,
                runId: workflowExecution?.runId,
                activityType,
                attempt,
              }),
            ),
            run,
          )
        : run());
      stop({ outcome: 'completed' });
      return result;
    } catch (error) {
      stop({ outcome: 'failed' });
      throw error;
    }
  }
}

/**
 * The worker's interceptors and sinks: activity metrics and log context always; with tracing, Temporal's
 * OpenTelemetry interceptors (the workflow ones are bundled into the workflow code through
 * `workflowModules`) and the sink that exports the spans workflows make.
 */
export function workerObservability(
  metrics: WaymarkMetrics,
  logger: Logger | null,
  tracing: Tracing | null,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const observe: ActivityInterceptorsFactory = (ctx) => ({
    inbound: new ActivityObservation(ctx, metrics, logger),
  });
  if (!tracing) return { interceptors: { activity: [observe] } };
  return {
    interceptors: {
      workflowModules: [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
      activity: [
        observe,
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.processor, tracing.resource) },
  };
}

const SDK_TO_PINO = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** The Temporal SDK's logs (and workflows' `log`) as pino lines, with the SDK's metadata as fields. */
class PinoSdkLogger implements SdkLogger {
  private readonly logger: Logger;
  constructor(root: Logger) {
    this.logger = root.child({ context: 'Temporal' });
  }
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const fields = Object.fromEntries(Object.entries(meta ?? {}).filter(([, v]) => typeof v !== 'object'));
    this.logger[SDK_TO_PINO[level]](fields, message);
  }
  trace = (message: string, meta?: LogMetadata) => this.log('TRACE', message, meta);
  debug = (message: string, meta?: LogMetadata) => this.log('DEBUG', message, meta);
  info = (message: string, meta?: LogMetadata) => this.log('INFO', message, meta);
  warn = (message: string, meta?: LogMetadata) => this.log('WARN', message, meta);
  error = (message: string, meta?: LogMetadata) => this.log('ERROR', message, meta);
}

/** The SDK's Prometheus exporter this process's runtime was installed with, as a URL. */
let sdkMetricsUrl: string | null = null;

/**
 * Installs the SDK's process-wide runtime, once: its logs through pino in JSON (the native core's
 * forwarded too), Nest-like console lines otherwise; with `sdkMetricsAddress`, its metrics served for
 * Prometheus there. Returns the URL of those metrics (null without), which the worker's /metrics reads.
 * A second call in the same process (several workers in one test process) keeps the first runtime.
 */
export function installTemporalRuntime(
  logger: Logger | null,
  level: 'WARN' | 'INFO',
  sdkMetricsAddress: string | null,
): string | null {
  try {
    Runtime.install({
      logger: logger ? new PinoSdkLogger(logger) : new DefaultLogger(level),
      telemetryOptions: {
        ...(logger ? { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } } : {}),
        ...(sdkMetricsAddress
          ? { metrics: { prometheus: { bindAddress: sdkMetricsAddress, useSecondsForDurations: true } } }
          : {}),
      },
    });
    sdkMetricsUrl = sdkMetricsAddress ? `http://${sdkMetricsAddress}/metrics` : null;
  } catch {
    // Already installed in this process: keep the first.
  }
  return sdkMetricsUrl;
}
