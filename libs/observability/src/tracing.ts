import type { WaymarkConfig } from '@waymark/config';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ProcessRole } from './logging';

export interface Tracing {
  provider: NodeTracerProvider;
  /** Also given to the worker's workflow span sink, so workflow spans leave by the same exporter. */
  processor: SpanProcessor;
  resource: Resource;
}

/** The process's tracer provider: one per process (the API and a worker in one test process share it). */
let current: Tracing | undefined;

/**
 * Starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (else does nothing and returns
 * undefined): spans are batched and sent over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`, with W3C trace
 * context propagation and an async-local context. The exporter reads OTEL_EXPORTER_OTLP_HEADERS itself.
 */
export function startTracing(config: WaymarkConfig, role: ProcessRole): Tracing | undefined {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  if (current) return current;
  const resource = new Resource({ 'service.name': config.OTEL_SERVICE_NAME ?? `waymark-${role}` });
  const url = `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  current = { provider, processor, resource };
  return current;
}

/** Sends the spans still waiting in the batch (on shutdown, so that the last requests are not lost). */
export async function flushTracing(): Promise<void> {
  await current?.provider.forceFlush();
}
