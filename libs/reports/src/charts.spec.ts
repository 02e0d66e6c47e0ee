import { chartSvg, renderChart, renderSvg, sparklineSvg } from './charts';

const option = {
  xAxis: { type: 'category' as const, data: ['2022-23', '2023-24', '2024-25'] },
  yAxis: { type: 'value' as const },
  series: [{ type: 'line' as const, data: [36, 33, 31] }],
};

describe('charts drawn on the server', () => {
  it('lays a chart out as SVG with its labels in the bundled font', () => {
    const svg = chartSvg(option, 240, 80);
    expect(svg).toMatch(/^<svg[^>]+width="240"[^>]+height="80"/);
    expect(svg).toContain('2024-25');
    expect(svg).toContain('DejaVu Sans');
  });

  it('rasterises it to a PNG at twice its display size', async () => {
    const image = await renderChart(option, 240, 80);
    expect(image).toMatchObject({ width: 240, height: 80 });
    expect(image.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: width and height, big-endian, at bytes 16-23.
    expect([image.png.readUInt32BE(16), image.png.readUInt32BE(20)]).toEqual([480, 160]);
  });
});

describe('sparklines', () => {
  it('draws the values as a line with gaps and the target dashed, with no text', () => {
    const svg = sparklineSvg({ values: [10, null, 30], reference: [20, 20, 20] }, 240, 48);
    expect(svg).toMatch(/^<svg[^>]+width="240" height="48"/);
    // Each value after a gap starts a path of its own; 10% of the range above and below.
    expect(svg).toContain('d="M4.0 40.7M236.0 7.3"');
    expect(svg).toContain('stroke-dasharray');
    expect(svg).not.toContain('<text');
    expect(svg.match(/<circle/g)).toHaveLength(2);
  });

  it('rasterises to a PNG without loading fonts', async () => {
    const image = await renderSvg(sparklineSvg({ values: [1, 2] }, 240, 48), 240, 48, 'no text');
    expect([image.png.readUInt32BE(16), image.png.readUInt32BE(20)]).toEqual([480, 96]);
  });
});
