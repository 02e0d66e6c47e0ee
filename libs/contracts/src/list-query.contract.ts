import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

/** A page of a list: its size (capped at MAX_PAGE_SIZE) and the opaque cursor the previous page returned. */
export const pageQueryFields = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().trim().min(1).max(2000).optional().describe('nextCursor from the previous page'),
};

/**
 * The query every admin list takes: a sort field from the list's whitelist, asc/desc, a page size
 * (capped at MAX_PAGE_SIZE) and the opaque cursor the previous page returned. Query strings arrive as
 * text, so `limit` is coerced.
 */
export function listQuerySchema<const F extends readonly [string, ...string[]]>(
  sortFields: F,
  defaultSort: F[number],
) {
  return z.strictObject({
    sort: z.enum(sortFields).default(defaultSort as never),
    order: z.enum(['asc', 'desc']).default('asc'),
    ...pageQueryFields,
    includeArchived: z.stringbool().default(false).describe('Also list archived records'),
  });
}

/** Optional text, given as "" or omitted to clear: trimmed, bounded. */
export const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
