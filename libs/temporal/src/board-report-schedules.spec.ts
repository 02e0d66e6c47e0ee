import { boardReportRuns, workingDaysBefore } from './board-report-schedules';

describe('when a board report goes', () => {
  it('counts working days back from the meeting, skipping weekends', () => {
    expect(workingDaysBefore('2027-01-20', 0)).toBe('2027-01-20'); // Wednesday
    expect(workingDaysBefore('2027-01-20', 2)).toBe('2027-01-18'); // Monday
    expect(workingDaysBefore('2027-01-20', 3)).toBe('2027-01-15'); // the Friday before
    expect(workingDaysBefore('2027-01-18', 1)).toBe('2027-01-15'); // Monday meeting: Friday
    expect(workingDaysBefore('2027-01-20', 10)).toBe('2027-01-06');
  });

  it('skips England and Wales bank holidays', () => {
    // Tuesday 30 March 2027, the day after Easter Monday: 2 working days back (not 29, 28, 27, 26) is 24 March.
    expect(workingDaysBefore('2027-03-30', 2)).toBe('2027-03-24');
  });

  it('sends at 07:00 London time, in winter and in summer, and drops times already past', () => {
    const runs = boardReportRuns(
      ['2026-06-10', '2027-01-20', '2027-07-21'],
      5,
      new Date('2026-11-23T12:00:00Z'),
    );
    expect(runs.map((r) => [r.meetsOn, r.reportAt.toISOString()])).toEqual([
      ['2027-01-20', '2027-01-13T07:00:00.000Z'],
      ['2027-07-21', '2027-07-14T06:00:00.000Z'], // 07:00 BST
    ]);
  });
});
