import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import { z } from 'zod';

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** An IP address, or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/** A comma-separated list, each entry trimmed; empty when unset. */
const list = (entry: z.ZodString, what: string) =>
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((v) => v.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(entry.describe(what)));

const HOST_NAME = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/,
    'must be host names, comma-separated',
  );
const DNS_SERVER = z
  .string()
  .refine(
    (v) => isIP(v) !== 0 || isIP(/^\[?([^\]]+)\]?:\d+$/.exec(v)?.[1] ?? '') !== 0,
    'must be IP addresses (with an optional :port), comma-separated',
  );

/**
 * Every environment variable Waymark reads, validated once at start-up. A bad value stops the start
 * with a message naming the variable. README.md lists the same variables with their meaning.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Admin API requests per minute per API token once it authenticates (per client address before). */
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Secure-link page requests per minute per client address: low, against guessing link tokens. */
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Inbound messages per minute per client address: the webhook's posts, the SMTP listener's messages. */
  RATE_LIMIT_MAIL_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /**
   * Which proxies in front of the API Express believes about the client's address (X-Forwarded-For):
   * `loopback` (the default), a number of hops, or addresses and CIDR ranges (and `loopback`, `linklocal`,
   * `uniquelocal`), comma-separated; `false` for none.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((value, ctx) => {
      const v = value.trim().toLowerCase();
      if (v === 'false') return false;
      if (/^\d+$/.test(v) && Number(v) <= 10) return Number(v);
      const entries = v.split(',').map((e) => e.trim());
      if (entries.every((e) => PROXY_NAMES.has(e) || isAddressOrRange(e))) return entries;
      ctx.addIssue({
        code: 'custom',
        message:
          'must be false, a number of hops (0 to 10), or addresses and CIDR ranges (or loopback, linklocal, uniquelocal), comma-separated',
      });
      return z.NEVER;
    }),
  /** The address leads' secure links point at: the API as the outside world reaches it. */
  PUBLIC_BASE_URL: z.url().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string'),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('waymark'),
  /**
   * Workflows a worker keeps in memory between their tasks; the rest are replayed from history when they
   * next wake. Bounds the worker's memory whatever the number of live actions.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** TLS to Temporal: "true" or "false"; unset, on with TEMPORAL_API_KEY or a TLS setting, off otherwise. */
  TEMPORAL_TLS: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  /** PEM root CA file for the Temporal server's certificate (unset: the system's). */
  TEMPORAL_TLS_CA: z.string().min(1).optional(),
  /** PEM client certificate and key files, for mTLS (Temporal Cloud's certificates, a self-hosted cluster's). */
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  /** The server name to check the certificate against (SNI), when not TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** An API key for Temporal (Temporal Cloud's), sent as a bearer token over TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL'),
  MAIL_FROM: z.string().min(3).default('Waymark <waymark@localhost>'),
  /** How long an API token lasts, in days: the default and the most an admin may ask for. */
  API_TOKEN_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** A console session ends after this many minutes without a request (the idle time-out). */
  CONSOLE_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** A console session ends this many hours after sign-in, however busy (the absolute time-out). */
  CONSOLE_SESSION_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  /** How long an emailed console sign-in link works, in minutes (once only). */
  CONSOLE_SIGN_IN_LINK_MINUTES: z.coerce.number().int().min(1).max(60).default(15),
  /** Key from which secure-link tokens are derived; rotating it invalidates every open link. */
  LINK_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** How often the API checks that every live action has its running workflow, in seconds (0: never). */
  /**
   * The mailbox replies go to. Each request email's Reply-To plus-addresses it
   * (`updates+<key>@domain`), so the mail server must deliver `+` addresses to the same mailbox.
   */
  REPLY_MAILBOX: z.email().default('updates@waymark.localhost'),
  /** Port of Waymark's own SMTP listener for replies (0: no listener). `npm start` uses 52526. */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Shared secret for `POST /api/inbound/mime` (header `X-Waymark-Inbound-Secret`); unset: webhook off. */
  INBOUND_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** IMAP mailbox to poll for replies, e.g. `imaps://user:password@mail.example.org/INBOX`; unset: off. */
  IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\//, 'must be an imap:// or imaps:// URL')
    .optional(),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** Largest inbound message accepted, in bytes. */
  /**
   * The authserv-id (host name) of the council's MX, whose Authentication-Results header Waymark trusts;
   * comma-separated for several. Unset: Waymark checks DKIM, SPF and DMARC itself.
   */
  INBOUND_AUTHSERV_ID: list(HOST_NAME, 'host name'),
  /**
   * `dmarc` (the default): a reply is recorded only when its sender's domain authenticated it. `off`: no
   * sender check, for a local demo only (`npm start` sets it); refused when NODE_ENV is production.
   */
  INBOUND_SENDER_CHECK: z.enum(['dmarc', 'off']).default('dmarc'),
  /** DNS servers for Waymark's own sender checks (`ip` or `ip:port`, comma-separated); unset: the system's. */
  INBOUND_DNS_SERVERS: list(DNS_SERVER, 'DNS server'),
  /** PEM certificate (chain) and private key files: with both, the SMTP listener offers STARTTLS. */
  INBOUND_SMTP_TLS_CERT: z.string().min(1).optional(),
  INBOUND_SMTP_TLS_KEY: z.string().min(1).optional(),
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(25 * 1024 * 1024),
  /**
   * How often the worker's housekeeping schedule (`housekeeping`, once per cluster) brings workflows and
   * schedules in step with the records and resends what was left unsent; 0: no schedule (it is deleted).
   */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Largest evidence file accepted, in bytes (default 10 MB). */
  EVIDENCE_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** Most evidence files accepted with one update. */
  EVIDENCE_MAX_FILES: z.coerce.number().int().min(1).max(50).default(5),
  /** Most evidence links accepted with one update. */
  EVIDENCE_MAX_LINKS: z.coerce.number().int().min(1).max(50).default(10),
  /**
   * Console sign-in through the council's OpenID Connect provider (Microsoft Entra ID: the tenant's
   * `https://login.microsoftonline.com/<tenant-id>/v2.0`): all three or none. HTTPS, except on loopback.
   */
  OIDC_ISSUER_URL: z
    .url()
    .refine(
      (v) => !URL.canParse(v) || new URL(v).protocol === 'https:' || LOOPBACK_HOSTS.has(new URL(v).hostname),
      'must be an https:// URL (http:// only on loopback)',
    )
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /**
   * `json`: one JSON object a line (pino), with the request's `reqId` and an activity's `workflowId`; `text`:
   * Nest's readable console lines. Unset: json in production, text otherwise.
   */
  LOG_FORMAT: z.enum(['json', 'text']).optional(),
  /** The least severe level logged; unset: info (warn under NODE_ENV=test). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
  /** A bearer token Prometheus must send for `/metrics` (API and worker); unset: /metrics is open. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Port of the worker's own `/metrics` (Waymark's and the Temporal SDK's metrics), on HOST; 0: none. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** OTLP/HTTP collector base URL (`http://collector:4318`): traces go to `<url>/v1/traces`; unset: no tracing. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional(),
  /** The traces' service.name; unset: `waymark-api` or `waymark-worker`. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Attach the lead's own workbook (.xlsx) to chase requests and reminders: "true" or "false". */
  CHASE_WORKBOOK: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

/** Checks across variables: files named are readable and belong together. */
const checkedSchema = configSchema.superRefine((cfg, ctx) => {
  const issue = (name: string, message: string) => ctx.addIssue({ code: 'custom', path: [name], message });
  /** A certificate file and its key: both or neither, readable PEM, and a pair. */
  const pair = (certName: string, cert: string | undefined, keyName: string, key: string | undefined) => {
    if (!cert !== !key) issue(cert ? keyName : certName, 'must be set with its pair (certificate and key)');
    else if (cert && key) {
      try {
        createSecureContext({ cert: readFileSync(cert), key: readFileSync(key) });
      } catch (error) {
        issue(
          certName,
          `must be a readable PEM certificate matching ${keyName} (${(error as Error).message})`,
        );
      }
    }
  };
  pair('INBOUND_SMTP_TLS_CERT', cfg.INBOUND_SMTP_TLS_CERT, 'INBOUND_SMTP_TLS_KEY', cfg.INBOUND_SMTP_TLS_KEY);
  pair('TEMPORAL_TLS_CERT', cfg.TEMPORAL_TLS_CERT, 'TEMPORAL_TLS_KEY', cfg.TEMPORAL_TLS_KEY);
  if (cfg.TEMPORAL_TLS_CA) {
    try {
      new X509Certificate(readFileSync(cfg.TEMPORAL_TLS_CA));
    } catch (error) {
      issue('TEMPORAL_TLS_CA', `must be a readable PEM certificate (${(error as Error).message})`);
    }
  }
  if (cfg.CONSOLE_IDLE_MINUTES > cfg.CONSOLE_SESSION_HOURS * 60)
    issue('CONSOLE_IDLE_MINUTES', 'must not be longer than CONSOLE_SESSION_HOURS');
  if (cfg.INBOUND_SENDER_CHECK === 'off' && cfg.NODE_ENV === 'production')
    issue('INBOUND_SENDER_CHECK', 'must not be off in production: forged replies would be recorded');
  const oidc = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  const oidcSet = oidc.filter((name) => cfg[name] !== undefined);
  if (oidcSet.length > 0)
    for (const name of oidc.filter((n) => cfg[n] === undefined))
      issue(name, `must be set with ${oidcSet.join(' and ')} (OpenID Connect sign-in needs all three)`);
  const tlsSettings = [
    'TEMPORAL_TLS_CA',
    'TEMPORAL_TLS_CERT',
    'TEMPORAL_TLS_SERVER_NAME',
    'TEMPORAL_API_KEY',
  ] as const;
  const needingTls = tlsSettings.filter((name) => cfg[name] !== undefined);
  if (cfg.TEMPORAL_TLS === false && needingTls.length > 0)
    issue('TEMPORAL_TLS', `must not be false with ${needingTls.join(', ')} (they need TLS)`);
});

export type WaymarkConfig = Omit<z.infer<typeof configSchema>, 'PUBLIC_BASE_URL' | 'LOG_FORMAT'> & {
  PUBLIC_BASE_URL: string;
  LOG_FORMAT: 'json' | 'text';
};

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError naming every bad or missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WaymarkConfig {
  const parsed = checkedSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const got = env[name] === undefined ? 'not set' : `got ${shown(name, env[name])}`;
      return `  ${name}: ${issue.message} (${got})`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  const publicBase =
    cfg.PUBLIC_BASE_URL ?? `http://${cfg.HOST === '0.0.0.0' ? 'localhost' : cfg.HOST}:${cfg.PORT}`;
  return {
    ...cfg,
    PUBLIC_BASE_URL: publicBase.replace(/\/+$/, ''),
    LOG_FORMAT: cfg.LOG_FORMAT ?? (cfg.NODE_ENV === 'production' ? 'json' : 'text'),
  };
}

/**
 * A rejected value as the error shows it: a secret (a name with SECRET, PASSWORD, KEY or TOKEN) by its length
 * only; a URL without the credentials in it; anything else as given, cut at 80 characters.
 */
function shown(name: string, value: string): string {
  if (/SECRET|PASSWORD|KEY|TOKEN/.test(name)) return `a value of ${value.length} characters`;
  const text = /URL/.test(name) ? value.replace(/\/\/[^@/]*@/, '//***@') : value;
  return JSON.stringify(text.slice(0, 80));
}
