import fc from 'fast-check';
import {
  type CountLine,
  DEFAULT_SUPPRESSION_POLICY,
  type Suppression,
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

const totalOf = (ids: readonly string[]) => `total(${ids.join('+')})`;

/**
 * Counts and the totals a table of them shows: each line's total is the sum of its cells, or null (not
 * shown as a number) when a cell has no number.
 */
function withTotals(counts: ReadonlyMap<string, number | null>, lines: readonly CountLine[]) {
  const values = new Map(counts);
  for (const line of lines) {
    const parts = line.plus.map((id) => counts.get(id) ?? null);
    values.set(
      line.minus[0],
      parts.some((n) => n === null) ? null : parts.reduce<number>((sum, n) => sum + n!, 0),
    );
  }
  return values;
}

/** One column of counts, cells named a, b, c, ..., with its total. */
function column(counts: (number | null)[], below = 5): Record<string, Suppression> {
  const ids = counts.map((_, i) => String.fromCharCode(97 + i));
  const lines = linesOfCells(
    ids.map((id) => [id]),
    totalOf,
  );
  const values = withTotals(new Map(ids.map((id, i) => [id, counts[i]])), lines);
  return Object.fromEntries(suppressCounts(values, lines, policy(below)));
}

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
    expect(column([3, 40, 0, 2])).toEqual({ a: 'small', d: 'small' });
    expect(column([3, 40, 0, 12])).toEqual({ a: 'small', d: 'withheld' });
    // Zero is never withheld; a blank cell hides its count, but its total is not shown either.
    expect(column([3, 0, 25, 9])).toEqual({ a: 'small', d: 'withheld' });
    expect(column([3, 0, null, 25])).toEqual({ a: 'small' });
    expect(column([20, 30])).toEqual({});
  });

  it('withholds more when the words alone would give the hidden counts away', () => {
    // Two counts "fewer than 5" in a total of 18 beside 10: both must be 4. 10 is withheld as well.
    expect(column([4, 4, 10])).toEqual({ a: 'small', b: 'small', c: 'withheld' });
    // 1 and a withheld 5 in a total of 13 beside 7: "fewer than 5" and "at least 5" make them 1 and 5.
    expect(column([1, 5, 7])).toEqual({ a: 'small', b: 'withheld', c: 'withheld' });
    // Nothing left to withhold but the total itself.
    expect(column([4, 4, 0])).toEqual({ a: 'small', b: 'small', 'total(a+b+c)': 'withheld' });
  });

  it('follows sums across questions: a total and its parts asked separately', () => {
    // Stopped 20 = sanctuary 3 + non-sanctuary 17: 17 is withheld, or 20 − 17 gives the 3 away.
    const values = new Map<string, number | null>([
      ['stopped', 20],
      ['sanctuary', 3],
      ['other', 17],
    ]);
    const link = { plus: ['sanctuary', 'other'], minus: ['stopped'] };
    expect(Object.fromEntries(suppressCounts(values, [link], policy(5)))).toEqual({
      sanctuary: 'small',
      other: 'withheld',
    });
  });

  it('turns off at 0', () => {
    expect(column([1, 2, 30], 0)).toEqual({});
  });

  it("gives a grid's rows and columns, and the whole, as lines with totals", () => {
    expect(linesOfCells([['a'], ['b']], totalOf)).toEqual([{ plus: ['a', 'b'], minus: ['total(a+b)'] }]);
    expect(
      linesOfCells(
        [
          ['r1', 'c1'],
          ['r1', 'c2'],
          ['r2', 'c1'],
          ['r2', 'c2'],
        ],
        totalOf,
      ).map((line) => line.plus),
    ).toEqual([
      ['r1,c1', 'r2,c1'],
      ['r1,c2', 'r2,c2'],
      ['r1,c1', 'r1,c2'],
      ['r2,c1', 'r2,c2'],
      ['r1,c1', 'r1,c2', 'r2,c1', 'r2,c2'],
    ]);
  });
});

/**
 * Every value a hidden count of a line could take, for a reader who knows the counts shown and what the words
 * say (a small count is 1 to suppressBelow − 1, a withheld one at least suppressBelow, a cell without a number
 * 0 or more, or, for the second reader, 0): by enumerating the sums the line's other unknowns can make, not by
 * the interval arithmetic the code uses. No count in the line exceeds the sum of all its true counts, so that
 * bounds the enumeration.
 */
function possibleValues(
  line: CountLine,
  values: ReadonlyMap<string, number | null>,
  hidden: ReadonlyMap<string, Suppression>,
  below: number,
  cell: string,
  blanksAsZero: boolean,
): Set<number> {
  const terms = [...line.plus.map((id) => [id, 1] as const), ...line.minus.map((id) => [id, -1] as const)];
  const bound = terms.reduce((sum, [id]) => sum + (values.get(id) ?? 0), 0) + below;
  const unknown = (id: string) => hidden.has(id) || (!blanksAsZero && values.get(id) === null);
  const known = -terms
    .filter(([id]) => !unknown(id))
    .reduce((sum, [id, sign]) => sum + sign * (values.get(id) ?? 0), 0);
  const choices = (id: string) => {
    const why = hidden.get(id);
    const [low, high] = why === 'small' ? [1, below - 1] : why === 'withheld' ? [below, bound] : [0, bound];
    return Array.from({ length: Math.max(0, high - low + 1) }, (_, i) => low + i);
  };
  let reachable = new Set([0]);
  for (const [other, sign] of terms.filter(([id]) => id !== cell && unknown(id))) {
    const next = new Set<number>();
    for (const made of reachable) for (const v of choices(other)) next.add(made + sign * v);
    reachable = next;
  }
  const sign = terms.find(([id]) => id === cell)![1];
  return new Set(choices(cell).filter((v) => reachable.has(known - sign * v)));
}

describe('suppression properties', () => {
  const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 16 }));
  const threshold = fc.constantFrom(0, 3, 4, 5, 10);

  /**
   * Every hidden count of every line can take at least two values, unless every non-zero count of the line is
   * hidden already (two counts of 1 and their total of 2, all "fewer than 3", say all there is).
   */
  function checkProtected(
    lines: readonly CountLine[],
    values: ReadonlyMap<string, number | null>,
    below: number,
    hidden: ReadonlyMap<string, Suppression>,
  ) {
    for (const line of lines) {
      const cells = [...line.plus, ...line.minus];
      if (cells.every((id) => hidden.has(id) || !values.get(id))) continue;
      // The second reader takes blanks as 0: what they work out is right only when the counts agree with that.
      const signed = (id: string) => (line.plus.includes(id) ? 1 : -1) * (values.get(id) ?? 0);
      const zeroReader = cells.reduce((sum, id) => sum + signed(id), 0) === 0;
      for (const id of cells.filter((cell) => hidden.has(cell))) {
        for (const blanksAsZero of zeroReader ? [false, true] : [false]) {
          const possible = possibleValues(line, values, hidden, below, id, blanksAsZero).size;
          expect({ line, cell: id, blanksAsZero, possible: possible > 1 }).toEqual({
            line,
            cell: id,
            blanksAsZero,
            possible: true,
          });
        }
      }
    }
  }

  /** Small counts are hidden as small; zeros and blanks never; larger counts only withheld. */
  function checkWords(
    values: ReadonlyMap<string, number | null>,
    below: number,
    hidden: ReadonlyMap<string, Suppression>,
  ) {
    for (const [id, value] of values) {
      const why = hidden.get(id);
      if (value === null || value === 0) expect(why).toBeUndefined();
      else if (isSmallCount(value, policy(below))) expect(why).toBe('small');
      else expect(why === undefined || why === 'withheld').toBe(true);
    }
    if (below === 0) expect(hidden.size).toBe(0);
  }

  it('leaves no hidden count of a column recoverable from its total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(count, { nil: null, freq: 8 }), { minLength: 1, maxLength: 6 }),
        threshold,
        (counts, below) => {
          const ids = counts.map((_, i) => `c${i}`);
          const lines = linesOfCells(
            ids.map((id) => [id]),
            totalOf,
          );
          const values = withTotals(new Map(ids.map((id, i) => [id, counts[i]])), lines);
          const hidden = suppressCounts(values, lines, policy(below));
          checkWords(values, below, hidden);
          checkProtected(lines, values, below, hidden);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("leaves no hidden count of a grid recoverable from its rows', columns' or whole total", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(count, { minLength: 9, maxLength: 9 }),
        threshold,
        (rows, columns, counts, below) => {
          const cells = Array.from({ length: rows * columns }, (_, i) => [
            `r${Math.floor(i / columns)}`,
            `c${i % columns}`,
          ]);
          const lines = linesOfCells(cells, totalOf);
          const values = withTotals(new Map(cells.map((codes, i) => [codes.join(','), counts[i]])), lines);
          const hidden = suppressCounts(values, lines, policy(below));
          checkWords(values, below, hidden);
          checkProtected(lines, values, below, hidden);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves no hidden count recoverable through a sum across questions, blanks or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ count, blank: fc.boolean() }), { minLength: 2, maxLength: 5 }),
        threshold,
        (parts, below) => {
          // A total asked as its own question, and its parts asked as others, some not answered.
          const ids = parts.map((_, i) => `part${i}`);
          const values = new Map<string, number | null>([
            ...ids.map((id, i) => [id, parts[i].blank ? null : parts[i].count] as const),
            ['total', parts.reduce((sum, part) => sum + part.count, 0)],
          ]);
          const lines = [{ plus: ids, minus: ['total'] }];
          const hidden = suppressCounts(values, lines, policy(below));
          checkWords(values, below, hidden);
          checkProtected(lines, values, below, hidden);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
