import { z } from 'zod';
import { emailAddressSchema } from './partnership.contract';

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

/** The coordinator sends the return to its signatory (a senior officer) for sign-off. */
export const submitForApprovalSchema = z.strictObject({
  signatory: z.strictObject({
    name: z.string().trim().min(2, 'Enter the signatory’s name').max(200),
    email: emailAddressSchema.describe('Where the sign-off link goes'),
    jobTitle: z.string().trim().min(2).max(200).optional().describe('Printed on the workbook’s cover'),
  }),
});
export type SubmitForApproval = z.output<typeof submitForApprovalSchema>;

/** Takes an approved (or submitted) return back to draft, to be approved again as its next version. */
export const startAmendmentSchema = z.strictObject({
  reason: z.string().trim().min(3, 'Say why the return is amended').max(2000),
});
export type StartAmendment = z.output<typeof startAmendmentSchema>;

/** The coordinator's record that the approved return was sent to the department. */
export const recordSubmissionSchema = z.strictObject({
  sentOn: z.iso.date().describe('The day it was sent, YYYY-MM-DD'),
  reference: z.string().trim().min(1, 'Enter the department’s reference').max(200),
});
export type RecordSubmission = z.output<typeof recordSubmissionSchema>;

/** The day the coordinator means to send the return to the department by. */
export const submissionDeadlineSchema = z.strictObject({
  deadline: z.iso.date().describe('YYYY-MM-DD'),
});
export type SubmissionDeadline = z.output<typeof submissionDeadlineSchema>;
/** Starts the year's return workflow by hand: providers are asked to answer by `respondBy`. */
export const startReturnCollectionSchema = z.strictObject({
  respondBy: z.iso
    .datetime({ offset: true })
    .describe('When providers are asked to answer by (ISO date-time)'),
});
export type StartReturnCollection = z.output<typeof startReturnCollectionSchema>;
/**
 * PUT /api/annual-report-policy: how the annual report suppresses small numbers. Counts from 1 to
 * suppressBelow − 1 are shown as replaceWith ("fewer than 5" unless worded otherwise); 0 turns suppression off.
 */
export const annualReportPolicySchema = z.strictObject({
  suppressBelow: z
    .number()
    .int('A whole number')
    .max(1000)
    .refine(
      (n) => n === 0 || n >= 3,
      '0 turns suppression off; otherwise at least 3, or "fewer than" would give the number away',
    )
    .default(5)
    .describe('Counts below this (from 1) are suppressed; 0 turns suppression off'),
  replaceWith: z
    .string()
    .trim()
    .min(1, 'Say what a small count is shown as, or leave it out')
    .max(60)
    .nullable()
    .default(null)
    .describe('What a small count is shown as; left out or null: "fewer than <suppressBelow>"'),
});
export type AnnualReportPolicyInput = z.output<typeof annualReportPolicySchema>;
