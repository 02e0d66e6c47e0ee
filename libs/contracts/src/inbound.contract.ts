import { z } from 'zod';
import { listQuerySchema } from './list-query.contract';

/** The triage list: newest first by default, unresolved only unless asked. */
export const listTriageSchema = listQuerySchema(['receivedAt'], 'receivedAt')
  .omit({ includeArchived: true })
  .extend({
    order: z.enum(['asc', 'desc']).default('desc'),
    includeResolved: z.stringbool().default(false).describe('Also list resolved items'),
  });
export type ListTriage = z.infer<typeof listTriageSchema>;

/** Resolving a triage item: an optional note for the audit trail (never the lead's message). */
export const resolveTriageSchema = z.strictObject({
  note: z.string().trim().max(2000).optional().describe('Kept in the audit event'),
});
export type ResolveTriage = z.infer<typeof resolveTriageSchema>;
