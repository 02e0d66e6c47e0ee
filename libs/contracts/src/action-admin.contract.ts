import { z } from 'zod';
import { ACTION_STATUSES } from './action-status';
import { listQuerySchema, optionalText } from './list-query.contract';
import { REPORTING_CADENCES } from './strategy.contract';

export const RAGS = ['RED', 'AMBER', 'GREEN'] as const;

/**
 * PATCH an action's place in the plan. Status, closure, pause and due-date changes go through the action
 * controls (they reach the action's workflow); this edits what the plan says.
 */
export const updateActionSchema = z
  .strictObject({
    priorityId: z.uuid().nullable(),
    outcomeId: z.uuid().nullable(),
    ref: z.string().trim().min(1).max(40),
    title: z.string().trim().min(3).max(200),
    text: z.string().trim().min(3).max(5000),
    leadOrganisationIds: z.array(z.uuid()).max(20).describe('Replaces the lead organisations'),
    supportingText: optionalText(2000),
    measureText: optionalText(2000),
    rag: z.enum(RAGS).nullable(),
    percentComplete: z.number().int().min(0).max(100).nullable(),
    reportingCadence: z.enum(REPORTING_CADENCES).nullable().describe("null: the strategy's cadence"),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).min(1));

export const listActionsSchema = listQuerySchema(['ref', 'title', 'createdAt', 'updatedAt'], 'ref').extend({
  strategyId: z.uuid().optional(),
  priorityId: z.uuid().optional(),
  leadOrganisationId: z.uuid().optional(),
  status: csv(z.enum(ACTION_STATUSES)).optional().describe('One or more, comma-separated'),
  rag: csv(z.enum(RAGS)).optional().describe('One or more, comma-separated'),
  overdue: z.stringbool().optional().describe('Live and past its due date'),
  stale: z.stringbool().optional().describe('Live and not updated in the current reporting period'),
});

export type UpdateAction = z.infer<typeof updateActionSchema>;
export type ListActions = z.infer<typeof listActionsSchema>;
