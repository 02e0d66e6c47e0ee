import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The folder holding Waymark's package.json. Code runs both from source (tests) and from dist/ (npm
 * start), so files that ship beside the code (templates, migrations) are found from here, not __dirname.
 */
export function projectRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'waymark') {
      cached = dir;
      return dir;
    }
  }
  throw new Error(`Cannot find Waymark's package.json above ${__dirname}`);
}
