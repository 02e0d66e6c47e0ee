import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WaymarkConfig } from '@waymark/config';
import type { WaymarkMetrics } from './metrics';

/** Whether a scrape may read the metrics: always without METRICS_TOKEN, else with `Bearer <METRICS_TOKEN>`. */
export function metricsAuthorized(config: WaymarkConfig, authorization: string | undefined): boolean {
  if (!config.METRICS_TOKEN) return true;
  const given = Buffer.from(/^Bearer (\S+)$/i.exec(authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(config.METRICS_TOKEN);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The worker's metrics in Prometheus text format: Waymark's registry, then the Temporal SDK's (served by the
 * SDK's own exporter on a loopback port, read here so that each worker is one scrape target). If the SDK's
 * exporter does not answer, its metrics are left out and `waymark_temporal_sdk_metrics_up` says 0.
 */
export async function workerMetricsText(
  metrics: WaymarkMetrics,
  sdkMetricsUrl: string | null,
): Promise<string> {
  let sdk = '';
  let up = 0;
  if (sdkMetricsUrl) {
    try {
      const res = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        sdk = await res.text();
        up = 1;
      }
    } catch {
      // reported by the gauge below
    }
  }
  const gauge = [
    '# HELP waymark_temporal_sdk_metrics_up Whether the Temporal SDK metrics below could be read (1) or not (0)',
    '# TYPE waymark_temporal_sdk_metrics_up gauge',
    `waymark_temporal_sdk_metrics_up ${up}`,
  ].join('\n');
  return `${await metrics.registry.metrics()}\n${gauge}\n${sdk}`;
}

/**
 * The worker's small HTTP server: `GET /metrics` only (METRICS_TOKEN applies), on HOST and
 * WORKER_METRICS_PORT. Resolves once listening.
 */
export async function startWorkerMetricsServer(
  config: WaymarkConfig,
  metrics: WaymarkMetrics,
  sdkMetricsUrl: string | null,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('Not found: the worker serves /metrics only\n');
      return;
    }
    if (!metricsAuthorized(config, req.headers.authorization)) {
      res
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('Unauthorized\n');
      return;
    }
    workerMetricsText(metrics, sdkMetricsUrl).then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.WORKER_METRICS_PORT, config.HOST, () => resolve());
  });
  return server;
}

/** Where a listening server is, as a URL base (for the start-up log line). */
export function serverUrl(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
