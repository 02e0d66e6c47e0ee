import request from 'supertest';
import { SMTPServer } from 'smtp-server';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createApi } from '../../apps/api/src/main';
import { loadConfig } from '@waymark/config';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { freePort } from '@waymark/devstack';
import { SearchAttributes } from '@waymark/temporal';
import { eventually } from '../support/eventually';
import { requireEnv } from '../support/waymark';

describe('/health when a component is down, and how often it asks', () => {
  let api: NestExpressApplication;

  afterEach(async () => {
    await api?.close();
  });

  async function apiWith(overrides: Record<string, string>) {
    const config = loadConfig({
      DATABASE_URL: requireEnv('DATABASE_URL'),
      TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
      NODE_ENV: 'test',
      RECONCILE_INTERVAL_SECONDS: '0',
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      LINK_SECRET: 'x'.repeat(32),
      ...overrides,
    });
    api = await createApi(config);
    await api.init();
    return api;
  }

  it('answers 503 and names SMTP and Temporal when nothing listens on their ports', async () => {
    const app = await apiWith({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    const res = await request(app.getHttpServer()).get('/health').expect(503);
    expect(res.body.status).toBe('down');
    expect(res.body.components.database).toEqual({ status: 'up' });
    expect(res.body.components.smtp).toMatchObject({
      status: 'down',
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(res.body.components.temporal).toMatchObject({ status: 'down', error: expect.any(String) });
  });

  it("names the search attributes a namespace lacks; the worker's start-up check creates them", async () => {
    // A namespace of a Temporal cluster nobody prepared for Waymark.
    const namespace = `bare-${Date.now()}`;
    const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('1 day'),
      });
    } finally {
      await connection.close();
    }
    const app = await apiWith({ TEMPORAL_NAMESPACE: namespace });
    const attributes = () =>
      request(app.getHttpServer())
        .get('/health')
        .then((res) => res.body.components);
    await eventually(async () => {
      expect((await attributes()).searchAttributes).toEqual({
        status: 'down',
        error: expect.stringContaining('missing in the namespace: WaymarkStatus'),
      });
    }, 20_000);
    expect(app.get(SearchAttributes).commands(['WaymarkStatus'])[0]).toContain(
      `--namespace ${namespace} --name WaymarkStatus --type Keyword`,
    );

    await app.get(SearchAttributes).ensure();
    await eventually(async () => {
      expect((await attributes()).searchAttributes).toEqual({ status: 'up' });
    }, 20_000);
  });

  it('opens one SMTP connection for many public calls, reusing its answer', async () => {
    let connections = 0;
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect(_session, callback) {
        connections += 1;
        callback();
      },
    });
    const port = await freePort();
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    try {
      const app = await apiWith({ SMTP_URL: `smtp://127.0.0.1:${port}` });
      const health = () => request(app.getHttpServer()).get('/health');
      const answers = await Promise.all([health(), health(), health()]);
      for (let n = 0; n < 5; n += 1) answers.push(await health());
      for (const res of answers) expect(res.body.components.smtp).toEqual({ status: 'up' });
      expect(connections).toBe(1);
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
