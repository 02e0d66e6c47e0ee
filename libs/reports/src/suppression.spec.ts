import fc from 'fast-check';
import {
  DEFAULT_SUPPRESSION_POLICY,
  type SuppressedTable,
  type SuppressionPolicy,
  defaultReplaceWith,
  isSmallCount,
  linesOfCells,
  suppressCounts,
} from './suppression';

const policy = (suppressBelow: number): SuppressionPolicy => ({
  suppressBelow,
  replaceWith: defaultReplaceWith(suppressBelow),
});

/** One line of counts, cells named a, b, c, ...; the line is all of them. */
function line(counts: (number | null)[], below = 5): SuppressedTable & { ids: string[] } {
  const ids = counts.map((_, i) => String.fromCharCode(97 + i));
  const values = new Map(ids.map((id, i) => [id, counts[i]]));
  return { ids, ...suppressCounts(values, [ids], policy(below)) };
}

const hidden = (table: SuppressedTable) => Object.fromEntries(table.cells);

describe('small-number suppression', () => {
  it('defaults to hiding 1 to 4 as "fewer than 5"; zero stays zero', () => {
    expect(DEFAULT_SUPPRESSION_POLICY).toEqual({ suppressBelow: 5, replaceWith: 'fewer than 5' });
    expect([0, 1, 4, 5, 12].map((n) => isSmallCount(n, DEFAULT_SUPPRESSION_POLICY))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(isSmallCount(1, policy(0))).toBe(false);
  });

  it('withholds the next smallest count when one small count could be worked out from the total', () => {
    // Two small counts: the total less 40 gives only their sum. One small count beside 40 and 12: 12 is withheld.
    expect(hidden(line([3, 40, 0, 2]))).toEqual({ a: 'small', d: 'small' });
    expect(hidden(line([3, 40, 0, 12]))).toEqual({ a: 'small', d: 'withheld' });
    // Zero is never withheld, and a blank cell shows no number to withhold.
    expect(hidden(line([3, 0, null, 25, 9]))).toEqual({ a: 'small', e: 'withheld' });
    expect(hidden(line([20, 30]))).toEqual({});
  });

  it('withholds more when the words alone would give the hidden counts away', () => {
    // Two counts "fewer than 5" in a total of 8 shown beside 0: both must be 4. 10 is withheld as well.
    expect(hidden(line([4, 4, 10]))).toEqual({ a: 'small', b: 'small', c: 'withheld' });
    // 1 and a withheld 5 in a total of 6: "fewer than 5" and "at least 5" make them 1 and 5: withhold 7 too.
    expect(hidden(line([1, 5, 7]))).toEqual({ a: 'small', b: 'withheld', c: 'withheld' });
    // Nothing left to withhold: the line's total is hidden.
    const table = line([4, 4, 0]);
    expect(hidden(table)).toEqual({ a: 'small', b: 'small' });
    expect([...table.hiddenTotals]).toEqual([0]);
  });

  it('turns off at 0', () => {
    const table = line([1, 2, 30], 0);
    expect(table.cells.size).toBe(0);
    expect(table.hiddenTotals.size).toBe(0);
  });

  it("gives a grid's rows and columns, and the whole, as lines", () => {
    expect(linesOfCells([['a'], ['b']])).toEqual([['a', 'b']]);
    expect(
      linesOfCells([
        ['r1', 'c1'],
        ['r1', 'c2'],
        ['r2', 'c1'],
        ['r2', 'c2'],
      ]),
    ).toEqual([
      ['r1,c1', 'r2,c1'],
      ['r1,c2', 'r2,c2'],
      ['r1,c1', 'r1,c2'],
      ['r2,c1', 'r2,c2'],
      ['r1,c1', 'r1,c2', 'r2,c1', 'r2,c2'],
    ]);
    expect(linesOfCells([[]])).toEqual([['']]);
  });
});

/**
 * Every value a hidden cell of a line could take, for a reader who knows the line's total, the cells shown and
 * what the words say (a small count is 1 to suppressBelow − 1, a withheld one at least suppressBelow): by
 * enumerating the sums the other hidden cells can make, not by the interval arithmetic the code uses.
 */
function possibleValues(
  ids: readonly string[],
  values: ReadonlyMap<string, number | null>,
  table: SuppressedTable,
  below: number,
  cell: string,
): Set<number> {
  const hiddenIds = ids.filter((id) => table.cells.has(id) && values.get(id) !== null);
  const sum = hiddenIds.reduce((total, id) => total + values.get(id)!, 0);
  const choices = (id: string) => {
    const [low, high] = table.cells.get(id) === 'small' ? [1, below - 1] : [below, sum];
    return Array.from({ length: Math.max(0, high - low + 1) }, (_, i) => low + i);
  };
  let reachable = new Set([0]);
  for (const other of hiddenIds.filter((id) => id !== cell)) {
    const next = new Set<number>();
    for (const made of reachable) for (const v of choices(other)) if (made + v <= sum) next.add(made + v);
    reachable = next;
  }
  return new Set(choices(cell).filter((v) => reachable.has(sum - v)));
}

describe('suppression properties', () => {
  const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 }));
  const threshold = fc.constantFrom(0, 3, 4, 5, 10);

  /** For each line whose total is shown (not hidden, not itself small), every hidden cell has two values. */
  function checkProtected(
    lines: string[][],
    values: Map<string, number | null>,
    below: number,
    table: SuppressedTable,
  ) {
    lines.forEach((ids, index) => {
      const total = ids.reduce((sum, id) => sum + (values.get(id) ?? 0), 0);
      if (table.hiddenTotals.has(index) || isSmallCount(total, policy(below))) return;
      for (const id of ids.filter((cell) => table.cells.has(cell))) {
        expect({ ids, cell: id, possible: possibleValues(ids, values, table, below, id).size > 1 }).toEqual({
          ids,
          cell: id,
          possible: true,
        });
      }
    });
  }

  it('hides exactly the small counts as small, never a zero, and leaves every hidden count unrecoverable', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(count, { nil: null, freq: 8 }), { minLength: 1, maxLength: 7 }),
        threshold,
        (counts, below) => {
          const ids = counts.map((_, i) => `c${i}`);
          const values = new Map(ids.map((id, i) => [id, counts[i]]));
          const table = suppressCounts(values, [ids], policy(below));
          for (const [id, value] of values) {
            const why = table.cells.get(id);
            if (value === null || value === 0) expect(why).toBeUndefined();
            else if (isSmallCount(value, policy(below))) expect(why).toBe('small');
            else expect(why === undefined || why === 'withheld').toBe(true);
          }
          if (below === 0) expect(table.cells.size + table.hiddenTotals.size).toBe(0);
          checkProtected([ids], values, below, table);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("protects every row and column of a grid, and the grid's total", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(count, { minLength: 16, maxLength: 16 }),
        threshold,
        (rows, columns, counts, below) => {
          const cells = Array.from({ length: rows * columns }, (_, i) => [
            `r${Math.floor(i / columns)}`,
            `c${i % columns}`,
          ]);
          const lines = linesOfCells(cells);
          const values = new Map<string, number | null>(
            cells.map((codes, i) => [codes.join(','), counts[i]]),
          );
          checkProtected(lines, values, below, suppressCounts(values, lines, policy(below)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
