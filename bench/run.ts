// `npm run bench [name]`: runs every benchmark, bench/*.bench.ts (compiled to dist/bench/*.bench.js), one
// after another, or those whose file name contains [name]. A benchmark module's default export is an async
// function that measures and prints its own results. Benchmarks are not tests: nothing here asserts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js') && (!only || f.includes(only)))
    .sort();
  if (files.length === 0)
    throw new Error(`No benchmark (*.bench.js${only ? ` matching "${only}"` : ''}) in ${__dirname}`);
  for (const file of files) {
    console.log(`\n== ${file.replace(/\.js$/, '')} ==`);
    const run: unknown = (await import(join(__dirname, file))).default;
    if (typeof run !== 'function') throw new Error(`${file} has no default export to run`);
    await (run as () => Promise<void>)();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
