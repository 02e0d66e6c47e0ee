import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { isPortFree } from './ports';
import { isProcessAlive } from './process';
import { resolveTemporalCli, startTemporalDevServer, type TemporalDevServerHandle } from './temporal';
import { createTempDir, removeDir } from './temp-dir';

jest.setTimeout(180_000);

const projectRoot = path.resolve(__dirname, '../../..');
const quiet = () => undefined;

function fakeCli(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\necho "temporal version test"\n', { mode: 0o755 });
  return file;
}

describe('resolveTemporalCli', () => {
  let root: string;
  beforeEach(() => {
    root = createTempDir('waymark-cli-spec');
  });
  afterEach(() => removeDir(root));

  it('prefers TEMPORAL_CLI_PATH, then PATH, then .tools/bin', async () => {
    const local = fakeCli(path.join(root, '.tools', 'bin', 'temporal'));
    const onPath = fakeCli(path.join(root, 'somewhere', 'temporal'));
    const explicit = fakeCli(path.join(root, 'explicit', 'temporal'));
    const pathDir = path.dirname(onPath);
    await expect(
      resolveTemporalCli({
        projectRoot: root,
        log: quiet,
        env: { TEMPORAL_CLI_PATH: explicit, PATH: pathDir },
      }),
    ).resolves.toBe(explicit);
    await expect(resolveTemporalCli({ projectRoot: root, log: quiet, env: { PATH: pathDir } })).resolves.toBe(
      onPath,
    );
    await expect(resolveTemporalCli({ projectRoot: root, log: quiet, env: { PATH: '' } })).resolves.toBe(
      local,
    );
  });

  it('fails clearly when TEMPORAL_CLI_PATH points at nothing', async () => {
    await expect(
      resolveTemporalCli({
        projectRoot: root,
        log: quiet,
        env: { TEMPORAL_CLI_PATH: path.join(root, 'nope') },
      }),
    ).rejects.toThrow(/TEMPORAL_CLI_PATH .* does not run/);
  });

  it('explains both options when there is no CLI and no Go to build it', async () => {
    await expect(resolveTemporalCli({ projectRoot: root, log: quiet, env: { PATH: '' } })).rejects.toThrow(
      /Temporal CLI not found .* and `go` is not installed: install Go .* set TEMPORAL_CLI_PATH/s,
    );
  });
});

describe('startTemporalDevServer (real Temporal dev server)', () => {
  let cliPath: string;
  let dir: string;
  let server: TemporalDevServerHandle | undefined;

  beforeAll(async () => {
    cliPath = await resolveTemporalCli({ projectRoot, log: console.log });
    dir = createTempDir('waymark-temporal-spec');
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  afterAll(() => removeDir(dir));

  it('starts in memory, answers getSystemInfo, serves the UI, and stops completely', async () => {
    server = await startTemporalDevServer({ cliPath, log: quiet });
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const connection = await Connection.connect({ address: server.address });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    } finally {
      await connection.close();
    }
    const ui = await fetch(server.uiUrl!);
    expect(ui.status).toBe(200);

    const { pid, port } = server;
    await server.stop();
    server = undefined;
    expect(isProcessAlive(pid)).toBe(false);
    expect(await isPortFree(port)).toBe(true);
  });

  it('keeps workflows in its db file across restarts and adds search attributes to an existing db', async () => {
    const dbFile = path.join(dir, 'state', 'temporal.sqlite');
    server = await startTemporalDevServer({
      cliPath,
      dbFile,
      headless: true,
      searchAttributes: { WaymarkPartnership: 'Keyword' },
      log: quiet,
    });
    expect(server.uiUrl).toBeUndefined();
    let connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      // No worker polls this queue: the workflow simply stays running, which is all we need to find later.
      await client.workflow.start('noSuchWorkflow', {
        taskQueue: 'devstack-spec',
        workflowId: 'devstack-spec/persisted',
      });
    } finally {
      await connection.close();
    }
    await server.stop();

    server = await startTemporalDevServer({
      cliPath,
      dbFile,
      headless: true,
      searchAttributes: { WaymarkPartnership: 'Keyword', WaymarkActionId: 'Keyword', WaymarkDueDays: 'Int' },
      log: quiet,
    });
    connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      const described = await client.workflow.getHandle('devstack-spec/persisted').describe();
      expect(described.status.name).toBe('RUNNING');
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      expect(Object.keys(customAttributes ?? {})).toEqual(
        expect.arrayContaining(['WaymarkPartnership', 'WaymarkActionId', 'WaymarkDueDays']),
      );
    } finally {
      await connection.close();
    }
  });

  it('tries again with fresh ports when the server crashes during start-up, and gives up after three crashes', async () => {
    // A stand-in CLI that crashes as the dev server does when a port it picked is taken, then runs the real one.
    const wrapper = path.join(dir, 'crashing', 'temporal');
    const count = path.join(dir, 'crashing', 'count');
    fs.mkdirSync(path.dirname(wrapper), { recursive: true });
    fs.writeFileSync(
      wrapper,
      '#!/bin/sh\n' +
        `n=$(cat ${count} 2>/dev/null || echo 0); echo $((n + 1)) > ${count}\n` +
        `if [ "$n" -lt "$CRASHES" ]; then echo "panic: listen tcp 127.0.0.1:1: bind: address already in use"; exit 2; fi\n` +
        `exec ${cliPath} "$@"\n`,
      { mode: 0o755 },
    );
    const logged: string[] = [];
    process.env.CRASHES = '2';
    try {
      server = await startTemporalDevServer({ cliPath: wrapper, headless: true, log: (m) => logged.push(m) });
      expect(fs.readFileSync(count, 'utf8').trim()).toBe('3');
      expect(logged.filter((m) => /Trying again \(attempt \d of 3\)/.test(m))).toHaveLength(2);
      await server.stop();
      server = undefined;

      fs.rmSync(count);
      process.env.CRASHES = '3';
      await expect(startTemporalDevServer({ cliPath: wrapper, headless: true, log: quiet })).rejects.toThrow(
        /exited with code 2 before it was ready. Its output:\n\s+panic: listen tcp .* address already in use/,
      );
      expect(fs.readFileSync(count, 'utf8').trim()).toBe('3');
    } finally {
      delete process.env.CRASHES;
    }
  });

  it('refuses to change the type of an existing search attribute', async () => {
    const dbFile = path.join(dir, 'typed', 'temporal.sqlite');
    server = await startTemporalDevServer({
      cliPath,
      dbFile,
      headless: true,
      searchAttributes: { WaymarkX: 'Keyword' },
      log: quiet,
    });
    await server.stop();
    server = undefined;
    await expect(
      startTemporalDevServer({
        cliPath,
        dbFile,
        headless: true,
        searchAttributes: { WaymarkX: 'Int' },
        log: quiet,
      }),
    ).rejects.toThrow(/WaymarkX is registered as Keyword .* but Int was asked for/);
  });
});
