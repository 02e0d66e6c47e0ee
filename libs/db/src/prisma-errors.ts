import { Prisma } from './generated/client';

/**
 * Whether an error is Prisma's P2002 "Unique constraint failed" (e.g. a second row for the same
 * idempotency key). With `field`, only when that field is part of the violated constraint.
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!isKnownRequestError(error) || error.code !== 'P2002') return false;
  return field === undefined || uniqueViolationFields(error).includes(field);
}

interface P2002Meta {
  target?: unknown;
  modelName?: string;
  driverAdapterError?: {
    cause?: { table?: string; constraint?: { fields?: unknown; index?: string } };
  };
}

/**
 * The fields of the unique constraint a P2002 error names, [] when it cannot tell. With the pg driver
 * adapter Prisma reports only the index name; Prisma names unique indexes `<Model>_<field>[_<field>…]_key`,
 * which is read back here (so it fails, harmlessly, for field names containing "_" or custom index names).
 */
export function uniqueViolationFields(error: unknown): string[] {
  if (!isKnownRequestError(error)) return [];
  const meta = (error.meta ?? {}) as P2002Meta;
  const cause = meta.driverAdapterError?.cause;
  const fields = cause?.constraint?.fields ?? meta.target;
  if (Array.isArray(fields)) return fields.map((f) => String(f).replace(/^"|"$/g, ''));
  if (typeof fields === 'string') return [fields];
  const index = cause?.constraint?.index;
  const table = cause?.table ?? meta.modelName;
  if (index && table && index.startsWith(`${table}_`) && index.endsWith('_key')) {
    return index.slice(table.length + 1, -'_key'.length).split('_');
  }
  return [];
}

function isKnownRequestError(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return true;
  // The same class from another copy of the runtime (e.g. another Jest module registry).
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Error).name === 'PrismaClientKnownRequestError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/** Prisma's codes for a database it cannot reach, a connection lost or timed out, an exhausted pool. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The pg driver adapter's kinds for the same. */
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
/** The socket's. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);
/**
 * PostgreSQL's SQLSTATEs: class 08 (connection exception), 57P01-57P03 (shut down by an administrator, crash
 * shutdown, cannot connect now: a server stopping or starting).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123])$/;
/** What node-postgres says of a connection that went away, with no code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Client has encountered a connection error|Connection is closed/i;

/**
 * Whether an error means the database is unreachable for now (stopped, restarting, its connection lost),
 * rather than that the request was wrong: a caller answers "try again in a minute" (503), and retries. Looks
 * through Prisma's wrapping (its code, the driver adapter's error, the cause).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as {
    code?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown; code?: unknown };
  };
  const code = typeof e.code === 'string' ? e.code : '';
  const originalCode = typeof e.originalCode === 'string' ? e.originalCode : '';
  if (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)) return true;
  if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SQLSTATE.test(originalCode)) return true;
  if (typeof e.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return (
    isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1)
  );
}
