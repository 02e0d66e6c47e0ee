// Jest globalSetup for the `integration` project: real PostgreSQL and Temporal for the whole run.
// DATABASE_URL / TEMPORAL_ADDRESS, when set, are used as they are; otherwise embedded PostgreSQL (temp dir,
// free port) and a Temporal dev server (in memory, free ports) are started. Jest workers are started after
// this and inherit process.env, which is how every test finds them. A component that cannot start fails
// the run, loudly: integration tests never skip.
import { prepareDatabase } from './support/database';
import { startTestComponents, stopTestComponents } from './support/components';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const components = await startTestComponents();
  process.env.DATABASE_URL = components.databaseUrl;
  process.env.TEMPORAL_ADDRESS = components.temporalAddress;

  try {
    await prepareDatabase(components.databaseUrl);
  } catch (err) {
    await stopTestComponents(); // Jest skips globalTeardown when globalSetup throws
    throw err;
  }

  console.log(`[test setup] components ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
