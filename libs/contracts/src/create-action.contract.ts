import { z } from 'zod';

/** POST /api/actions: a coordinator adds an action to a strategy's plan. */
export const createActionSchema = z.strictObject({
  strategyId: z.uuid(),
  priorityId: z.uuid().optional(),
  ref: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .describe('The plan\'s own reference, e.g. "P1.3"; unique in the strategy'),
  title: z.string().trim().min(3).max(200),
  text: z.string().trim().min(3).max(5000).describe('The action as the plan words it'),
  leadContactId: z.uuid().describe('The contact asked for updates'),
  dueDate: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('As the plan writes it: "2027-03-31", "31/03/2027", "March 2027", "2026/27" or free text'),
  measureText: z.string().trim().max(2000).optional(),
});

export type CreateAction = z.infer<typeof createActionSchema>;
