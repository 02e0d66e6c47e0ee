import { londonDate, londonMidnight } from './london-time';
import { reportingPeriodAt, reportingPeriodByKey } from './reporting-period';

describe('reporting periods', () => {
  it('puts late November in quarter 3 of the financial year, closing at London midnight on 1 January', () => {
    const p = reportingPeriodAt(new Date('2026-11-23T10:00:00Z'), 'QUARTERLY');
    expect(p.key).toBe('2026-27-Q3');
    expect(p.start.toISOString()).toBe('2026-09-30T23:00:00.000Z'); // 1 October is still BST
    expect(p.end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(p.label).toBe('Quarter 3 2026/27 (October to December 2026)');
  });

  it('starts a summer quarter at midnight BST (23:00 UTC the day before)', () => {
    const p = reportingPeriodAt(new Date('2026-05-10T12:00:00Z'), 'QUARTERLY');
    expect(p.key).toBe('2026-27-Q1');
    expect(p.start.toISOString()).toBe('2026-03-31T23:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });

  it('puts February in quarter 4 of the previous financial year', () => {
    const p = reportingPeriodAt(new Date('2027-02-14T12:00:00Z'), 'QUARTERLY');
    expect(p.key).toBe('2026-27-Q4');
    expect(p.end.toISOString()).toBe('2027-03-31T23:00:00.000Z');
  });

  it('uses the London date, not the UTC date, at the edge of a month', () => {
    // 23:30 UTC on 31 July is 00:30 on 1 August in London.
    expect(reportingPeriodAt(new Date('2026-07-31T23:30:00Z'), 'MONTHLY').key).toBe('2026-08');
    expect(reportingPeriodAt(new Date('2026-12-31T23:30:00Z'), 'MONTHLY')).toMatchObject({
      key: '2026-12',
      end: new Date('2027-01-01T00:00:00Z'),
    });
  });

  it('round-trips London midnight across both clock changes', () => {
    for (const [y, m, d] of [
      [2026, 3, 29],
      [2026, 3, 30],
      [2026, 10, 25],
      [2026, 10, 26],
    ]) {
      expect(londonDate(londonMidnight(y, m, d))).toEqual({ year: y, month: m, day: d });
    }
  });

  it('finds the period a key names, and refuses a key that names none', () => {
    expect(reportingPeriodByKey('2026-27-Q3')).toEqual(
      reportingPeriodAt(new Date('2026-11-23T10:00:00Z'), 'QUARTERLY'),
    );
    expect(reportingPeriodByKey('2026-27-Q4')?.start.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(reportingPeriodByKey('2026-11')).toEqual(
      reportingPeriodAt(new Date('2026-11-23T10:00:00Z'), 'MONTHLY'),
    );
    for (const bad of ['2026-28-Q3', '2026-27-Q5', '2026-13', '2026-00', 'Q3', '']) {
      expect(reportingPeriodByKey(bad)).toBeNull();
    }
  });
});
