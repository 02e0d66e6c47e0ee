import {
  type KpiEntryCadenceKey,
  type KpiFrequencyKey,
  kpiPeriod,
  monthNumberAt,
  nextEntryPeriod,
} from '@waymark/calendar';
import type { KpiDirectionKey, RagColour, RagRule } from './definition';
import { ragFor } from './rag';
import { sameValue } from './revision';

export interface SeriesPoint {
  periodKey: string;
  /** null: recorded as missing. */
  value: number | null;
  exceptional: boolean;
  /** The series was redefined from this period: it is not compared with earlier periods. */
  seriesBreak: boolean;
}

export interface StatusInput {
  frequency: KpiFrequencyKey;
  /** How often a figure is entered; every period when left out. */
  cadence?: KpiEntryCadenceKey;
  direction: KpiDirectionKey;
  rag: RagRule;
  baseline: { periodKey: string; value: number } | null;
  targets: ReadonlyMap<string, number>;
  series: readonly SeriesPoint[];
  asOf: Date;
}

export type Travel = 'IMPROVING' | 'WORSENING' | 'NO_CHANGE';

export interface Comparison {
  periodKey: string;
  value: number;
  change: 'UP' | 'DOWN' | 'SAME';
  /** null when the KPI has no better direction (neutral). */
  travel: Travel | null;
}

export interface KpiStatus {
  /** The most recent period with a value (missing periods are skipped, never read as zero). */
  latest: (SeriesPoint & { value: number }) | null;
  target: number | null;
  /** Against the latest period's target or thresholds; null when stale, or with nothing to judge. */
  rag: RagColour | null;
  /** The latest value is older than the KPI's cadence: the next period entered after it has ended too. */
  stale: boolean;
  /**
   * Against the figure before the latest that the series has (its period named: for a figure entered yearly,
   * the year before); null when there is none, or the latest starts a new series.
   */
  sincePrevious: Comparison | null;
  /** Against the baseline (null without one, or when the series broke since). */
  sinceBaseline: Comparison | null;
}

export function kpiStatus(input: StatusInput): KpiStatus {
  const valued = input.series
    .filter((p): p is SeriesPoint & { value: number } => p.value !== null)
    .map((point) => ({ point, period: kpiPeriod(point.periodKey, input.frequency) }))
    .sort((a, b) => a.period.lastMonth - b.period.lastMonth);
  const last = valued.at(-1);
  if (!last)
    return { latest: null, target: null, rag: null, stale: true, sincePrevious: null, sinceBaseline: null };

  const { point: latest, period } = last;
  const target = input.targets.get(latest.periodKey) ?? null;
  const stale =
    nextEntryPeriod(period, input.cadence ?? 'EVERY_PERIOD').lastMonth < monthNumberAt(input.asOf);
  const previous = latest.seriesBreak ? undefined : valued.at(-2)?.point;
  const baseline = input.baseline;
  const baselinePeriod = baseline ? kpiPeriod(baseline.periodKey) : undefined;
  const brokenSinceBaseline =
    baselinePeriod !== undefined &&
    input.series.some((p) => {
      if (!p.seriesBreak) return false;
      const month = kpiPeriod(p.periodKey, input.frequency).lastMonth;
      return month > baselinePeriod.lastMonth && month <= period.lastMonth;
    });
  return {
    latest,
    target,
    rag: stale ? null : ragFor(input.rag, input.direction, latest.value, target),
    stale,
    sincePrevious: previous ? compare(latest.value, previous, input.direction) : null,
    sinceBaseline:
      baseline && !brokenSinceBaseline && baseline.periodKey !== latest.periodKey
        ? compare(latest.value, baseline, input.direction)
        : null,
  };
}

function compare(
  value: number,
  earlier: { periodKey: string; value: number },
  direction: KpiDirectionKey,
): Comparison {
  const change = sameValue(value, earlier.value) ? 'SAME' : value > earlier.value ? 'UP' : 'DOWN';
  const better = direction === 'HIGHER_IS_BETTER' ? 'UP' : 'DOWN';
  return {
    periodKey: earlier.periodKey,
    value: earlier.value,
    change,
    travel:
      direction === 'NEUTRAL'
        ? null
        : change === 'SAME'
          ? 'NO_CHANGE'
          : change === better
            ? 'IMPROVING'
            : 'WORSENING',
  };
}
