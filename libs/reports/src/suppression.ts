// Small-number suppression for published outputs (the annual report): counts from 1 to suppressBelow − 1 are
// not shown ("fewer than 5"), zero stays zero, and wherever counts are known to add up (a table and its total,
// a total asked apart from its parts) further counts are withheld so that no hidden count can be worked out
// from the ones shown. Pure: it reads nothing but its input.

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

/**
 * Counts a reader knows add up: the counts in `plus` sum to the counts in `minus` (the parts of a table and its
 * total; a template's rule such as households stopped = sanctuary + non-sanctuary). Ids are those of `values`.
 */
export interface CountLine {
  plus: readonly string[];
  minus: readonly string[];
}

/**
 * Which counts to hide, and why. `values`: every count by id, or null when the cell shows no number (not
 * provided, not collected): a reader does not know it. `lines`: the sums a reader knows hold.
 *
 * Small counts are hidden first. Then, line by line until nothing changes, while a hidden count of a line
 * could be worked out by a reader who knows the counts shown and what the words say (a small count is 1 to
 * suppressBelow − 1; a withheld one is at least suppressBelow; a cell without a number is 0 or more, or 0 for
 * a reader who takes it so), the smallest non-zero count still shown in the line, a total included, is
 * withheld too.
 */
export function suppressCounts(
  values: ReadonlyMap<string, number | null>,
  lines: readonly CountLine[],
  policy: SuppressionPolicy,
): Map<string, Suppression> {
  const hidden = new Map<string, Suppression>();
  if (policy.suppressBelow <= 0) return hidden;
  for (const [id, value] of values)
    if (value !== null && isSmallCount(value, policy)) hidden.set(id, 'small');

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      while (exposed(line, values, hidden, policy)) {
        const next = [...line.plus, ...line.minus]
          .filter((id) => !hidden.has(id) && (values.get(id) ?? 0) > 0)
          .sort((a, b) => values.get(a)! - values.get(b)!)[0];
        if (next === undefined) break;
        hidden.set(next, 'withheld');
        changed = true;
      }
    }
  }
  return hidden;
}

/**
 * Whether a hidden count of the line can take only one value, for either of two readers who know the counts
 * shown and what the words say: one who takes a cell without a number as unknown (0 or more), and one who
 * takes it as 0 (where that is consistent with the counts, so that what they work out is right). Each unknown
 * has a range; the line's sum, less what is shown, bounds each unknown by the ranges of the others.
 */
function exposed(
  line: CountLine,
  values: ReadonlyMap<string, number | null>,
  hidden: ReadonlyMap<string, Suppression>,
  policy: SuppressionPolicy,
): boolean {
  const terms = [...line.plus.map((id) => ({ id, sign: 1 })), ...line.minus.map((id) => ({ id, sign: -1 }))];
  if (!terms.some((t) => hidden.has(t.id))) return false;
  const blank = (id: string) => values.get(id) == null;
  const shown = terms.filter((t) => !hidden.has(t.id) && !blank(t.id));
  // What the hidden counts and the blanks must add up to (signed), from the counts shown.
  const known = -shown.reduce((sum, t) => sum + t.sign * values.get(t.id)!, 0);
  const hiddenSum = terms
    .filter((t) => hidden.has(t.id))
    .reduce((sum, t) => sum + t.sign * values.get(t.id)!, 0);
  const range = (id: string): [number, number] => {
    const why = hidden.get(id);
    if (why === 'small') return [1, policy.suppressBelow - 1];
    return why === 'withheld' ? [policy.suppressBelow, Infinity] : [0, Infinity];
  };
  const pinned = (unknowns: typeof terms) =>
    unknowns.some((t) => {
      if (!hidden.has(t.id)) return false;
      // t.sign × value = known − (the others' signed sum), which lies between least and most.
      let least = 0;
      let most = 0;
      for (const other of unknowns) {
        if (other === t) continue;
        const [low, high] = range(other.id);
        least += other.sign > 0 ? low : -high;
        most += other.sign > 0 ? high : -low;
      }
      const [low, high] = range(t.id);
      const from = t.sign > 0 ? known - most : least - known;
      const to = t.sign > 0 ? known - least : most - known;
      return Math.max(low, from) >= Math.min(high, to);
    });
  const withBlanks = terms.filter((t) => hidden.has(t.id) || blank(t.id));
  return pinned(withBlanks) || (hiddenSum === known && pinned(terms.filter((t) => hidden.has(t.id))));
}

/**
 * The lines of one question's cells (each cell its codes, one per dimension), each with a total of its own:
 * for each dimension, the cells that differ only in it (a column of a table; each row and each column of a
 * grid), and all the cells. The total's id is `totalId` of the line's cell ids.
 */
export function linesOfCells(
  cells: readonly (readonly string[])[],
  totalId: (ids: readonly string[]) => string,
): CountLine[] {
  const ids = cells.map((codes) => codes.join(','));
  const dimensions = cells[0]?.length ?? 0;
  const groups: string[][] = [];
  for (let d = 0; d < dimensions; d += 1) {
    const byRest = new Map<string, string[]>();
    cells.forEach((codes, i) => {
      const rest = codes.filter((_, j) => j !== d).join(',');
      byRest.set(rest, [...(byRest.get(rest) ?? []), ids[i]]);
    });
    groups.push(...byRest.values());
  }
  if (dimensions > 1) groups.push(ids);
  return groups.map((plus) => ({ plus, minus: [totalId(plus)] }));
}
