// Small-number suppression for published outputs (the annual report): counts from 1 to suppressBelow − 1 are
// not shown ("fewer than 5"), zero stays zero, and where a line of a table has a shown total, further cells
// are withheld so that no hidden count can be worked out from the total and the cells that are shown.
// Pure: it reads nothing but its input.

/** The partnership's policy: counts 1 to suppressBelow − 1 are shown as `replaceWith`. 0 turns it off. */
export interface SuppressionPolicy {
  suppressBelow: number;
  replaceWith: string;
}

export const DEFAULT_SUPPRESS_BELOW = 5;

/** "fewer than 5": what a small count is shown as unless the coordinator words it otherwise. */
export function defaultReplaceWith(suppressBelow: number): string {
  return `fewer than ${suppressBelow}`;
}

export const DEFAULT_SUPPRESSION_POLICY: Readonly<SuppressionPolicy> = Object.freeze({
  suppressBelow: DEFAULT_SUPPRESS_BELOW,
  replaceWith: defaultReplaceWith(DEFAULT_SUPPRESS_BELOW),
});

/** What a withheld cell (hidden only to protect a small one) is shown as. */
export const WITHHELD = 'withheld';

/**
 * Why a cell is hidden: `small` is a count from 1 to suppressBelow − 1 (shown as the policy's words);
 * `withheld` is a larger count hidden so that a small one cannot be worked out by subtraction.
 */
export type Suppression = 'small' | 'withheld';

/** A count the policy hides: 1 to suppressBelow − 1. Zero is never hidden. */
export function isSmallCount(value: number, policy: SuppressionPolicy): boolean {
  return value >= 1 && value < policy.suppressBelow;
}

export interface SuppressedTable {
  /** The hidden cells, by id, and why. */
  cells: Map<string, Suppression>;
  /**
   * Lines (indexes into the lines given) whose total must not be shown either: even with every other cell
   * withheld, the total and the cells would still give a hidden count away (e.g. two counts of 4 and a total
   * of 8).
   */
  hiddenTotals: Set<number>;
}

/**
 * Which cells of one table of counts to hide. `values`: every cell's count by id, or null when the cell shows
 * no number (not provided, not collected). `lines`: sets of cell ids whose total is, or can be, shown (a
 * column of a table, a row or column of a grid, the whole question): in each, the total less the cells shown
 * gives the sum of the hidden ones.
 *
 * Small counts are hidden first. Then, line by line until nothing changes, while a hidden cell of a line could
 * be worked out by a reader who knows the line's total, the cells shown and what the words say (a small count
 * is 1 to suppressBelow − 1; a withheld one is at least suppressBelow), the smallest non-zero count still
 * shown in the line is withheld too. A line where nothing is left to withhold has its total hidden.
 */
export function suppressCounts(
  values: ReadonlyMap<string, number | null>,
  lines: readonly (readonly string[])[],
  policy: SuppressionPolicy,
): SuppressedTable {
  const cells = new Map<string, Suppression>();
  const hiddenTotals = new Set<number>();
  if (policy.suppressBelow <= 0) return { cells, hiddenTotals };
  for (const [id, value] of values) if (value !== null && isSmallCount(value, policy)) cells.set(id, 'small');

  let changed = true;
  while (changed) {
    changed = false;
    lines.forEach((line, index) => {
      while (!hiddenTotals.has(index) && exposed(line, values, cells, policy)) {
        const next = line
          .filter((id) => !cells.has(id) && (values.get(id) ?? 0) > 0)
          .sort((a, b) => values.get(a)! - values.get(b)!)[0];
        if (next === undefined) {
          hiddenTotals.add(index);
          break;
        }
        cells.set(next, 'withheld');
        changed = true;
      }
    });
  }
  return { cells, hiddenTotals };
}

/** Whether a hidden cell of the line can take only one value, given the line's total and the words shown. */
function exposed(
  line: readonly string[],
  values: ReadonlyMap<string, number | null>,
  cells: ReadonlyMap<string, Suppression>,
  policy: SuppressionPolicy,
): boolean {
  const hidden = line.filter((id) => cells.has(id) && values.get(id) !== null);
  if (hidden.length === 0) return false;
  const sum = hidden.reduce((total, id) => total + values.get(id)!, 0);
  const range = (id: string): [number, number] =>
    cells.get(id) === 'small' ? [1, policy.suppressBelow - 1] : [policy.suppressBelow, Infinity];
  const others = (id: string, end: 0 | 1) =>
    hidden.filter((other) => other !== id).reduce((total, other) => total + range(other)[end], 0);
  return hidden.some((id) => {
    const [low, high] = range(id);
    const least = Math.max(low, sum - others(id, 1));
    const most = Math.min(high, sum - others(id, 0));
    return least >= most;
  });
}

/**
 * The lines of a question's cells (each cell its codes, one per dimension): for each dimension, the cells
 * that differ only in it (a column of a table; each row and each column of a grid), and all the cells.
 */
export function linesOfCells(cells: readonly (readonly string[])[]): string[][] {
  const ids = cells.map((codes) => codes.join(','));
  const dimensions = cells[0]?.length ?? 0;
  const lines: string[][] = [];
  for (let d = 0; d < dimensions; d += 1) {
    const groups = new Map<string, string[]>();
    cells.forEach((codes, i) => {
      const rest = codes.filter((_, j) => j !== d).join(',');
      groups.set(rest, [...(groups.get(rest) ?? []), ids[i]]);
    });
    lines.push(...groups.values());
  }
  if (dimensions !== 1) lines.push(ids);
  return lines;
}
