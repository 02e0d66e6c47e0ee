/**
 * @waymark/devstack: the real local components behind `npm start` and the tests — embedded PostgreSQL,
 * the Temporal dev server and an SMTP mail catcher. No mocks: each start function runs a real server and
 * fails with an Error that says what could not start and why.
 */
export { DEV_PORTS, LOOPBACK, choosePort, freePort, isPortFree } from './ports';
export { startPostgres, type PostgresHandle, type StartPostgresOptions } from './postgres';
export {
  TEMPORAL_CLI_MODULE,
  TEMPORAL_CLI_VERSION,
  resolveTemporalCli,
  startTemporalDevServer,
  type ResolveTemporalCliOptions,
  type SearchAttributeType,
  type StartTemporalDevServerOptions,
  type TemporalDevServerHandle,
} from './temporal';
export {
  recipientsOf,
  startMailCatcher,
  type CaughtAttachment,
  type CaughtMessage,
  type CaughtMessageJson,
  type MailCatcherHandle,
  type StartMailCatcherOptions,
} from './mail-catcher';
export { createTempDir, removeDir } from './temp-dir';
export { spawnManaged, type Log, type ManagedProcess } from './process';
