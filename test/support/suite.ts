import request from 'supertest';
import { MailCatcherHandle, startMailCatcher } from '@waymark/devstack';
import { createPartnership } from './fixtures';
import { RunningWaymark, startWaymark } from './waymark';

export interface WaymarkSuite {
  catcher: MailCatcherHandle;
  waymark: RunningWaymark;
  fixture: Awaited<ReturnType<typeof createPartnership>>;
  /** supertest against the running API. */
  http(): ReturnType<typeof request>;
}

/**
 * For a test file: a mail catcher, the API and the worker, and a partnership of its own, started before
 * the file's tests and stopped after them. Read the fields inside tests (they are set in beforeAll).
 */
export function waymarkSuite(): WaymarkSuite {
  const suite = { http: () => request(suite.waymark.api.getHttpServer()) } as WaymarkSuite;
  beforeAll(async () => {
    suite.catcher = await startMailCatcher({ log: () => undefined });
    suite.waymark = await startWaymark({ SMTP_URL: suite.catcher.smtpUrl });
    suite.fixture = await createPartnership(suite.waymark.prisma);
  });
  afterAll(async () => {
    await suite.waymark?.stop();
    await suite.catcher?.stop();
  });
  return suite;
}
