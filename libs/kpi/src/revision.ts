import { roundValue } from './definition';

/** Where a computed value comes from: a derived KPI's values are recorded with this source. */
export const FORMULA_SOURCE = 'formula';

/** The accepted value of a KPI for one period, as far as deciding on a new one is concerned. */
export interface RecordedValue {
  /** null: recorded as missing (never zero). */
  value: number | null;
  source: string;
  status: 'PROVISIONAL' | 'CONFIRMED';
  note: string | null;
  exceptional: boolean;
  seriesBreak: boolean;
  /** A different figure another source gave for the period, kept and flagged until a coordinator settles it. */
  openConflict?: { value: number | null; source: string } | null;
}

export interface IncomingValue extends Omit<RecordedValue, 'openConflict'> {
  /** Why it changed (kept with the revision). */
  reason: string | null;
  /**
   * A coordinator's deliberate correction: it replaces the accepted value even when another source gave
   * it. Without this, a different figure from a different source is a conflict.
   */
  settles: boolean;
}

/**
 * What a new value does to a period's record:
 * - `new`: the first value for the period;
 * - `unchanged`: the same as the accepted value in every respect (nothing is written: safe to repeat);
 * - `revision`: replaces the accepted value; the earlier one is kept as an older revision (a coordinator
 *   settling a conflict with the accepted figure records it again, closing the conflict);
 * - `conflict`: a different figure from a different source: kept and flagged, the accepted value stands
 *   (the same conflicting figure again is `unchanged`);
 * - `needs-reason`: a different figure from the same source, without saying why: refused.
 */
export type RevisionDecision = 'new' | 'unchanged' | 'revision' | 'conflict' | 'needs-reason';

export function sameValue(a: number | null, b: number | null): boolean {
  return a === null || b === null ? a === b : roundValue(a) === roundValue(b);
}

const sameSource = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function decideRevision(
  current: RecordedValue | undefined,
  incoming: IncomingValue,
): RevisionDecision {
  if (!current) return 'new';
  if (sameValue(current.value, incoming.value)) {
    // Settling a conflict in favour of the accepted figure records it again, which closes the conflict.
    if (incoming.settles && current.openConflict) return 'revision';
    const unchanged =
      current.status === incoming.status &&
      (incoming.note === null || incoming.note === current.note) &&
      current.exceptional === incoming.exceptional &&
      current.seriesBreak === incoming.seriesBreak;
    return unchanged ? 'unchanged' : 'revision';
  }
  if (incoming.settles) return 'revision';
  if (!sameSource(current.source, incoming.source)) {
    const known = current.openConflict;
    const repeated =
      known && sameSource(known.source, incoming.source) && sameValue(known.value, incoming.value);
    return repeated ? 'unchanged' : 'conflict';
  }
  return incoming.reason ? 'revision' : 'needs-reason';
}

/** A recorded value with the usual details: provisional, no note, not exceptional, no break in the series. */
export function recorded(
  value: number | null,
  source: string,
  details: Partial<RecordedValue> = {},
): RecordedValue {
  return {
    value,
    source,
    status: 'PROVISIONAL',
    note: null,
    exceptional: false,
    seriesBreak: false,
    ...details,
  };
}
