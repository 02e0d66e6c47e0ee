import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { startPostgres, type PostgresHandle } from './postgres';
import { isProcessAlive } from './process';
import { createTempDir, removeDir } from './temp-dir';

jest.setTimeout(120_000);

const quiet = () => undefined;

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres (real embedded PostgreSQL)', () => {
  let root: string;
  let running: PostgresHandle | undefined;

  beforeAll(() => {
    root = createTempDir('waymark-pg-spec');
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  afterAll(() => removeDir(root));

  it('initialises a cluster, serves the waymark database, stops, and finds its data again on restart', async () => {
    const dataDir = path.join(root, 'data');
    running = await startPostgres({ dataDir, log: quiet, durable: false });
    expect(running.databaseUrl).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/waymark$/);
    expect(await query(running.databaseUrl, 'select 1 as one')).toEqual([{ one: 1 }]);
    await query(running.databaseUrl, "create table kept (note text); insert into kept values ('still here')");

    const firstPid = running.pid;
    await running.stop();
    running = undefined;
    expect(isProcessAlive(firstPid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);

    running = await startPostgres({ dataDir, log: quiet, durable: false });
    expect(await query(running.databaseUrl, 'select note from kept')).toEqual([{ note: 'still here' }]);
  });

  it('refuses a second server on a data directory that is in use, naming the running one', async () => {
    const dataDir = path.join(root, 'shared');
    running = await startPostgres({ dataDir, log: quiet, durable: false });
    await expect(startPostgres({ dataDir, log: quiet })).rejects.toThrow(/already running on this directory/);
    expect(await query(running.databaseUrl, 'select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('starts despite a stale postmaster.pid left by a crash', async () => {
    const dataDir = path.join(root, 'stale');
    running = await startPostgres({ dataDir, log: quiet, durable: false });
    await running.stop();
    // A crash leaves the pid file behind; after a reboot the pid may belong to an unrelated process (here: init).
    fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `1\n${dataDir}\n0\n54329\n\n127.0.0.1\n`);
    running = await startPostgres({ dataDir, log: quiet, durable: false });
    expect(await query(running.databaseUrl, 'select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('fails with a clear error when the directory holds something else', async () => {
    const dataDir = path.join(root, 'not-a-cluster');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'hello');
    await expect(startPostgres({ dataDir, log: quiet })).rejects.toThrow(
      /not empty and is not a PostgreSQL cluster/,
    );
  });

  it('fails with a clear error when the requested port is taken', async () => {
    running = await startPostgres({ dataDir: path.join(root, 'a'), log: quiet, durable: false });
    await expect(
      startPostgres({ dataDir: path.join(root, 'b'), port: running.port, log: quiet }),
    ).rejects.toThrow(new RegExp(`port ${running.port} on 127.0.0.1 is already in use`));
  });
});
