import { DEFAULT_CHASE_POLICY, chasePolicySchema } from '@waymark/contracts';
import { DEMO_CHASE_POLICY } from '../../../prisma/seed/sandwell';
import { chasePolicyOf, ladder, periodSchedule } from './schedule';

describe('period schedule (working days)', () => {
  it("asks 10 working days before 17:00 on the quarter's last working day", () => {
    // Q3 2026/27 ends Thursday 31 December 2026. 10 working days earlier, skipping Christmas and the
    // Boxing Day substitute (28th), is Tuesday 15 December; the request goes at 09:00.
    const s = periodSchedule(new Date('2026-11-23T10:00:00Z'), 'QUARTERLY', DEFAULT_CHASE_POLICY, null);
    expect(s.periodKey).toBe('2026-27-Q3');
    expect(s.deadline.toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(s.requestAt.toISOString()).toBe('2026-12-15T09:00:00.000Z');
    expect(s.periodEnd.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('asks at once when the action joins after the request date', () => {
    const now = new Date('2026-12-22T11:00:00Z');
    const s = periodSchedule(now, 'QUARTERLY', DEFAULT_CHASE_POLICY, null);
    expect(s.requestAt).toEqual(now);
    expect(s.deadline.toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('sets the deadline before the next board meeting for the board cadence', () => {
    // Meeting Thursday 11 March 2027; 5 working days earlier is Thursday 4 March.
    const meeting = new Date('2027-03-11T00:00:00Z');
    const s = periodSchedule(
      new Date('2027-02-01T10:00:00Z'),
      'BEFORE_BOARD_MEETING',
      DEFAULT_CHASE_POLICY,
      meeting,
    );
    expect(s.periodKey).toBe('board-2027-03-11');
    expect(s.deadline.toISOString()).toBe('2027-03-04T17:00:00.000Z');
    expect(s.periodEnd).toEqual(meeting);
  });

  it('runs a seconds policy from now', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const s = periodSchedule(now, 'MONTHLY', chasePolicyOf({ requestBefore: { seconds: 30 } }), null);
    expect(s).toMatchObject({
      periodKey: '2026-11',
      requestAt: now,
      deadline: new Date('2026-11-23T10:00:30Z'),
    });
  });
});

describe('ladder', () => {
  it('orders reminders and escalations around the deadline', () => {
    const steps = ladder(DEFAULT_CHASE_POLICY, new Date('2026-12-31T17:00:00Z'));
    expect(steps.map((s) => `${s.kind}${s.to ? `:${s.to}` : ''} ${s.at.toISOString().slice(0, 10)}`)).toEqual(
      [
        'reminder 2026-12-22', // −5 working days: 30, 29, 24, 23, 22 (25 to 28 are not working days)
        'reminder 2026-12-31',
        'reminder 2027-01-06', // +3: 1 Jan is a bank holiday
        'escalation:manager 2027-01-08',
        'escalation:coordinator 2027-01-12',
        'escalation:chair 2027-01-15',
      ],
    );
  });
});

describe('chase policies', () => {
  it('completes a stored policy with the defaults and refuses a broken one', () => {
    expect(chasePolicyOf(null)).toEqual(DEFAULT_CHASE_POLICY);
    expect(chasePolicyOf({ weeklyNudgeCap: 1 }).weeklyNudgeCap).toBe(1);
    expect(() => chasePolicyOf({ reminders: [{ days: 3 }] })).toThrow(/chase policy is invalid/);
  });

  it('accepts the demo policy', () => {
    expect(chasePolicySchema.safeParse(DEMO_CHASE_POLICY).success).toBe(true);
  });
});
