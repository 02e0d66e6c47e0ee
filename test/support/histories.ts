import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@waymark/config';
import { resolveTemporalCli } from '@waymark/devstack';

/**
 * With WAYMARK_RECORD_HISTORIES=1, writes a workflow's history (its latest run, or the run given) to test/workflows/histories/<name>.json
 * (the JSON form the Temporal UI and CLI use), for test/workflows/replay.e2e-spec.ts to replay forever.
 */
export async function recordHistory(
  temporalAddress: string,
  workflowId: string,
  name: string,
  runId?: string,
): Promise<void> {
  if (!process.env.WAYMARK_RECORD_HISTORIES) return;
  const cli = await resolveTemporalCli({ projectRoot: projectRoot(), build: false });
  const json = execFileSync(cli, [
    'workflow',
    'show',
    '--workflow-id',
    workflowId,
    ...(runId ? ['--run-id', runId] : []),
    '--address',
    temporalAddress,
    '--output',
    'json',
  ]);
  writeFileSync(join(projectRoot(), 'test', 'workflows', 'histories', `${name}.json`), json);
}
