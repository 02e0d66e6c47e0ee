// `npm run bench`: runs every benchmark in this folder, in name order. A benchmark is a module
// `bench/<name>.bench.ts` whose default export is an async function that runs it and prints its results.
// Benchmarks are not tests: they measure, they do not pass or fail (beyond a thrown error).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const files = readdirSync(__dirname)
    .filter((f) => /\.bench\.js$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`No benchmarks (*.bench.js) in ${__dirname}`);
  for (const file of files) {
    console.log(`\n== ${file.replace(/\.js$/, '')}`);
    const started = process.hrtime.bigint();
    const benchmark = (await import(join(__dirname, file))) as { default: () => Promise<void> };
    await benchmark.default();
    console.log(`(${file} took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s)`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
