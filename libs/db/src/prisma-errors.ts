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
