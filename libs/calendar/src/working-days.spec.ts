import { addWorkingDays, isWorkingDay, lastWorkingDayOnOrBefore, nextSendingTime } from './working-days';

const quiet = { from: '18:00', until: '08:00' };

describe('working days (England and Wales)', () => {
  it.each([
    ['a Monday', { year: 2026, month: 11, day: 23 }, true],
    ['a Saturday', { year: 2026, month: 11, day: 28 }, false],
    ['Christmas Day', { year: 2026, month: 12, day: 25 }, false],
    ['the Boxing Day substitute Monday', { year: 2026, month: 12, day: 28 }, false],
    ['Easter Monday 2027', { year: 2027, month: 3, day: 29 }, false],
    ['Good Friday 2027', { year: 2027, month: 3, day: 26 }, false],
    ['the day after Easter Monday', { year: 2027, month: 3, day: 30 }, true],
  ])('%s', (_name, day, working) => {
    expect(isWorkingDay(day)).toBe(working);
  });

  it('counts forward over a weekend', () => {
    // Friday 27 Nov 2026 10:00 GMT + 1 working day = Monday 30 Nov 10:00.
    expect(addWorkingDays(new Date('2026-11-27T10:00:00Z'), 1).toISOString()).toBe(
      '2026-11-30T10:00:00.000Z',
    );
  });

  it('counts over Christmas and the substitute bank holiday', () => {
    // Thursday 24 Dec 2026 + 1 = Tuesday 29 Dec (25, 26/27 weekend, 28 substitute day).
    expect(addWorkingDays(new Date('2026-12-24T09:00:00Z'), 1).toISOString()).toBe(
      '2026-12-29T09:00:00.000Z',
    );
  });

  it('counts backwards over Easter, keeping the London time across the clock change', () => {
    // Tuesday 30 March 2027 09:00 BST − 2 working days = Wednesday 24 March 09:00 GMT.
    expect(addWorkingDays(new Date('2027-03-30T08:00:00Z'), -2).toISOString()).toBe(
      '2027-03-24T09:00:00.000Z',
    );
  });

  it('finds the last working day of a quarter that ends on a weekend', () => {
    // 31 Jan 2027 is a Sunday: Friday 29 Jan.
    expect(lastWorkingDayOnOrBefore({ year: 2027, month: 1, day: 31 }).toISOString()).toBe(
      '2027-01-29T00:00:00.000Z',
    );
  });
});

describe('sending times', () => {
  it('sends at once within working hours', () => {
    const at = new Date('2026-11-24T11:00:00Z');
    expect(nextSendingTime(at, quiet)).toEqual(at);
  });

  it('waits for 08:00 when it is too early', () => {
    expect(nextSendingTime(new Date('2026-11-24T06:30:00Z'), quiet).toISOString()).toBe(
      '2026-11-24T08:00:00.000Z',
    );
  });

  it('moves an evening nudge to the next working morning, in BST too', () => {
    // Friday 3 July 2026 19:00 BST → Monday 6 July 08:00 BST (07:00 UTC).
    expect(nextSendingTime(new Date('2026-07-03T18:00:00Z'), quiet).toISOString()).toBe(
      '2026-07-06T07:00:00.000Z',
    );
  });

  it('skips a bank holiday weekend', () => {
    // Thursday 24 Dec 2026 20:00 → Tuesday 29 Dec 08:00.
    expect(nextSendingTime(new Date('2026-12-24T20:00:00Z'), quiet).toISOString()).toBe(
      '2026-12-29T08:00:00.000Z',
    );
  });

  it('keeps a quiet window within one day (a lunch hour) to that day', () => {
    const lunch = { from: '12:00', until: '14:00' };
    const morning = new Date('2026-11-24T09:00:00Z');
    expect(nextSendingTime(morning, lunch)).toEqual(morning);
    expect(nextSendingTime(new Date('2026-11-24T12:30:00Z'), lunch).toISOString()).toBe(
      '2026-11-24T14:00:00.000Z',
    );
  });
});
