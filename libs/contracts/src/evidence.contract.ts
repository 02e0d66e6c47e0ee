import { z } from 'zod';
import { listQuerySchema } from './list-query.contract';

/** An action's evidence, newest first by default; erased rows are listed too (what is left of them). */
export const listEvidenceSchema = listQuerySchema(['createdAt'], 'createdAt')
  .omit({ includeArchived: true })
  .extend({ order: z.enum(['asc', 'desc']).default('desc') });
export type ListEvidence = z.infer<typeof listEvidenceSchema>;

const reason = z
  .string()
  .trim()
  .min(3)
  .max(500)
  .describe('Why, for the audit trail; name no victim or survivor');

/** Taking a file or link out of use until a coordinator has looked at it. */
export const quarantineEvidenceSchema = z.strictObject({ reason });
export type QuarantineEvidence = z.infer<typeof quarantineEvidenceSchema>;

/** Erasing evidence for good: the bytes, the file name and the URL. */
export const eraseEvidenceSchema = z.strictObject({ reason });
export type EraseEvidence = z.infer<typeof eraseEvidenceSchema>;
