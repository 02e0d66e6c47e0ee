import {
  kpiPeriod,
  kpiPeriodAt,
  kpiPeriodLabel,
  monthNumberAt,
  nextEntryPeriod,
  previousKpiPeriod,
} from '@waymark/calendar';
import type { KpiView } from '../kpis/kpi.view';

type SeriesView = NonNullable<KpiView['series']>;

const UNIT_NAMES: Record<string, string> = {
  COUNT: 'Count',
  PERCENTAGE: 'Percentage',
  RATE_PER_1000: 'Rate per 1,000',
  MONEY: 'Money (£)',
  DAYS: 'Days',
};

const FREQUENCY_NAMES: Record<string, string> = {
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  FINANCIAL_YEAR: 'Financial year',
  ROLLING_12_MONTHS: 'Rolling 12 months',
};

const DIRECTION_NAMES: Record<string, string> = {
  HIGHER_IS_BETTER: 'Higher is better',
  LOWER_IS_BETTER: 'Lower is better',
  NEUTRAL: 'Neither higher nor lower is better',
};

/** Names for the codes the KPI views show (units, frequencies, directions), for the console's pages. */
export const KPI_NAMES = { units: UNIT_NAMES, frequencies: FREQUENCY_NAMES, directions: DIRECTION_NAMES };

/** A figure as a page shows it: "7,522", "37.5%", "£1,200", "not available" for a missing one. */
export function formatFigure(value: number | null, unit: string): string {
  if (value === null) return 'not available';
  const number = value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  if (unit === 'PERCENTAGE') return `${number}%`;
  if (unit === 'MONEY') return `£${number}`;
  return number;
}

/** The quarter whose KPI collection is under way or just done: the one just ended, as its schedule starts it. */
export const collectionQuarter = (asOf: Date) =>
  previousKpiPeriod(kpiPeriodAt('QUARTERLY', monthNumberAt(asOf)));

/** "Quarter 2 2026/27" for a KPI's period key, as the pages name periods. */
export const periodLabel = (periodKey: string) => kpiPeriodLabel(kpiPeriod(periodKey));

/**
 * What the KPI list shows beside the API's status: the periods with an open conflict between sources, and the
 * next figure due (the period entered after the latest, and whether it has ended).
 */
export function kpiListRow(kpi: KpiView, asOf: Date) {
  const series = kpi.series ?? [];
  const latest = kpi.status.latest;
  const next = latest
    ? nextEntryPeriod(kpiPeriod(latest.periodKey, kpi.frequency), kpi.entryCadence)
    : undefined;
  return {
    kpi,
    conflicts: series.filter((point) => point.conflict).map((point) => point.periodLabel),
    latestLabel: latest ? kpiPeriodLabel(kpiPeriod(latest.periodKey, kpi.frequency)) : null,
    latestFigure: latest ? formatFigure(latest.value, kpi.unit) : null,
    nextDue: next ? { label: kpiPeriodLabel(next), ended: next.lastMonth < monthNumberAt(asOf) } : null,
  };
}

const WIDTH = 640;
const HEIGHT = 300;
const PLOT = { left: 64, right: 16, top: 16, bottom: 56 };

/** Round steps for the value axis: 1, 2 or 5 times a power of ten, about four of them. */
function ticks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) as number;
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/**
 * The series chart's geometry, drawn as SVG by the view (no JavaScript): the figures as a line with a point
 * per period (a missing figure breaks the line, never drawn as zero), the targets as a dashed line, the value
 * axis from zero, and a title and description that say the same in words. The table beside it has the
 * figures themselves.
 */
export function kpiChart(kpi: KpiView) {
  const series: SeriesView = kpi.series ?? [];
  const figures = series.flatMap((p) => [p.value, p.target]).filter((v): v is number => v !== null);
  const axis = ticks(Math.max(0, ...figures));
  const top = axis.at(-1) as number;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const x = (i: number) =>
    PLOT.left + (series.length <= 1 ? plotWidth / 2 : (i * plotWidth) / (series.length - 1));
  const y = (value: number) => PLOT.top + plotHeight - (value / top) * plotHeight;
  const lines = (pick: (p: SeriesView[number]) => number | null) => {
    const runs: string[][] = [[]];
    series.forEach((p, i) => {
      const value = pick(p);
      if (value === null) runs.push([]);
      else (runs.at(-1) as string[]).push(`${x(i).toFixed(1)},${y(value).toFixed(1)}`);
    });
    return runs.filter((run) => run.length > 0).map((run) => run.join(' '));
  };
  // At most about eight period labels fit under the axis; the table has them all.
  const labelEvery = Math.max(1, Math.ceil(series.length / 8));
  const valued = series.filter((p) => p.value !== null);
  const first = valued[0];
  const last = valued.at(-1);
  return {
    width: WIDTH,
    height: HEIGHT,
    plot: { left: PLOT.left, right: WIDTH - PLOT.right, top: PLOT.top, bottom: HEIGHT - PLOT.bottom },
    yTicks: axis.map((value) => ({ y: y(value).toFixed(1), label: formatFigure(value, kpi.unit) })),
    xLabels: series.flatMap((p, i) =>
      i % labelEvery === 0 || i === series.length - 1
        ? [
            {
              x: x(i).toFixed(1),
              y: HEIGHT - PLOT.bottom + 20,
              label: p.periodLabel,
              // The last label ends at its point, so that it stays inside the chart.
              anchor: i === series.length - 1 && series.length > 1 ? 'end' : 'middle',
            },
          ]
        : [],
    ),
    valueLines: lines((p) => p.value),
    targetLines: lines((p) => p.target),
    points: series.flatMap((p, i) =>
      p.value === null ? [] : [{ x: x(i).toFixed(1), y: y(p.value).toFixed(1) }],
    ),
    hasTargets: series.some((p) => p.target !== null),
    title: `${kpi.name}: figures by period`,
    description:
      first && last
        ? `${valued.length} figures from ${first.periodLabel} (${formatFigure(first.value, kpi.unit)}) to ` +
          `${last.periodLabel} (${formatFigure(last.value, kpi.unit)})` +
          (series.length > valued.length ? `; ${series.length - valued.length} periods not available` : '') +
          (series.some((p) => p.target !== null) ? '; targets shown as a dashed line' : '') +
          '. The table below has every figure.'
        : 'No figures yet.',
  };
}
