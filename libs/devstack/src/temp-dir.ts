import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A fresh directory under the system temp dir, world-traversable (0755) rather than mkdtemp's 0700: when
 * tests run as root, embedded PostgreSQL runs as the `postgres` OS user, which must be able to enter it.
 */
export function createTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix.endsWith('-') ? prefix : `${prefix}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** rm -rf that never throws (for cleanup in teardown paths). */
export function removeDir(dir: string | undefined): void {
  if (!dir) return;
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // best effort
  }
}
