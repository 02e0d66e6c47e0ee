import { z } from 'zod';

/**
 * An offset from a deadline. Working days are what councils use; seconds exist so that a demo or a test
 * can run a whole ladder in under a minute (they skip the working-day rules, never the order of steps).
 */
export const offsetSchema = z.union([
  z.strictObject({ workingDays: z.number().int().min(-60).max(60) }),
  z.strictObject({ seconds: z.number().int().min(-86_400).max(86_400) }),
]);
export type Offset = z.infer<typeof offsetSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, London time)');

export const escalationTargets = ['manager', 'coordinator', 'chair'] as const;
export type EscalationTarget = (typeof escalationTargets)[number];

/** How a strategy's actions are chased. Stored per strategy; every field has a sensible default. */
export const chasePolicySchema = z
  .strictObject({
    /** When the request goes out, before the period's deadline. */
    requestBefore: offsetSchema.default({ workingDays: 10 }),
    /** A request that becomes due waits this long for the lead's other requests, so they go as one email. */
    gatherFor: z.strictObject({ seconds: z.number().int().min(0).max(3600) }).default({ seconds: 60 }),
    /** For the before-each-board-meeting cadence: how long before the meeting updates are due. */
    deadlineBeforeMeeting: offsetSchema.default({ workingDays: 5 }),
    /** Reminders, relative to the deadline (negative: before it). */
    reminders: z
      .array(offsetSchema)
      .max(10)
      .default([{ workingDays: -5 }, { workingDays: 0 }, { workingDays: 3 }]),
    /** After the reminders, who is told, and when (relative to the deadline). */
    escalations: z
      .array(z.strictObject({ after: offsetSchema, to: z.enum(escalationTargets) }))
      .max(6)
      .default([
        { after: { workingDays: 5 }, to: 'manager' },
        { after: { workingDays: 7 }, to: 'coordinator' },
        { after: { workingDays: 10 }, to: 'chair' },
      ]),
    /** No reminder or escalation goes out in this window (London time); null: any time of a working day. */
    quietHours: z
      .strictObject({ from: hhmm, until: hhmm })
      .nullable()
      .default({ from: '18:00', until: '08:00' }),
    /** At most this many reminders and escalations to one person in any seven days. */
    weeklyNudgeCap: z.number().int().min(1).max(20).default(3),
    /** An action due within this of the deadline is asked whether it will complete on time. */
    dueSoonWithin: offsetSchema.default({ workingDays: 20 }),
    /**
     * Demos and tests only, with seconds offsets: reporting periods of this many seconds instead of the
     * cadence's months, so that a period ends and the next begins while one watches.
     */
    periodLength: z.strictObject({ seconds: z.number().int().min(10).max(86_400) }).optional(),
  })
  .refine((policy) => !policy.periodLength || 'seconds' in policy.requestBefore, {
    message: 'periodLength needs a seconds requestBefore: short periods are for demos and tests',
    path: ['periodLength'],
  });

export type ChasePolicy = z.output<typeof chasePolicySchema>;

export const DEFAULT_CHASE_POLICY: ChasePolicy = chasePolicySchema.parse({});
