// Workflows live for years: every committed history must still replay against today's workflow code.
// A change to workflow logic that is not behind patched() fails here with a nondeterminism error.
// Histories are recorded from real runs (WAYMARK_RECORD_HISTORIES=1 npm test) and committed.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../apps/worker/src/workflow-worker';

const folder = join(__dirname, 'histories');
const files = readdirSync(folder).filter((f) => f.endsWith('.json'));

describe('committed workflow histories replay against the current workflow code', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(folder, file), 'utf8')));
    await expect(
      Worker.runReplayHistory({ workflowsPath: require.resolve(WORKFLOWS_PATH) }, history, file),
    ).resolves.toBeUndefined();
  });
});
