import fc from 'fast-check';
import { InvalidCursorError, bigIntId, decodeCursor, encodeCursor, paginate } from './pagination';

describe('cursor pagination', () => {
  it('round-trips strings, numbers and dates through an opaque base64url cursor', () => {
    const date = new Date('2026-11-23T10:00:00.000Z');
    const cursor = encodeCursor('createdAt', 'desc', date, 'id-1');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'createdAt', 'desc')).toEqual({ value: date, id: 'id-1' });
    expect(decodeCursor(encodeCursor('ref', 'asc', 'P1.2', 'x'), 'ref', 'asc')).toEqual({
      value: 'P1.2',
      id: 'x',
    });
    expect(decodeCursor(encodeCursor('position', 'asc', 3, 'x'), 'position', 'asc')).toEqual({
      value: 3,
      id: 'x',
    });
  });

  it('refuses a cursor made for another sort or order, and garbage', () => {
    const cursor = encodeCursor('ref', 'asc', 'P1', 'x');
    expect(() => decodeCursor(cursor, 'title', 'asc')).toThrow(InvalidCursorError);
    expect(() => decodeCursor(cursor, 'ref', 'desc')).toThrow(InvalidCursorError);
    expect(() => decodeCursor('not-a-cursor', 'ref', 'asc')).toThrow(InvalidCursorError);
    expect(() =>
      decodeCursor(Buffer.from('{"f":"ref","o":"asc","v":{},"id":"x"}').toString('base64url'), 'ref', 'asc'),
    ).toThrow(InvalidCursorError);
    expect(() => decodeCursor(Buffer.from('null').toString('base64url'), 'ref', 'asc')).toThrow(
      InvalidCursorError,
    );
  });

  // An in-memory findMany that honours exactly the where/orderBy/take shapes paginate produces.
  type Row = { id: string; rank: number };
  function findIn(rows: Row[]) {
    return async (args: { where: object; orderBy: Record<string, 'asc' | 'desc'>[]; take: number }) => {
      const order = args.orderBy[0].rank;
      const sign = order === 'asc' ? 1 : -1;
      const matches = (row: Row, where: Record<string, unknown>): boolean => {
        if ('AND' in where)
          return (where.AND as object[]).every((w) => matches(row, w as Record<string, unknown>));
        if ('OR' in where)
          return (where.OR as object[]).some((w) => matches(row, w as Record<string, unknown>));
        return Object.entries(where).every(([field, cond]) => {
          const value = row[field as keyof Row];
          if (typeof cond !== 'object' || cond === null) return value === cond;
          const [[op, bound]] = Object.entries(cond as Record<string, string | number>);
          return op === 'gt' ? value > bound : value < bound;
        });
      };
      return rows
        .filter((row) => matches(row, args.where as Record<string, unknown>))
        .sort((a, b) => sign * (a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
        .slice(0, args.take);
    };
  }

  it('pages through every row exactly once, in order, across ties, for any page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ id: fc.uuid(), rank: fc.integer({ min: 0, max: 3 }) }), {
          selector: (r) => r.id,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('asc' as const, 'desc' as const),
        async (rows, limit, order) => {
          const find = findIn(rows);
          const seen: Row[] = [];
          let cursor: string | undefined;
          for (let pages = 0; pages <= rows.length + 1; pages++) {
            const page = await paginate(find, {}, { sort: 'rank', order, limit, cursor });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items);
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(seen).toEqual(await find({ where: {}, orderBy: [{ rank: order }], take: rows.length }));
        },
      ),
    );
  });

  it('reads BigInt ids back from a cursor, and refuses what is not one', () => {
    expect(bigIntId('9007199254740993')).toBe(9007199254740993n);
    for (const id of ['', '-1', '1.5', '1 OR 1=1', 'abc', '1'.repeat(20)]) {
      expect(() => bigIntId(id)).toThrow(InvalidCursorError);
    }
  });
});
