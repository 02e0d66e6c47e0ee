// The KPIs sheet, in one place: how each KPI is read (latest value, target, RAG, direction of travel) and
// how it is written (one row per KPI with a small trend chart). KPIs are being extended elsewhere; this
// reads only the long-standing columns and treats an unknown unit or direction as plain numbers, unrated.
import type { Workbook, Worksheet } from 'exceljs';
import type { BoardReportData, ReportKpi, ReportKpiValue } from './board-report.data';
import type { ReportRag } from './board-report.assess';
import { type ChartImage, renderAll, renderChart } from './charts';
import {
  RAG_STYLES,
  NUMBER_FORMATS,
  FONTS,
  type ColumnSpec,
  addChartImage,
  addFilters,
  setUpTableSheet,
} from './workbook-styles';

/** Amber band either side of a target when the KPI sets none: 5%. */
export const DEFAULT_RAG_TOLERANCE = 0.05;

export type Travel = 'Improving' | 'Worsening' | 'No change' | 'Up' | 'Down' | 'Not known';

export interface KpiReading {
  latest: ReportKpiValue | null;
  previous: ReportKpiValue | null;
  target: number | null;
  rag: ReportRag;
  travel: Travel;
}

/** Reads a KPI as the board sees it: the latest period supplied, against its target and the period before. */
export function readKpi(kpi: ReportKpi): KpiReading {
  const supplied = kpi.values.filter((v) => v.value !== null);
  const latest = kpi.values.at(-1) ?? null;
  const previous =
    latest === null ? null : (supplied.filter((v) => v.periodStart < latest.periodStart).at(-1) ?? null);
  const target = latest ? (kpi.targets.find((t) => t.periodKey === latest.periodKey)?.value ?? null) : null;
  return {
    latest,
    previous,
    target,
    rag: ragAgainstTarget(kpi, latest?.value ?? null, target),
    travel: travelOf(kpi, latest, previous),
  };
}

function ragAgainstTarget(kpi: ReportKpi, value: number | null, target: number | null): ReportRag {
  if (value === null || target === null) return 'NOT_RATED';
  const band = Math.abs(target) * (kpi.ragTolerance ?? DEFAULT_RAG_TOLERANCE);
  if (kpi.direction === 'HIGHER_IS_BETTER')
    return value >= target ? 'GREEN' : value >= target - band ? 'AMBER' : 'RED';
  if (kpi.direction === 'LOWER_IS_BETTER')
    return value <= target ? 'GREEN' : value <= target + band ? 'AMBER' : 'RED';
  return 'NOT_RATED';
}

function travelOf(kpi: ReportKpi, latest: ReportKpiValue | null, previous: ReportKpiValue | null): Travel {
  if (latest?.value == null || previous?.value == null) return 'Not known';
  const change = latest.value - previous.value;
  if (change === 0) return 'No change';
  if (kpi.direction === 'HIGHER_IS_BETTER') return change > 0 ? 'Improving' : 'Worsening';
  if (kpi.direction === 'LOWER_IS_BETTER') return change < 0 ? 'Improving' : 'Worsening';
  return change > 0 ? 'Up' : 'Down';
}

const TRAVEL_ARROWS: Readonly<Record<Travel, string>> = Object.freeze({
  Improving: '▲ Improving',
  Worsening: '▼ Worsening',
  'No change': '► No change',
  Up: '▲ Up',
  Down: '▼ Down',
  'Not known': 'Not known',
});

/** Excel number format for a KPI's unit (percentages are stored 0-100 and written as fractions). */
function formatOf(unit: string): { numFmt: string; scale: number } {
  switch (unit) {
    case 'PERCENTAGE':
      return { numFmt: NUMBER_FORMATS.percentOneDecimal, scale: 0.01 };
    case 'MONEY':
      return { numFmt: NUMBER_FORMATS.money, scale: 1 };
    case 'COUNT':
      return { numFmt: NUMBER_FORMATS.integer, scale: 1 };
    case 'DAYS':
      return { numFmt: NUMBER_FORMATS.days, scale: 1 };
    default:
      return { numFmt: NUMBER_FORMATS.decimal, scale: 1 };
  }
}

const UNIT_LABELS: Readonly<Record<string, string>> = Object.freeze({
  COUNT: 'Count',
  PERCENTAGE: 'Percentage',
  RATE_PER_1000: 'Rate per 1,000',
  MONEY: 'Money (£)',
  DAYS: 'Days',
});

export const KPI_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Code', width: 16 },
  { header: 'KPI', width: 36, kind: 'wrap' },
  { header: 'Unit', width: 12 },
  { header: 'Latest period', width: 12 },
  { header: 'Latest value', width: 14 },
  { header: 'Value status', width: 12 },
  { header: 'Target', width: 14 },
  { header: 'RAG', width: 11 },
  { header: 'Direction of travel', width: 15 },
  { header: 'Previous value', width: 14 },
  { header: 'Baseline', width: 14 },
  { header: 'Baseline period', width: 11 },
  { header: 'Data owner', width: 22, kind: 'wrap' },
  { header: 'Note', width: 30, kind: 'wrap' },
  { header: 'Trend', width: 36 },
] satisfies ColumnSpec[]);

const TREND_SIZE = Object.freeze({ width: 240, height: 64 });

function trendChart(kpi: ReportKpi): Promise<ChartImage | null> {
  if (kpi.values.filter((v) => v.value !== null).length < 2) return Promise.resolve(null);
  const targets = new Map(kpi.targets.map((t) => [t.periodKey, t.value]));
  const hasTargets = kpi.values.some((v) => targets.has(v.periodKey));
  return renderChart(
    {
      grid: { left: 4, right: 4, top: 6, bottom: 16, containLabel: false },
      xAxis: {
        type: 'category',
        data: kpi.values.map((v) => v.periodKey),
        axisTick: { show: false },
        axisLabel: {
          fontSize: 9,
          color: '#505a5f',
          interval: (i: number) => i === 0 || i === kpi.values.length - 1,
        },
      },
      yAxis: { type: 'value', scale: true, show: false },
      series: [
        {
          type: 'line',
          data: kpi.values.map((v) => v.value),
          connectNulls: false,
          symbolSize: 4,
          lineStyle: { width: 2, color: '#1d70b8' },
          itemStyle: { color: '#1d70b8' },
        },
        ...(hasTargets
          ? [
              {
                type: 'line' as const,
                data: kpi.values.map((v) => targets.get(v.periodKey) ?? null),
                symbol: 'none',
                lineStyle: { width: 1, type: 'dashed' as const, color: '#505a5f' },
              },
            ]
          : []),
      ],
    },
    TREND_SIZE.width,
    TREND_SIZE.height,
  );
}

export interface KpiCellRefs {
  /** Row of each KPI on the sheet, by KPI id (for the provenance sheet). */
  rows: Map<string, number>;
  readings: Map<string, KpiReading>;
}

/** Writes the KPIs sheet: one row per KPI, RAG as text on its colour, and a trend chart beside it. */
export async function addKpiSheet(workbook: Workbook, data: BoardReportData): Promise<KpiCellRefs> {
  const sheet: Worksheet = workbook.addWorksheet('KPIs', { properties: { tabColor: { argb: 'FF1D70B8' } } });
  setUpTableSheet(sheet, KPI_COLUMNS);
  const kpis = [...data.kpis].sort((a, b) => a.code.localeCompare(b.code, 'en-GB', { numeric: true }));
  const charts = await renderAll(kpis, trendChart);
  const refs: KpiCellRefs = { rows: new Map(), readings: new Map() };

  kpis.forEach((kpi, index) => {
    const reading = readKpi(kpi);
    const { numFmt, scale } = formatOf(kpi.unit);
    const scaled = (v: number | null | undefined) => (v == null ? null : v * scale);
    const row = sheet.addRow([
      kpi.code,
      kpi.name,
      UNIT_LABELS[kpi.unit] ?? String(kpi.unit),
      reading.latest?.periodKey ?? 'None yet',
      reading.latest ? (scaled(reading.latest.value) ?? 'Not supplied') : null,
      reading.latest
        ? `${sentence(reading.latest.status)}${reading.latest.revision > 1 ? ` (revision ${reading.latest.revision})` : ''}`
        : null,
      scaled(reading.target) ?? 'No target',
      RAG_STYLES[reading.rag].label,
      TRAVEL_ARROWS[reading.travel],
      scaled(reading.previous?.value),
      scaled(kpi.baselineValue),
      kpi.baselinePeriod,
      kpi.dataOwner,
      [reading.latest?.exceptional ? 'Exceptional period' : null, reading.latest?.note]
        .filter(Boolean)
        .join('. ') || null,
    ]);
    for (const column of [5, 7, 10, 11]) row.getCell(column).numFmt = numFmt;
    const rag = row.getCell(8);
    rag.font = RAG_STYLES[reading.rag].font;
    if (RAG_STYLES[reading.rag].fill) rag.fill = RAG_STYLES[reading.rag].fill!;
    refs.rows.set(kpi.id, row.number);
    refs.readings.set(kpi.id, reading);

    const chart = charts[index];
    if (chart) {
      row.height = 52; // points: the 64-pixel chart plus a margin
      addChartImage(workbook, sheet, chart, {
        col: KPI_COLUMNS.length - 1 + 0.05,
        row: row.number - 1 + 0.05,
      });
    } else {
      row.getCell(KPI_COLUMNS.length).value = 'Fewer than two values';
      row.getCell(KPI_COLUMNS.length).font = FONTS.note;
    }
  });
  addFilters(sheet, KPI_COLUMNS.length - 1);
  return refs;
}

function sentence(value: string): string {
  return value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');
}
