// The KPIs sheet, in one place: how each KPI is read (latest value, target, RAG, direction of travel,
// stale) and how it is written (one row per KPI with a small trend chart). The reading is the API's own
// (`kpiStatus` from @waymark/kpi), so the board sees the colours the coordinator sees.
import type { Alignment, Workbook, Worksheet } from 'exceljs';
import { type Comparison, kpiStatus } from '@waymark/kpi';
import type { BoardReportData, ReportKpi, ReportKpiValue } from './board-report.data';
import type { ReportRag } from './board-report.assess';
import { type ChartImage, renderAll, renderSvg, sparklineSvg } from './charts';
import {
  RAG_STYLES,
  NUMBER_FORMATS,
  FONTS,
  type ColumnSpec,
  addChartImage,
  addFilters,
  layOutSheet,
  setUpTableSheet,
} from '@waymark/workbooks';

export type Travel = 'Improving' | 'Worsening' | 'No change' | 'Up' | 'Down' | 'Not known';

export interface KpiReading {
  /** The most recent period with a value (a period recorded as missing is skipped, never read as zero). */
  latest: ReportKpiValue | null;
  previous: ReportKpiValue | null;
  target: number | null;
  /** STALE once the period after the latest value has ended too; NOT_RATED with no rule or no target. */
  rag: ReportRag;
  travel: Travel;
  /** Periods after the latest value recorded as missing ("Not supplied" rows, with their notes). */
  missingSince: ReportKpiValue[];
}

/** Reads a KPI as of `asOf` exactly as the admin API does (`kpiStatus`), in the board's words. */
export function readKpi(kpi: ReportKpi, asOf: Date): KpiReading {
  const status = kpiStatus({
    frequency: kpi.frequency,
    cadence: kpi.cadence,
    direction: kpi.direction,
    rag: kpi.rag,
    baseline:
      kpi.baselinePeriod !== null && kpi.baselineValue !== null
        ? { periodKey: kpi.baselinePeriod, value: kpi.baselineValue }
        : null,
    targets: new Map(kpi.targets.map((t) => [t.periodKey, t.value])),
    series: kpi.values,
    asOf,
  });
  const byPeriod = (periodKey: string | undefined) =>
    kpi.values.find((v) => v.periodKey === periodKey) ?? null;
  const latest = byPeriod(status.latest?.periodKey);
  return {
    latest,
    previous: byPeriod(status.sincePrevious?.periodKey),
    target: status.target,
    rag: latest === null ? 'NOT_RATED' : status.stale ? 'STALE' : (status.rag ?? 'NOT_RATED'),
    travel: travelOf(status.sincePrevious),
    missingSince: latest
      ? kpi.values.filter((v) => v.value === null && v.periodStart > latest.periodStart)
      : kpi.values,
  };
}

const TRAVEL_WORDS = Object.freeze({
  IMPROVING: 'Improving',
  WORSENING: 'Worsening',
  NO_CHANGE: 'No change',
});
const CHANGE_WORDS = Object.freeze({ UP: 'Up', DOWN: 'Down', SAME: 'No change' });

function travelOf(comparison: Comparison | null): Travel {
  if (comparison === null) return 'Not known';
  return comparison.travel === null ? CHANGE_WORDS[comparison.change] : TRAVEL_WORDS[comparison.travel];
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
export function formatOf(unit: string): { numFmt: string; scale: number } {
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

/** A KPI's value in words, formatted as the KPIs sheet shows it (45.4%, £1,200.00, 24.42). */
export function kpiValueText(unit: string, value: number | null): string | null {
  if (value === null) return null;
  const fixed = (digits: number) =>
    value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  switch (unit) {
    case 'PERCENTAGE':
      return `${fixed(1)}%`;
    case 'MONEY':
      return `£${fixed(2)}`;
    case 'COUNT':
      return fixed(0);
    case 'DAYS':
      return `${fixed(1)} days`;
    default:
      return fixed(2);
  }
}

export const UNIT_LABELS: Readonly<Record<string, string>> = Object.freeze({
  COUNT: 'Count',
  PERCENTAGE: 'Percentage',
  RATE_PER_1000: 'Rate per 1,000',
  MONEY: 'Money (£)',
  DAYS: 'Days',
});

export const KPI_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Code', width: 30 },
  { header: 'KPI', width: 36, kind: 'wrap' },
  { header: 'Unit', width: 12 },
  { header: 'Latest period', width: 12 },
  { header: 'Latest value', width: 14, kind: 'decimal' },
  { header: 'Value status', width: 12 },
  { header: 'Target', width: 14, kind: 'decimal' },
  { header: 'RAG', width: 11 },
  { header: 'Direction of travel', width: 15 },
  { header: 'Previous value', width: 14, kind: 'decimal' },
  { header: 'Baseline', width: 14, kind: 'decimal' },
  { header: 'Baseline period', width: 11 },
  { header: 'Data owner', width: 22, kind: 'wrap' },
  { header: 'Note', width: 30, kind: 'wrap' },
  { header: 'Trend', width: 36 },
] satisfies ColumnSpec[]);

const TREND_SIZE = Object.freeze({ width: 240, height: 48 });
/** Under the picture, in the cell: the periods the trend spans. */
const TREND_LABEL: Partial<Alignment> = Object.freeze({ vertical: 'bottom', horizontal: 'left' });

function trendChart(kpi: ReportKpi): Promise<ChartImage | null> {
  if (kpi.values.filter((v) => v.value !== null).length < 2) return Promise.resolve(null);
  const targets = new Map(kpi.targets.map((t) => [t.periodKey, t.value]));
  const hasTargets = kpi.values.some((v) => targets.has(v.periodKey));
  const svg = sparklineSvg(
    {
      values: kpi.values.map((v) => v.value),
      reference: hasTargets ? kpi.values.map((v) => targets.get(v.periodKey) ?? null) : undefined,
    },
    TREND_SIZE.width,
    TREND_SIZE.height,
  );
  return renderSvg(svg, TREND_SIZE.width, TREND_SIZE.height, 'no text');
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
    const reading = readKpi(kpi, data.asOf);
    const { numFmt, scale } = formatOf(kpi.unit);
    const scaled = (v: number | null | undefined) => (v == null ? null : v * scale);
    const row = sheet.addRow([
      kpi.code,
      kpi.name,
      UNIT_LABELS[kpi.unit] ?? String(kpi.unit),
      reading.latest?.periodKey ?? 'None yet',
      reading.latest ? scaled(reading.latest.value) : null,
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
      [
        reading.latest?.exceptional ? 'Exceptional period' : null,
        reading.rag === 'STALE' ? 'Stale: no figure for the period after the latest' : null,
        ...reading.missingSince.map((v) => `${v.periodKey} not supplied${v.note ? `: ${v.note}` : ''}`),
        reading.latest?.note,
      ]
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
      // Points, at least: the 48-pixel picture, the periods under it, and a margin (a long note makes it taller).
      row.height = 56;
      const spans = row.getCell(KPI_COLUMNS.length);
      spans.value = `${kpi.values[0].periodKey} to ${kpi.values[kpi.values.length - 1].periodKey}`;
      spans.font = FONTS.note;
      spans.alignment = TREND_LABEL;
      addChartImage(workbook, sheet, chart, {
        col: KPI_COLUMNS.length - 1 + 0.05,
        row: row.number - 1 + 0.05,
      });
    } else {
      row.getCell(KPI_COLUMNS.length).value = 'Fewer than two values';
      row.getCell(KPI_COLUMNS.length).font = FONTS.note;
    }
  });
  if (kpis.length === 0) sheet.addRow(['', 'No KPIs have been set up for this strategy yet.']);
  addFilters(sheet, KPI_COLUMNS.length - 1);
  // Each column's given width is its cap; the trend column keeps its width, which the pictures need.
  layOutSheet(sheet, {
    columns: Object.fromEntries(
      KPI_COLUMNS.map((c, i) => [i + 1, i === KPI_COLUMNS.length - 1 ? c.width : { max: c.width }]),
    ),
    keyColumns: 'A:B',
  });
  return refs;
}

function sentence(value: string): string {
  return value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');
}
