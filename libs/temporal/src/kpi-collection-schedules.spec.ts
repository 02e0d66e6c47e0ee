import { kpiCollectionRound } from './kpi-collection-schedules';

describe('a scheduled KPI collection round', () => {
  it('collects the quarter just ended, due 17:00 the given working days later (bank holidays skipped)', () => {
    // 1 January 2027 is a bank holiday and 2-3 January a weekend: day 1 is Monday 4 January.
    expect(kpiCollectionRound(new Date('2027-01-01T09:00:00Z'), 'QUARTERLY', 15)).toEqual({
      periodKey: '2026-27-Q3',
      respondBy: '2027-01-22T17:00:00.000Z',
    });
    expect(kpiCollectionRound(new Date('2026-04-01T08:00:00Z'), 'QUARTERLY', 15).periodKey).toBe(
      '2025-26-Q4',
    );
  });

  it('collects the month just ended, due in London time (17:00 BST is 16:00 UTC)', () => {
    expect(kpiCollectionRound(new Date('2026-07-01T08:00:00Z'), 'MONTHLY', 5)).toEqual({
      periodKey: '2026-06',
      respondBy: '2026-07-08T16:00:00.000Z',
    });
  });

  it('collects the same period however late in the period the round runs (a catch-up)', () => {
    expect(kpiCollectionRound(new Date('2026-10-06T12:00:00Z'), 'QUARTERLY', 15).periodKey).toBe(
      '2026-27-Q2',
    );
  });
});
