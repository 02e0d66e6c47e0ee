#!/usr/bin/env node
// Runs `prisma generate` (the client lands in libs/db/src/generated), offline.
//
// Why the environment variable: before running any command, even `generate`, the Prisma 7 CLI looks for
// its native schema engine and downloads it when it is missing. Offline (this machine, and many council
// networks) that download fails and `generate` aborts, although generating the client never runs the
// engine. When PRISMA_SCHEMA_ENGINE_BINARY names an existing file the CLI skips the download, so we
// default it to a file that always exists: the running Node binary. It is never executed by
// `generate`. A value already set by the user (e.g. a real engine binary) is kept. Migrations do not use
// the CLI at all: see libs/db/src/migrate.ts.
//
// Usage: node scripts/prisma-generate.cjs [extra `prisma generate` arguments]
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
// The CLI's update check phones home; offline it only adds a delay.
if (env.CHECKPOINT_DISABLE === undefined) env.CHECKPOINT_DISABLE = '1';

const cli = require.resolve('prisma/build/index.js', { paths: [root] });
const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});

if (result.error) {
  console.error(`prisma generate could not be started: ${result.error.message}`);
  process.exit(1);
}
if (result.signal) {
  console.error(`prisma generate was killed by ${result.signal}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
