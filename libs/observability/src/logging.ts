import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LogLevel, NestApplicationOptions } from '@nestjs/common';
import type { WaymarkConfig } from '@waymark/config';
import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';

export type ProcessRole = 'api' | 'worker';

/** The least severe level logged: LOG_LEVEL, else info (warn in tests, as Nest's console logger had it). */
export function logLevel(config: WaymarkConfig): LevelWithSilent {
  return config.LOG_LEVEL ?? (config.NODE_ENV === 'test' ? 'warn' : 'info');
}

const NEST_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const PINO_TO_NEST: Record<string, LogLevel> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  info: 'log',
  debug: 'debug',
  trace: 'verbose',
};

/**
 * The options for NestFactory: in JSON, logs are buffered until `useWaymarkLogger` hands them to pino;
 * in text, Nest's console logger at the configured level (unset: Nest's default, warn and error in tests).
 */
export function nestLoggerOptions(config: WaymarkConfig): NestApplicationOptions {
  if (config.LOG_FORMAT === 'json') return { bufferLogs: true };
  const level = config.LOG_LEVEL ?? (config.NODE_ENV === 'test' ? 'warn' : undefined);
  if (!level) return {};
  return { logger: NEST_LEVELS.slice(0, NEST_LEVELS.indexOf(PINO_TO_NEST[level]) + 1) };
}

/**
 * The process's pino logger (JSON format only): one object a line on stdout, with the time as ISO 8601 and
 * the role. Secrets never reach it: request headers are not logged, and anything logged under the paths
 * below is replaced.
 */
export function createRootLogger(
  config: WaymarkConfig,
  role: ProcessRole,
  destination: DestinationStream = process.stdout,
): Logger {
  return pino(
    {
      level: logLevel(config),
      base: { service: `waymark-${role}` },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-waymark-inbound-secret"]',
          'res.headers["set-cookie"]',
          'headers.authorization',
          'headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Secure-link pages: the path segment after these is a lead's (or a contact's) link token. */
const SECURE_LINK = /^\/(u|k|p|e|g|sign-off)\/[^/?#]+/;

/**
 * A request's path as logs and traces may show it: a secure link's token replaced by `:token`, and no query
 * string (a sign-in callback's code, a search for a person's name).
 */
export function loggablePath(url: string | undefined): string {
  const path = (url ?? '/').split(/[?#]/)[0];
  return path.replace(SECURE_LINK, '/$1/:token');
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is a plain token of at most 128 characters, else a new UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * pino-http's options: each request logged once when answered, with `reqId` (also on every log line written
 * while it is handled), the method, the path as `loggablePath` gives it, the status and the time taken;
 * no headers, no body, no client address. /health and /metrics are answered unlogged (probes and scrapes).
 */
export function httpLoggerOptions(logger: Logger): PinoHttpOptions {
  return {
    logger,
    genReqId: (req) => (req as IncomingMessage & { id?: string }).id ?? requestIdFor(req),
    // Every line written while a request is handled carries `reqId` (not the whole request).
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'reqId' },
    autoLogging: { ignore: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? '') },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      // pino's request serializer gives Express's originalUrl as `url`.
      req: (req: { method: string; url: string }) => ({ method: req.method, path: loggablePath(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
