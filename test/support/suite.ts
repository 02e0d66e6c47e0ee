import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { projectRoot } from '@waymark/config';
import { MailCatcherHandle, resolveTemporalCli, startMailCatcher } from '@waymark/devstack';
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

/**
 * With WAYMARK_RECORD_HISTORIES set, writes a workflow's history as the Temporal CLI prints it (the JSON
 * that Temporal's UI and historyFromJSON read) to test/workflows/histories/<file>, for the replay test.
 */
export async function recordHistoryIfAsked(
  waymark: RunningWaymark,
  workflowId: string,
  file: string,
): Promise<void> {
  if (!process.env.WAYMARK_RECORD_HISTORIES) return;
  const cli = await resolveTemporalCli({ projectRoot: projectRoot(), build: false });
  const json = execFileSync(cli, [
    'workflow',
    'show',
    '--workflow-id',
    workflowId,
    '--address',
    waymark.config.TEMPORAL_ADDRESS,
    '--output',
    'json',
  ]);
  writeFileSync(join(__dirname, '..', 'workflows', 'histories', file), json);
}
