import { ConfigError, WaymarkConfig, loadConfig } from './config.schema';

/**
 * Entry point of a Waymark process (API, worker): validates the configuration, then starts. A bad
 * configuration exits with 78 (EX_CONFIG) and names the variables; a failed start exits with 1.
 */
export function runProcess(name: string, start: (config: WaymarkConfig) => Promise<unknown>): void {
  let config: WaymarkConfig;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(78);
  }
  start(config).catch((error: unknown) => {
    console.error(`Waymark ${name} failed to start: ${(error as Error).message}`);
    process.exit(1);
  });
}
