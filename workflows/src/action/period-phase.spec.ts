import fc from 'fast-check';
import { periodMoment, periodOver } from './period-phase';

const plan = {
  requestAt: '2026-12-15T09:00:00.000Z',
  deadline: '2026-12-31T17:00:00.000Z',
  periodEnd: '2027-01-01T00:00:00.000Z',
};
const at = (iso: string) => Date.parse(iso);

describe("an action's period, moment by moment", () => {
  it.each([
    ['before the request', '2026-12-01T00:00:00Z', false, 'waiting-to-request', plan.requestAt],
    ['at the request', plan.requestAt, false, 'awaiting-update', plan.deadline],
    ['waiting for the lead', '2026-12-20T00:00:00Z', false, 'awaiting-update', plan.deadline],
    ['at the deadline, unanswered', plan.deadline, false, 'unanswered', plan.periodEnd],
    ['answered before the deadline', '2026-12-20T00:00:00Z', true, 'answered', plan.periodEnd],
    [
      'answered before the request (an earlier answer this period)',
      '2026-12-01T00:00:00Z',
      true,
      'answered',
      plan.requestAt,
    ],
    ['after the period', '2027-01-02T00:00:00Z', false, 'unanswered', plan.periodEnd],
  ])('%s', (_name, now, answered, phase, nextAt) => {
    expect(periodMoment(at(now), plan, answered)).toEqual({ phase, nextAt });
  });

  it('the period is over only when a wait for its end ran out', () => {
    expect(periodOver(false, plan.periodEnd, plan)).toBe(true);
    expect(periodOver(true, plan.periodEnd, plan)).toBe(false);
    expect(periodOver(false, plan.deadline, plan)).toBe(false);
  });

  it('for any period and any moment, waking at each next moment reaches the end in at most three steps', () => {
    const ms = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 0, 1) });
    fc.assert(
      fc.property(fc.array(ms, { minLength: 3, maxLength: 3 }), ms, fc.boolean(), (times, now, answered) => {
        const [requestAt, deadline, periodEnd] = [...times]
          .sort((a, b) => a - b)
          .map((t) => new Date(t).toISOString());
        const p = { requestAt, deadline, periodEnd };
        let clock = now;
        for (let step = 0; step < 3; step++) {
          const moment = periodMoment(clock, p, answered);
          expect([requestAt, deadline, periodEnd]).toContain(moment.nextAt);
          // It never waits for a moment already past, except the period's end (then it rolls over at once).
          if (moment.nextAt !== periodEnd) expect(Date.parse(moment.nextAt)).toBeGreaterThan(clock);
          if (moment.nextAt === periodEnd) return;
          clock = Math.max(clock, Date.parse(moment.nextAt));
        }
        throw new Error(`did not reach the period's end from ${new Date(now).toISOString()}`);
      }),
    );
  });
});
