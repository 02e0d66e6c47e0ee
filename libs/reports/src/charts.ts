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
export async function renderChart(option: ChartOption, width: number, height: number): Promise<ChartImage> {
  const rendered = await renderAsync(chartSvg(option, width, height), RENDER_OPTIONS as ResvgRenderOptions);
  return { png: rendered.asPng(), width, height };
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
