// Property tests of every timing decision a chase makes, over random policies and calendars (2024-2031,
// bank holidays and clock changes included): when the request goes, when answers are due, the ladder of
// reminders and escalations, and when a nudge may go. The workflows only wait for what these decide.
import fc from 'fast-check';
import {
  isWorkingDay,
  londonDate,
  londonWallClock,
  nextSendingTime,
  reportingPeriodAt,
} from '@waymark/calendar';
import { ChasePolicy, chasePolicySchema, escalationTargets } from '@waymark/contracts';
import { deferredUntil } from './nudge-limits';
import { ladder, ladderBetween, periodSchedule, shift } from './schedule';

const instant = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2031-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const workingDays = (min: number, max: number) => fc.integer({ min, max }).map((n) => ({ workingDays: n }));

const workingDayPolicy: fc.Arbitrary<ChasePolicy> = fc
  .record({
    requestBefore: workingDays(1, 20),
    reminders: fc.array(workingDays(-10, 10), { maxLength: 5 }),
    escalations: fc.array(
      fc.record({ after: workingDays(1, 15), to: fc.constantFrom(...escalationTargets) }),
      {
        maxLength: 3,
      },
    ),
    quietHours: fc.option(
      fc.record({ from: hhmm, until: hhmm }).filter((q) => q.from !== q.until),
      { nil: null },
    ),
    weeklyNudgeCap: fc.integer({ min: 1, max: 20 }),
  })
  .map((p) => chasePolicySchema.parse(p));

const minuteOfDay = (at: Date) => {
  const wall = londonWallClock(at);
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
};
const minutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));
function isQuiet(at: Date, quiet: ChasePolicy['quietHours']): boolean {
  if (!quiet) return false;
  const [m, from, until] = [minuteOfDay(at), minutes(quiet.from), minutes(quiet.until)];
  return from > until ? m >= from || m < until : m >= from && m < until;
}

describe('period schedule, for any working-day policy and any moment', () => {
  it('asks no earlier than now, by a deadline within the period, on a working day', () => {
    fc.assert(
      fc.property(
        instant,
        workingDayPolicy,
        fc.constantFrom('MONTHLY', 'QUARTERLY'),
        (now, policy, cadence) => {
          const s = periodSchedule(now, cadence as 'MONTHLY' | 'QUARTERLY', policy, null);
          const period = reportingPeriodAt(now, cadence as 'MONTHLY' | 'QUARTERLY');
          expect(s.periodKey).toBe(period.key);
          expect(s.periodEnd).toEqual(period.end);
          expect(s.requestAt.getTime()).toBeGreaterThanOrEqual(now.getTime());
          expect(s.requestAt.getTime()).toBeLessThanOrEqual(s.deadline.getTime());
          expect(s.deadline.getTime()).toBeLessThan(s.periodEnd.getTime());
          // The usual deadline is 17:00 London time on a working day; one already past gives way to now.
          if (s.deadline.getTime() > now.getTime() && minuteOfDay(s.deadline) === 17 * 60)
            expect(isWorkingDay(londonDate(s.deadline))).toBe(true);
          else expect(s.deadline.getTime()).toBeGreaterThanOrEqual(now.getTime());
        },
      ),
    );
  });

  it('keeps short (seconds) periods aligned: one key for every moment of a period, a new one after', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 10, max: 3600 }),
        fc.integer({ min: 1, max: 7200 }),
        (now, length, requestBefore) => {
          const policy = chasePolicySchema.parse({
            requestBefore: { seconds: requestBefore },
            periodLength: { seconds: length },
          });
          const s = periodSchedule(now, 'QUARTERLY', policy, null);
          expect(s.periodEnd.getTime() - now.getTime()).toBeGreaterThan(0);
          expect(s.periodEnd.getTime() - now.getTime()).toBeLessThanOrEqual(length * 1000);
          expect(s.deadline.getTime()).toBeLessThanOrEqual(s.periodEnd.getTime());
          expect(s.requestAt).toEqual(now);
          const later = new Date(s.periodEnd.getTime() - 1);
          expect(periodSchedule(later, 'QUARTERLY', policy, null).periodKey).toBe(s.periodKey);
          expect(periodSchedule(s.periodEnd, 'QUARTERLY', policy, null).periodKey).not.toBe(s.periodKey);
        },
      ),
    );
  });

  it('refuses short periods with a working-day policy', () => {
    expect(chasePolicySchema.safeParse({ periodLength: { seconds: 60 } }).success).toBe(false);
  });
});

describe('the ladder, for any policy and deadline', () => {
  it('has every reminder and escalation once, in time order, each at its offset from the deadline', () => {
    fc.assert(
      fc.property(instant, workingDayPolicy, (deadline, policy) => {
        const steps = ladder(policy, deadline);
        expect(steps).toHaveLength(policy.reminders.length + policy.escalations.length);
        for (let i = 1; i < steps.length; i++)
          expect(steps[i].at.getTime()).toBeGreaterThanOrEqual(steps[i - 1].at.getTime());
        const expected = [
          ...policy.reminders.map((o) => shift(deadline, o).getTime()),
          ...policy.escalations.map((e) => shift(deadline, e.after).getTime()),
        ].sort((a, b) => a - b);
        expect(steps.map((s) => s.at.getTime())).toEqual(expected);
        expect(
          steps
            .filter((s) => s.kind === 'escalation')
            .map((s) => s.to)
            .sort(),
        ).toEqual(policy.escalations.map((e) => e.to).sort());
      }),
    );
  });

  it('takes only the steps strictly between the first email and the end, in order', () => {
    fc.assert(
      fc.property(instant, workingDayPolicy, instant, instant, (deadline, policy, a, b) => {
        const [from, until] = a < b ? [a, b] : [b, a];
        const taken = ladderBetween(policy, deadline, from, until);
        const all = ladder(policy, deadline).map((s) => ({ ...s, at: s.at.toISOString() }));
        expect(taken).toEqual(all.filter((s) => s.at > from.toISOString() && s.at < until.toISOString()));
      }),
      { numRuns: 50 },
    );
  });
});

describe('when a nudge may go', () => {
  it('is the first moment on a working day outside quiet hours, never before the nudge was due', () => {
    fc.assert(
      fc.property(instant, workingDayPolicy, (now, policy) => {
        const at = nextSendingTime(now, policy.quietHours);
        expect(at.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(isWorkingDay(londonDate(at))).toBe(true);
        expect(isQuiet(at, policy.quietHours)).toBe(false);
        // Nothing earlier would do: every quarter of an hour from now until then is quiet or not a working day
        // (quiet hours here start and end on the quarter hour).
        const quarter = 15 * 60_000;
        for (let t = Math.ceil(now.getTime() / quarter) * quarter; t < at.getTime(); t += quarter) {
          const moment = new Date(t);
          expect(!isWorkingDay(londonDate(moment)) || isQuiet(moment, policy.quietHours)).toBe(true);
        }
      }),
    );
  });

  it('defers a nudge only to a later moment when it may go, and never for a seconds policy', () => {
    fc.assert(
      fc.property(instant, workingDayPolicy, (now, policy) => {
        const retryAt = deferredUntil(policy, now);
        if (retryAt === null) {
          expect(nextSendingTime(now, policy.quietHours).getTime() - now.getTime()).toBeLessThanOrEqual(
            30_000,
          );
        } else {
          expect(retryAt.getTime()).toBeGreaterThan(now.getTime() + 30_000);
          expect(nextSendingTime(retryAt, policy.quietHours)).toEqual(retryAt);
        }
        expect(deferredUntil(chasePolicySchema.parse({ requestBefore: { seconds: 30 } }), now)).toBeNull();
      }),
    );
  });
});
