import { MailCatcherHandle, startMailCatcher } from '@waymark/devstack';
import { TestCaller, authed, createCaller } from './auth';
import { createPartnership } from './fixtures';
import { RunningWaymark, startWaymark } from './waymark';

export interface WaymarkSuite {
  catcher: MailCatcherHandle;
  waymark: RunningWaymark;
  fixture: Awaited<ReturnType<typeof createPartnership>>;
  /** A coordinator of the suite's partnership. */
  caller: TestCaller;
  /** supertest against the running API, authenticated as `caller`. */
  http(): ReturnType<typeof authed>;
}

/**
 * For a test file: a mail catcher, the API and the worker, and a partnership of its own, started before
 * the file's tests and stopped after them; `env` overrides configuration (e.g. smaller upload limits), or
 * a function giving it (called in beforeAll, so it can pick free ports). Read the fields inside tests
 * (they are set in beforeAll).
 */
export function waymarkSuite(
  env: Record<string, string> | (() => Promise<Record<string, string>>) = {},
): WaymarkSuite {
  const suite = { http: () => authed(suite.waymark.api.getHttpServer(), suite.caller) } as WaymarkSuite;
  beforeAll(async () => {
    suite.catcher = await startMailCatcher({ log: () => undefined });
    const extra = typeof env === 'function' ? await env() : env;
    suite.waymark = await startWaymark({ ...extra, SMTP_URL: suite.catcher.smtpUrl });
    suite.fixture = await createPartnership(suite.waymark.prisma);
    suite.caller = await createCaller(suite.waymark.prisma, suite.fixture.partnership.id);
  });
  afterAll(async () => {
    await suite.waymark?.stop();
    await suite.catcher?.stop();
  });
  return suite;
}
