// `npm run bench`: runs every bench/*.bench.js in dist, one after another, each in its own process.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv[2];
const benches = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.js') && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n# ${file.replace('.bench.js', '')}`);
  const { status } = spawnSync(process.execPath, [join(__dirname, file)], { stdio: 'inherit' });
  if (status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
