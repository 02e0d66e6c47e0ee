// The API and the worker as real child processes run from the build, exactly as in production: for the fault
// tests that kill a process (test/faults/replicas, test/faults/worker-killed).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '@waymark/config';
import { ManagedProcess, spawnManaged } from '@waymark/devstack';

/**
 * Compiles the project into dist/ (tsc, then tsc-alias, as `npm run build` does), so that the child processes
 * run the code under test. Compiling takes a while on a busy machine: give the hook minutes.
 */
export function buildForChildProcesses(): void {
  const root = projectRoot();
  for (const [tool, args] of [
    ['typescript/bin/tsc', ['-p', 'tsconfig.build.json']],
    ['tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.build.json']],
  ] as const)
    execFileSync(process.execPath, [join(root, 'node_modules', tool), ...args], {
      cwd: root,
      stdio: 'inherit',
    });
}

/**
 * Starts `dist/apps/<app>/src/main.js` with the test's environment and `env` over it. Left running when the
 * test ends, it is killed with SIGKILL (spawnManaged's exit hook); stop it with `stop('SIGTERM', …)`.
 */
export function startFromBuild(app: 'api' | 'worker', env: Record<string, string>): ManagedProcess {
  return spawnManaged(process.execPath, [join(projectRoot(), 'dist', 'apps', app, 'src', 'main.js')], {
    env: { ...process.env, ...env },
    exitSignal: 'SIGKILL',
  });
}
