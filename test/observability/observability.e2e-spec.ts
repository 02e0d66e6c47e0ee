// Logs, metrics and traces of the real API and worker (PostgreSQL, Temporal, SMTP): JSON log lines with the
// request's id and an activity's workflow id and nothing secret; /metrics of the API and of the worker after
// real requests and a real chase email; and the spans of an API request and the workflow and activities it
// started, received by a real OTLP/HTTP receiver, in one trace.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { freePort } from '@waymark/devstack';
import { eventually } from '../support/eventually';
import { waymarkSuite } from '../support/suite';
import { addContact, createAction, linksIn } from '../chasing/chasing-fixtures';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
}

/** An OTLP/HTTP trace receiver (JSON, as the exporter sends it by default) keeping every span it is sent. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url !== '/v1/traces' || !/json/.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) {
        const service = rs.resource?.attributes?.find((a: { key: string }) => a.key === 'service.name')?.value
          ?.stringValue;
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              name: s.name,
              service,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const METRICS_TOKEN = `metrics-${randomUUID()}`;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('observability', () => {
  // Everything the processes write to stdout, kept from before they start (pino writes JSON lines there).
  const written: string[] = [];
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let workerMetricsPort: number;
  beforeAll(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  const suite = waymarkSuite(async () => {
    receiver = await startOtlpReceiver();
    workerMetricsPort = await freePort();
    return {
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      METRICS_TOKEN,
      WORKER_METRICS_PORT: String(workerMetricsPort),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    };
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await receiver?.close();
  });

  const logLines = () =>
    written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown> & { req?: { path?: string } });
  const scrape = async (url: string) => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const workerMetrics = () => scrape(`http://127.0.0.1:${workerMetricsPort}/metrics`);
  /** A sample's value, or 0 when the series is not there. */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };

  it('returns the X-Request-Id given (or a new one) and logs each request as one JSON line, secrets left out', async () => {
    const given = `req-${randomUUID()}`;
    const me = await suite.http().get('/api/me').set('X-Request-Id', given).expect(200);
    expect(me.headers['x-request-id']).toBe(given);
    const made = await suite.http().get('/api/me').set('X-Request-Id', 'not a plain id!').expect(200);
    expect(made.headers['x-request-id']).toMatch(UUID);
    const token = 'C'.repeat(43);
    const link = await request(suite.waymark.api.getHttpServer())
      .get(`/u/${token}?note=private`)
      .set('cookie', 'session=s3cr3t')
      .expect(404);

    await eventually(async () => {
      const lines = logLines();
      const logged = lines.find((l) => l.reqId === given && l.req?.path === '/api/me');
      expect(logged).toMatchObject({
        level: 'info',
        service: 'waymark-api',
        msg: 'request completed',
        req: { method: 'GET', path: '/api/me' },
        res: { statusCode: 200 },
      });
      expect(typeof logged!.time).toBe('string');
      expect(lines.find((l) => l.reqId === made.headers['x-request-id'])).toBeDefined();
      expect(lines.find((l) => l.reqId === link.headers['x-request-id'])).toMatchObject({
        req: { path: '/u/:token' },
        res: { statusCode: 404 },
      });
    });
    const all = written.join('');
    for (const secret of [suite.caller.token, token, 's3cr3t', 'note=private'])
      expect(all).not.toContain(secret);
  });

  it("counts requests by route template on the API's /metrics, behind METRICS_TOKEN", async () => {
    const action = await createAction(suite.http(), suite.fixture, suite.fixture.lead.id, 'OBS-M');
    for (let i = 0; i < 3; i++) await suite.http().get(`/api/actions/${action}`).expect(200);
    await suite.http().get(`/api/actions/${randomUUID()}`).expect(404);

    const api = () => request(suite.waymark.api.getHttpServer());
    await api().get('/metrics').expect(401);
    await api().get('/metrics').set('authorization', 'Bearer wrong-token-of-some-length').expect(401);
    const text = await scrape(`${suite.waymark.baseUrl}/metrics`);
    expect(
      sample(text, 'waymark_http_requests_total{route="/api/actions/:id",method="GET",status="200"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'waymark_http_requests_total{route="/api/actions/:id",method="GET",status="404"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'waymark_http_requests_total{route="/api/actions",method="POST",status="201"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(
      /^waymark_http_request_duration_seconds_bucket\{le="0\.1",route="\/api\/actions\/:id",method="GET",status="200"\} \d+$/m,
    );
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    // Labels name routes, never the records in them.
    expect(text.split('\n').filter((line) => UUID.test(line))).toEqual([]);
  });

  it("counts a real chase's email on the worker's /metrics, beside the Temporal SDK's, and logs it with the workflow id", async () => {
    const before = sample(await workerMetrics(), 'waymark_emails_sent_total{kind="chase-request"}');
    await createAction(suite.http(), suite.fixture, suite.fixture.lead.id, 'OBS-E');
    const email = await suite.catcher.waitFor(
      (m) => m.to.includes(suite.fixture.lead.email) && 'OBS-E' in linksIn(m),
      30_000,
    );
    await eventually(async () => {
      const text = await workerMetrics();
      expect(sample(text, 'waymark_emails_sent_total{kind="chase-request"}')).toBeGreaterThan(before);
      expect(sample(text, 'waymark_chase_steps_total{step="request",outcome="sent"}')).toBeGreaterThanOrEqual(
        1,
      );
      expect(text).toMatch(
        /^waymark_activity_duration_seconds_count\{activity_type="sendChaseEmail",outcome="completed"\} \d+/m,
      );
      expect(sample(text, 'waymark_temporal_sdk_metrics_up')).toBe(1);
      expect(text).toMatch(/^temporal_workflow_task_execution_latency_count\{.*\} \d+/m);
      expect(text).toMatch(/^temporal_activity_execution_latency_count\{.*\} \d+/m);
    });
    await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`).then((res) => expect(res.status).toBe(401));

    const sent = logLines().find((l) => l.msg === 'Sent a chase-request email');
    expect(sent).toMatchObject({
      level: 'info',
      context: 'Outbox',
      workflowId: expect.stringMatching(/^chase\//),
      runId: expect.stringMatching(UUID),
      activityType: 'sendChaseEmail',
    });
    expect(JSON.stringify(sent)).not.toContain(suite.fixture.lead.email);

    // The lead answers: what the services log while the API handles the form carries the request's id.
    const link = new URL(linksIn(email)['OBS-E']);
    const answered = await request(suite.waymark.api.getHttpServer())
      .post(link.pathname)
      .set('X-Request-Id', 'lead-answer-1')
      .type('form')
      .send({ status: 'ON_TRACK', commentary: 'Going well' })
      .expect(303);
    expect(answered.headers['x-request-id']).toBe('lead-answer-1');
    await eventually(async () =>
      expect(logLines().filter((l) => l.reqId === 'lead-answer-1')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            context: 'UpdateRequestsService',
            msg: expect.stringMatching(/^Update .* recorded/),
          }),
          expect.objectContaining({ msg: 'request completed', req: { method: 'POST', path: '/u/:token' } }),
        ]),
      ),
    );
    const token = link.pathname.split('/')[2];
    expect(written.join('')).not.toContain(token);
    expect(written.join('')).not.toContain('Going well');
  });

  it('traces an API request and the workflows and activities it started in one trace', async () => {
    // The caller's own trace (W3C traceparent), which the request joins; a lead of its own, so that the chase
    // workflow starts within this trace.
    const traceId = randomUUID().replace(/-/g, '');
    const callerSpanId = randomUUID().replace(/-/g, '').slice(0, 16);
    const lead = await addContact(suite.waymark.prisma, suite.fixture, 'Tara Fictional', 'traced-lead');
    await suite
      .http()
      .post('/api/actions')
      .set('traceparent', `00-${traceId}-${callerSpanId}-01`)
      .send({
        strategyId: suite.fixture.strategy.id,
        ref: 'OBS-T',
        title: 'Action OBS-T',
        text: 'We will deliver action OBS-T.',
        leadContactId: lead.id,
        dueDate: 'March 2027',
      })
      .expect(201);
    await eventually(async () => {
      const trace = receiver.spans.filter((s) => s.traceId === traceId);
      const root = trace.find((s) => s.name === 'POST /api/actions');
      expect(root).toMatchObject({ parentSpanId: callerSpanId, service: 'waymark-api' });
      const names = trace.map((s) => s.name);
      // The request started the action's workflow, whose activities ran and whose chase sent the email.
      const start = trace.find((s) => s.name === 'StartWorkflow:actionWorkflow');
      expect(start?.parentSpanId).toBe(root!.spanId);
      expect(names).toEqual(
        expect.arrayContaining([
          'SignalWithStartWorkflow:chaseWorkflow',
          'RunActivity:beginPeriod',
          'RunActivity:sendChaseEmail',
          // Spans the workflows made (sent through the worker's sink); a workflow's own RunWorkflow span
          // ends only when its run does, months later for an action's.
          'StartActivity:beginPeriod',
        ]),
      );
    }, 60_000);
    // Scrapes and probes are not traced (the API's /metrics was scraped above).
    expect(receiver.spans.map((s) => s.name)).not.toContain('GET /metrics');
  });

  // Last: it stops the SMTP server.
  it('counts the sends that fail while the SMTP server is down, and logs why without the address', async () => {
    await suite.catcher.stop();
    const lead = await addContact(suite.waymark.prisma, suite.fixture, 'Uma Fictional', 'unreachable-lead');
    await createAction(suite.http(), suite.fixture, lead.id, 'OBS-F');
    await eventually(async () => {
      const text = await workerMetrics();
      expect(sample(text, 'waymark_emails_failed_total{kind="chase-request"}')).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(
        /^waymark_activity_duration_seconds_count\{activity_type="sendChaseEmail",outcome="failed"\} [1-9]/m,
      );
    });
    const failed = logLines().find((l) => /^Could not send a chase-request email/.test(String(l.msg)));
    expect(failed).toMatchObject({ level: 'warn', workflowId: expect.stringMatching(/^chase\//) });
    expect(written.join('')).not.toContain(lead.email);
  });
});
