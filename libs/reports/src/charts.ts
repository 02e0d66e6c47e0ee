// Charts for workbooks. exceljs cannot draw native Excel charts, so charts are pictures: Apache ECharts
// lays the chart out as SVG on the server (its SSR renderer: no browser, no canvas), and resvg rasterises
// the SVG to PNG with the DejaVu fonts shipped in an npm package, so output does not depend on the fonts a
// server happens to have.
import * as echarts from 'echarts';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

export type ChartOption = echarts.EChartsOption;

export interface ChartImage {
  png: Buffer;
  /** Size to show the picture at, in pixels (it is drawn at twice this, for print). */
  width: number;
  height: number;
}

export const CHART_FONT_FAMILY = 'DejaVu Sans';

const RENDER_OPTIONS: Readonly<ResvgRenderOptions> = Object.freeze({
  font: Object.freeze({
    loadSystemFonts: false,
    fontFiles: Object.freeze([
      require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
      require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
    ]) as string[],
    defaultFontFamily: CHART_FONT_FAMILY,
    sansSerifFamily: CHART_FONT_FAMILY,
  }),
  fitTo: Object.freeze({ mode: 'zoom', value: 2 }) as ResvgRenderOptions['fitTo'],
  background: '#ffffff',
});

/** Lays out a chart as SVG (no animation, DejaVu Sans throughout). */
export function chartSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT_FAMILY }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Renders a chart to PNG off the main thread (resvg runs on libuv's thread pool). */
export function renderChart(option: ChartOption, width: number, height: number): Promise<ChartImage> {
  return renderSvg(chartSvg(option, width, height), width, height);
}

/** For an SVG without text: loading the fonts takes longer than drawing a small picture. */
const SHAPES_ONLY: Readonly<ResvgRenderOptions> = Object.freeze({
  ...RENDER_OPTIONS,
  font: Object.freeze({ loadSystemFonts: false }),
});

/**
 * Rasterises an SVG of the given display size to PNG, at twice that size, off the main thread; with the
 * bundled fonts unless it has no text.
 */
export async function renderSvg(
  svg: string,
  width: number,
  height: number,
  fonts: 'fonts' | 'no text' = 'fonts',
): Promise<ChartImage> {
  const options = fonts === 'fonts' ? RENDER_OPTIONS : SHAPES_ONLY;
  const rendered = await renderAsync(svg, options as ResvgRenderOptions);
  return { png: rendered.asPng(), width, height };
}

export interface Sparkline {
  /** Null where there is no value: the line has a gap. */
  values: readonly (number | null)[];
  /** A dashed second line (a target), when given. */
  reference?: readonly (number | null)[];
}

const SPARK = Object.freeze({ left: 4, right: 4, top: 4, bottom: 4, line: '#1d70b8', reference: '#505a5f' });

/**
 * A small trend line as SVG, with no text (the periods it spans go in the cell, as text): drawn directly
 * rather than laid out by ECharts, since a board report has one per KPI, hundreds, and a chart library's
 * layout of each, or loading fonts to draw it, costs more than the rest of the sheet.
 */
export function sparklineSvg(line: Sparkline, width: number, height: number): string {
  const all = [...line.values, ...(line.reference ?? [])].filter((v): v is number => v !== null);
  const low = Math.min(...all);
  const high = Math.max(...all);
  const pad = (high - low || Math.abs(high) || 1) * 0.1;
  const [min, max] = [low - pad, high + pad];
  const plotWidth = width - SPARK.left - SPARK.right;
  const plotHeight = height - SPARK.top - SPARK.bottom;
  const step = line.values.length > 1 ? plotWidth / (line.values.length - 1) : 0;
  const x = (i: number) => (SPARK.left + i * step).toFixed(1);
  const y = (v: number) => (SPARK.top + ((max - v) / (max - min)) * plotHeight).toFixed(1);
  const path = (values: readonly (number | null)[]) =>
    values
      .map((v, i) => (v === null ? '' : `${i > 0 && values[i - 1] !== null ? 'L' : 'M'}${x(i)} ${y(v)}`))
      .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    line.reference
      ? `<path d="${path(line.reference)}" fill="none" stroke="${SPARK.reference}" stroke-width="1" stroke-dasharray="4 3"/>`
      : '',
    `<path d="${path(line.values)}" fill="none" stroke="${SPARK.line}" stroke-width="2" stroke-linejoin="round"/>`,
    ...line.values.map((v, i) =>
      v === null ? '' : `<circle cx="${x(i)}" cy="${y(v)}" r="2" fill="${SPARK.line}"/>`,
    ),
    '</svg>',
  ].join('');
}

/** Runs `render` over `items` a few at a time, keeping the order: hundreds of charts without flooding. */
export async function renderAll<T>(
  items: readonly T[],
  render: (item: T) => Promise<ChartImage | null>,
  concurrency = 4,
): Promise<(ChartImage | null)[]> {
  const results: (ChartImage | null)[] = new Array(items.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await render(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
