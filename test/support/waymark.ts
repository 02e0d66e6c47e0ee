import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createApi, startApi } from '../../apps/api/src/main';
import { startWorker, stopWorker } from '../../apps/worker/src/main';
import { WaymarkConfig, loadConfig } from '@waymark/config';
import { PrismaService } from '@waymark/db';
import { freePort } from '@waymark/devstack';

export interface RunningWaymark {
  config: WaymarkConfig;
  api: NestExpressApplication;
  worker: INestApplicationContext;
  baseUrl: string;
  prisma: PrismaService;
  stop(): Promise<void>;
}

/**
 * The API and the worker, as `npm start` runs them, against the real PostgreSQL and Temporal that
 * test/global-setup.ts started, and the SMTP server the test gives. Each call gets its own task queue,
 * so test files never pick up each other's workflows.
 */
export async function startWaymark(
  env: { SMTP_URL: string } & Record<string, string>,
): Promise<RunningWaymark> {
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: requireEnv('DATABASE_URL'),
    TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    LINK_SECRET: `test-secret-${randomUUID()}`,
    MAIL_FROM: 'Waymark Test <waymark@test.example.org>',
    // No housekeeping schedule: tests run housekeeping themselves (support/housekeeping.ts); in the
    // background it would start every test's actions.
    RECONCILE_INTERVAL_SECONDS: '0',
    ...TEST_RATE_LIMITS,
    ...env,
  });
  const api = await startApi(config);
  const worker = await startWorker(config);
  return {
    config,
    api,
    worker,
    baseUrl: config.PUBLIC_BASE_URL,
    prisma: api.get(PrismaService),
    async stop() {
      await stopWorker(worker);
      await api.close();
    },
  };
}

/**
 * Rate limits are counted in the database (so that API replicas share them), and every test file's API uses
 * the same test database from loopback: at the real limits a file would inherit the minute's count of the
 * files before it. Tests of the limits set their own (test/access).
 */
const TEST_RATE_LIMITS = {
  RATE_LIMIT_API_PER_MINUTE: '100000',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
  RATE_LIMIT_MAIL_PER_MINUTE: '100000',
};

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: test/global-setup.ts should have started the component`);
  return value;
}

/**
 * The API alone (no worker, no listening port, mail to a closed port), initialised on the test database:
 * for tests of routes that start no workflow and send no mail; `env` overrides configuration. Close it with
 * `api.close()`.
 */
export async function apiOnly(
  env: Record<string, string> = {},
): Promise<{ api: NestExpressApplication; prisma: PrismaService }> {
  const api = await createApi(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: requireEnv('DATABASE_URL'),
      TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      LINK_SECRET: `test-secret-${randomUUID()}`,
      ...TEST_RATE_LIMITS,
      ...env,
    }),
  );
  await api.init();
  return { api, prisma: api.get(PrismaService) };
}
