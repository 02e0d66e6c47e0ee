import request from 'supertest';
import { SMTPServer } from 'smtp-server';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createApi } from '../../apps/api/src/main';
import { loadConfig } from '@waymark/config';
import { freePort } from '@waymark/devstack';
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
