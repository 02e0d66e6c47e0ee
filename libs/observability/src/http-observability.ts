import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { Request, RequestHandler, Response } from 'express';
import { loggablePath, requestIdFor } from './logging';
import { WaymarkMetrics } from './metrics';

/**
 * The route a request matched, as its template (`/api/actions/:id`, never an ID): `(unmatched)` for a 404
 * no route took, `(static)` for files (GOV.UK assets, the API documentation).
 */
export function routeOf(req: Request, res: Response): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  return res.statusCode === 404 ? '(unmatched)' : '(static)';
}

/**
 * The first thing every request meets: its request id (the caller's X-Request-Id if plain, else a new one;
 * returned in the response's X-Request-Id and logged as `reqId`), a server span in the caller's trace (W3C
 * traceparent) that is current while the request is handled (so a workflow it starts joins the trace; none
 * for /health and /metrics), and the request's count and duration, by route template, once answered.
 */
export function httpObservability(metrics: WaymarkMetrics): RequestHandler {
  const tracer = trace.getTracer('waymark-api');
  return (req, res, next) => {
    const id = requestIdFor(req);
    (req as Request & { id?: string }).id = id;
    res.setHeader('X-Request-Id', id);
    const stopTimer = metrics.httpDuration.startTimer();
    // Probes and scrapes (every few seconds) are counted but not traced.
    const traced = !/^\/(health|metrics)(\/|$)/.test(req.path);
    const parent = propagation.extract(context.active(), req.headers);
    const span = traced
      ? tracer.startSpan(
          req.method,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': req.method, 'url.path': loggablePath(req.originalUrl) },
          },
          parent,
        )
      : undefined;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const labels = { route: routeOf(req, res), method: req.method, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      stopTimer(labels);
      if (!span) return;
      span.updateName(`${req.method} ${labels.route}`);
      span.setAttributes({ 'http.route': labels.route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', finish);
    res.once('close', finish);
    if (span) context.with(trace.setSpan(parent, span), next);
    else next();
  };
}
