// Scenario: figures published once a year (police by calendar year, MARAC to June), kept as rolling
// 12-month KPIs entered yearly: compared with the year before, and stale only when the next year's is due.
import { type SeriesPoint, type StatusInput, kpiStatus } from '..';

const point = (periodKey: string, value: number | null): SeriesPoint => ({
  periodKey,
  value,
  exceptional: false,
  seriesBreak: false,
});
const recordedCrimes: StatusInput = {
  frequency: 'ROLLING_12_MONTHS',
  cadence: 'YEARLY_TO_DECEMBER',
  direction: 'LOWER_IS_BETTER',
  rag: { kind: 'NONE' },
  baseline: null,
  targets: new Map(),
  series: [point('2024-12-R12', 5210), point('2025-12-R12', 4980)],
  asOf: new Date('2026-06-01T09:00:00Z'),
};

describe('scenario: a figure entered once a year', () => {
  it('has a direction of travel against the year before, naming that year', () => {
    expect(kpiStatus(recordedCrimes).sincePrevious).toEqual({
      periodKey: '2024-12-R12',
      value: 5210,
      change: 'DOWN',
      travel: 'IMPROVING',
    });
  });

  it('is not stale until the next December figure is overdue', () => {
    expect(kpiStatus({ ...recordedCrimes, asOf: new Date('2026-12-31T12:00:00Z') }).stale).toBe(false);
    expect(kpiStatus({ ...recordedCrimes, asOf: new Date('2027-01-01T00:00:00Z') }).stale).toBe(true);
    // Entered every month, the same figure would have been stale since February.
    expect(kpiStatus({ ...recordedCrimes, cadence: 'EVERY_PERIOD' }).stale).toBe(true);
  });

  it('follows a June year for MARAC data', () => {
    const marac = kpiStatus({
      ...recordedCrimes,
      cadence: 'YEARLY_TO_JUNE',
      series: [point('2025-06-R12', 410), point('2026-06-R12', 455)],
      direction: 'NEUTRAL',
      asOf: new Date('2027-03-01T09:00:00Z'),
    });
    expect(marac).toMatchObject({ stale: false, sincePrevious: { periodKey: '2025-06-R12', change: 'UP' } });
  });
});
