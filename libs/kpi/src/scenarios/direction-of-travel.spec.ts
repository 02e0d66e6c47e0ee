// Scenario: direction of travel against the previous period and the baseline, and staleness.
import { type SeriesPoint, type StatusInput, kpiStatus } from '..';

const point = (periodKey: string, value: number | null, extra: Partial<SeriesPoint> = {}): SeriesPoint => ({
  periodKey,
  value,
  exceptional: false,
  seriesBreak: false,
  ...extra,
});
const homelessness: StatusInput = {
  frequency: 'FINANCIAL_YEAR',
  direction: 'LOWER_IS_BETTER',
  rag: { kind: 'TOLERANCE', tolerance: 0.1 },
  baseline: { periodKey: '2020-21', value: 276 },
  targets: new Map([['2022-23', 250]]),
  series: [point('2020-21', 276, { exceptional: true }), point('2021-22', 262), point('2022-23', 270)],
  asOf: new Date('2023-09-01T09:00:00Z'),
};

describe('scenario: direction of travel and staleness', () => {
  it('judges the latest year against its target, the year before and the baseline', () => {
    expect(kpiStatus(homelessness)).toEqual({
      latest: point('2022-23', 270),
      target: 250,
      rag: 'AMBER',
      stale: false,
      sincePrevious: { periodKey: '2021-22', value: 262, change: 'UP', travel: 'WORSENING' },
      sinceBaseline: { periodKey: '2020-21', value: 276, change: 'DOWN', travel: 'IMPROVING' },
    });
  });

  it('reads the same movement the other way round when higher is better, and not at all when neutral', () => {
    const higher = kpiStatus({ ...homelessness, direction: 'HIGHER_IS_BETTER' });
    expect([higher.sincePrevious?.travel, higher.sinceBaseline?.travel]).toEqual(['IMPROVING', 'WORSENING']);
    const neutral = kpiStatus({ ...homelessness, direction: 'NEUTRAL' });
    expect([neutral.sincePrevious?.change, neutral.sincePrevious?.travel]).toEqual(['UP', null]);
  });

  it('does not compare across a break in the series', () => {
    const broken = kpiStatus({
      ...homelessness,
      series: [point('2020-21', 276), point('2021-22', 262, { seriesBreak: true }), point('2022-23', 270)],
    });
    expect(broken.sincePrevious).not.toBeNull();
    expect(broken.sinceBaseline).toBeNull();
    const brokenLatest = kpiStatus({
      ...homelessness,
      series: [point('2021-22', 262), point('2022-23', 270, { seriesBreak: true })],
    });
    expect(brokenLatest.sincePrevious).toBeNull();
  });

  it('is stale, with no colour, once the year after the latest value has ended too', () => {
    expect(kpiStatus({ ...homelessness, asOf: new Date('2024-03-31T22:59:00Z') }).stale).toBe(false);
    const stale = kpiStatus({ ...homelessness, asOf: new Date('2024-04-01T00:00:00Z') });
    expect(stale).toMatchObject({ stale: true, rag: null, latest: { value: 270 } });
  });

  it('is stale with nothing to show when there is no value at all', () => {
    expect(kpiStatus({ ...homelessness, series: [point('2022-23', null)] })).toMatchObject({
      latest: null,
      stale: true,
    });
  });
});
