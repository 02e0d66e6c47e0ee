import * as net from 'node:net';
// By a relative path: this library is also loaded by Jest's global setup, where path aliases do not apply.
import { freePort } from '../../config/src/free-port';

export { freePort };

/** The interface every local component binds to: nothing is exposed beyond this machine. */
export const LOOPBACK = '127.0.0.1';

/**
 * Fixed ports for `npm start`, chosen away from the usual defaults of system services that may already
 * run on a developer's machine or CI host (PostgreSQL 5432, a local Temporal on 7233, MailHog on 1025).
 * Tests pass no port (or 0) and get free ports instead.
 */
export const DEV_PORTS = {
  postgres: 54329,
  temporal: 57233,
  temporalUi: 58233,
  smtp: 52525,
  mailInbox: 58025,
  /** Waymark's own listener for email replies. */
  inboundSmtp: 52526,
} as const;

/** True when nothing listens on host:port (checked by binding it briefly). */
export async function isPortFree(port: number, host: string = LOOPBACK): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Resolves a requested port: undefined or 0 → a free port; otherwise the port itself, after checking that
 * it is free so that the error names the port instead of surfacing as a server's bind failure.
 */
export async function choosePort(requested: number | undefined, what: string): Promise<number> {
  if (requested === undefined || requested === 0) return freePort();
  if (!Number.isInteger(requested) || requested < 1 || requested > 65535) {
    throw new Error(`${what}: invalid port ${String(requested)}`);
  }
  if (!(await isPortFree(requested))) {
    throw new Error(
      `${what}: port ${requested} on ${LOOPBACK} is already in use (another copy of Waymark running, or another ` +
        `service?). Stop whatever listens there or choose another port.`,
    );
  }
  return requested;
}
