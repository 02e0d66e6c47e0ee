import { z } from 'zod';
import { listActionsSchema } from './action-admin.contract';

/** GET /api/progress/priorities: counts per priority of one strategy. */
export const progressByPrioritySchema = z.strictObject({ strategyId: z.uuid() });

/** GET /api/progress/response-rates: per period (all, or one) and lead organisation. */
export const responseRatesSchema = z.strictObject({
  periodKey: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .optional()
    .describe('e.g. "2026-27-Q3"; all periods if left out'),
});

/** GET /api/progress/overdue and /stale: the action list's filters, the flag being the route's. */
export const flaggedActionsSchema = listActionsSchema.omit({ overdue: true, stale: true });

export type ProgressByPriority = z.infer<typeof progressByPrioritySchema>;
export type ResponseRatesQuery = z.infer<typeof responseRatesSchema>;
export type FlaggedActions = z.output<typeof flaggedActionsSchema>;
