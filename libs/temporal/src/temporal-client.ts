import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { temporalConnectionOptions } from './connection-options';

/**
 * The API's connection to Temporal (TLS and an API key as configured, `temporalConnectionOptions`). It connects lazily, so the API starts (and /health can say what is
 * wrong) while Temporal is unreachable; each call then fails with the reason.
 */
@Injectable()
export class TemporalClient implements OnModuleDestroy {
  readonly connection: Connection;
  readonly client: Client;
  readonly taskQueue: string;
  /** For health checks only: no retries, so a down server is reported at once and nothing lingers. */
  private readonly probeConnection: Connection;

  constructor(@Inject(WAYMARK_CONFIG) config: WaymarkConfig) {
    const options = temporalConnectionOptions(config);
    this.connection = Connection.lazy(options);
    this.probeConnection = Connection.lazy({ ...options, interceptors: [] });
    this.client = new Client({
      connection: this.connection,
      namespace: config.TEMPORAL_NAMESPACE,
      // With tracing on, a workflow started, signalled or updated joins the caller's trace (docs/operations.md).
      interceptors: config.OTEL_EXPORTER_OTLP_ENDPOINT
        ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] }
        : undefined,
    });
    this.taskQueue = config.TEMPORAL_TASK_QUEUE;
  }

  /**
   * Starts a workflow under its deterministic ID unless one runs, or ran, under it (a second schedule
   * firing, a replica, a coordinator's second click); true when this call started it.
   */
  async startOnce<A extends unknown[]>(
    workflow: (...args: A) => Promise<unknown>,
    workflowId: string,
    args: A,
  ): Promise<boolean> {
    try {
      const options: WorkflowStartOptions<Workflow> = {
        workflowId,
        args,
        taskQueue: this.taskQueue,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      };
      await this.client.workflow.start(workflow as Workflow, options);
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  /** Throws unless the server answers within the timeout. */
  async ping(timeoutMs = 3000): Promise<void> {
    await this.probeConnection.withDeadline(Date.now() + timeoutMs, () =>
      this.probeConnection.workflowService.getSystemInfo({}),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.connection.close(), this.probeConnection.close()]);
  }
}
