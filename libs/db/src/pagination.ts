// Cursor pagination for every admin list: one helper, so every list sorts, pages and breaks ties alike.
import { BadRequestException } from '@nestjs/common';

export type SortOrder = 'asc' | 'desc';
type SortValue = string | number | Date;

/** What a list asks for: a whitelisted, non-null sort field, its direction, a page size and a cursor. */
export interface PageRequest<F extends string = string> {
  sort: F;
  order: SortOrder;
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A cursor that is not one this list gave out (tampered, or from another sort): a 400 naming `cursor`. */
export class InvalidCursorError extends BadRequestException {
  constructor(message: string) {
    super({ message, errors: [{ field: 'cursor', message }] });
  }
}

interface CursorKey {
  /** Sort field. */
  f: string;
  /** Order. */
  o: SortOrder;
  /** Sort value; `d` marks an ISO date. */
  v: string | number;
  d?: 1;
  id: string;
}

/** Opaque cursor: base64url of the sort key and the id of the last row of a page. */
export function encodeCursor(sort: string, order: SortOrder, value: SortValue, id: string): string {
  const key: CursorKey =
    value instanceof Date
      ? { f: sort, o: order, v: value.toISOString(), d: 1, id }
      : { f: sort, o: order, v: value, id };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort value and id a cursor carries; throws InvalidCursorError unless it was made for this sort. */
export function decodeCursor(
  cursor: string,
  sort: string,
  order: SortOrder,
): { value: SortValue; id: string } {
  let key: Partial<CursorKey>;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorKey>;
  } catch {
    throw new InvalidCursorError('The cursor is not one this list gave out');
  }
  const valid =
    key !== null &&
    typeof key === 'object' &&
    typeof key.id === 'string' &&
    (typeof key.v === 'string' || typeof key.v === 'number') &&
    (key.d === undefined || (key.d === 1 && !Number.isNaN(Date.parse(String(key.v)))));
  if (!valid) throw new InvalidCursorError('The cursor is not one this list gave out');
  if (key.f !== sort || key.o !== order) {
    throw new InvalidCursorError(`The cursor belongs to another sort order than ${sort} ${order}`);
  }
  return { value: key.d ? new Date(String(key.v)) : (key.v as string | number), id: key.id as string };
}

/** For models with BigInt autoincrement ids: the cursor's id as a BigInt, or InvalidCursorError. */
export function bigIntId(id: string): bigint {
  if (!/^\d{1,19}$/.test(id)) throw new InvalidCursorError('The cursor is not one this list gave out');
  return BigInt(id);
}

/** Rows strictly after (value, id) in the order (sort, id). Ties on the sort value are broken by id. */
export function afterCursorWhere(
  sort: string,
  order: SortOrder,
  cursor: { value: SortValue; id: string | bigint },
): Record<string, unknown> {
  const op = order === 'asc' ? 'gt' : 'lt';
  return {
    OR: [{ [sort]: { [op]: cursor.value } }, { [sort]: cursor.value, id: { [op]: cursor.id } }],
  };
}

interface FindArgs<W> {
  where: W;
  orderBy: Record<string, SortOrder>[];
  take: number;
}

/**
 * One page of a Prisma model: `find` is the model's findMany (with the caller's include/select bound),
 * `where` already scoped to the caller's partnership. The sort field must be non-null in every row and
 * comparable with gt/lt in Prisma (text, numbers, dates; not enums). `parseId` turns a cursor's id back
 * into the model's id type (e.g. BigInt), throwing InvalidCursorError when it cannot.
 */
export async function paginate<T extends { id: string | bigint }, W extends object>(
  find: (args: FindArgs<W>) => Promise<T[]>,
  where: W,
  page: PageRequest,
  parseId: (id: string) => string | bigint = (id) => id,
): Promise<Page<T>> {
  const cursor = page.cursor ? decodeCursor(page.cursor, page.sort, page.order) : undefined;
  const after = cursor
    ? afterCursorWhere(page.sort, page.order, { value: cursor.value, id: parseId(cursor.id) })
    : undefined;
  const rows = await find({
    where: (after ? { AND: [where, after] } : where) as W,
    orderBy: [{ [page.sort]: page.order }, { id: page.order }],
    take: page.limit + 1,
  });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const more = rows.length > page.limit && last !== undefined;
  return {
    items,
    nextCursor: more
      ? encodeCursor(
          page.sort,
          page.order,
          (last as Record<string, unknown>)[page.sort] as SortValue,
          String(last.id),
        )
      : null,
  };
}
