#!/usr/bin/env node
// The `waymark` command (package.json "bin"): import and export action plans. See ./cli.ts for the usage.
import 'reflect-metadata';
import { runCli } from './cli';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
);
