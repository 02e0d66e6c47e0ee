import { Global, Injectable, Module } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Waymark's own metrics, one registry per process role (the API's, the worker's), served at `/metrics`.
 * Labels are bounded sets only (route templates, methods, status codes, email and activity kinds): never an
 * ID, an address or a token. docs/operations.md says what each one means.
 */
@Injectable()
export class WaymarkMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'waymark_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'waymark_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly emailsSent = new Counter({
    name: 'waymark_emails_sent_total',
    help: 'Emails the SMTP server accepted, by kind (chase-request, chase-reminder, board-report, ...)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly emailsFailed = new Counter({
    name: 'waymark_emails_failed_total',
    help: 'Attempts to send an email that failed (the activity retries), by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly chaseSteps = new Counter({
    name: 'waymark_chase_steps_total',
    help: 'Chase steps taken, by step (request, reminder, escalation) and outcome (sent, already-sent, deferred, capped, nothing-to-send)',
    labelNames: ['step', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly activityDuration = new Histogram({
    name: 'waymark_activity_duration_seconds',
    help: 'Time an activity attempt ran in this worker, by activity type and outcome (completed, failed)',
    labelNames: ['activity_type', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  constructor() {
    // Process metrics (resident memory, CPU, event-loop lag, heap), unprefixed as Prometheus names them.
    collectDefaultMetrics({ register: this.registry });
  }
}

/** One WaymarkMetrics per application: the services that count (mail, chasing) and /metrics share it. */
@Global()
@Module({ providers: [WaymarkMetrics], exports: [WaymarkMetrics] })
export class MetricsModule {}
