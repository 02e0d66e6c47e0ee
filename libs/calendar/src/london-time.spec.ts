import { londonIsoDate, londonWallClock } from './london-time';

const wallClock = (iso: string) => londonWallClock(new Date(iso)).toISOString();

describe('London time', () => {
  it('changes to BST at 01:00 UTC on the last Sunday of March, and back on the last Sunday of October', () => {
    // Asked twice, in a different order, so that an offset remembered for an hour is never the wrong one.
    for (let round = 0; round < 2; round += 1) {
      expect(wallClock('2026-03-29T00:59:59.999Z')).toBe('2026-03-29T00:59:59.999Z');
      expect(wallClock('2026-03-29T01:00:00.000Z')).toBe('2026-03-29T02:00:00.000Z');
      expect(wallClock('2026-03-29T01:30:15.000Z')).toBe('2026-03-29T02:30:15.000Z');
      expect(wallClock('2026-10-25T00:59:59.000Z')).toBe('2026-10-25T01:59:59.000Z');
      expect(wallClock('2026-10-25T01:00:00.000Z')).toBe('2026-10-25T01:00:00.000Z');
    }
    expect(londonIsoDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonIsoDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});
