import { z } from 'zod';

/** A financial year as the department names it, e.g. "2025-26": 1 April 2025 to 31 March 2026. */
export const financialYearSchema = z
  .string()
  .regex(/^\d{4}-\d{2}$/, 'A financial year, e.g. 2025-26')
  .refine(
    (fy) => (Number(fy.slice(0, 4)) + 1) % 100 === Number(fy.slice(5)),
    'The years must follow, e.g. 2025-26',
  );

export const openReturnSchema = z.strictObject({
  financialYear: financialYearSchema,
});
export type OpenReturn = z.output<typeof openReturnSchema>;

/**
 * Figures a coordinator enters: by question key, then by cell key (the cell's codes joined by ","; "" for a
 * question without dimensions). Each cell is a number, text, yes/no, a date, a code, or { notCollected: true };
 * they are checked against the return's template. Every cell given becomes a new revision.
 */
export const recordFiguresSchema = z.strictObject({
  answers: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe('question key → cell key → answer'),
  note: z.string().trim().max(2000).nullable().default(null).describe('Why, or where the figures came from'),
});
export type RecordFigures = z.output<typeof recordFiguresSchema>;

/** The coordinator's explanations of warnings, by rule key (e.g. why a figure rose by more than half). */
export const explainWarningsSchema = z.strictObject({
  explanations: z
    .record(z.string(), z.string().trim().min(3, 'Say why, in a few words').max(2000))
    .refine((e) => Object.keys(e).length > 0, 'No explanations given')
    .describe('rule key → explanation'),
});
export type ExplainWarnings = z.output<typeof explainWarningsSchema>;

/** Starts the year's return workflow by hand: providers are asked to answer by `respondBy`. */
export const startReturnCollectionSchema = z.strictObject({
  respondBy: z.iso
    .datetime({ offset: true })
    .describe('When providers are asked to answer by (ISO date-time)'),
});
export type StartReturnCollection = z.output<typeof startReturnCollectionSchema>;
