import { z } from 'zod';
import { LEAD_STATUSES } from './action-status';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max} characters or fewer`)
    .transform((v) => (v === '' ? undefined : v))
    .optional();

/**
 * What a lead submits through the secure link's form. Form fields arrive as strings: empty means "not
 * given". Messages are written for the lead, in GOV.UK style.
 */
export const leadUpdateSchema = z.object({
  status: z.enum(LEAD_STATUSES, { error: 'Select the status of this action' }),
  percentComplete: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (!/^\d{1,3}$/.test(v) || Number(v) > 100) {
        ctx.addIssue({ code: 'custom', message: 'Percent complete must be a whole number from 0 to 100' });
        return z.NEVER;
      }
      return Number(v);
    }),
  commentary: z
    .string()
    .trim()
    .min(1, 'Enter a short update on progress')
    .max(5000, 'Progress update must be 5,000 characters or fewer'),
  blockers: optionalText(2000),
});

export type LeadUpdateInput = z.input<typeof leadUpdateSchema>;
export type LeadUpdate = z.output<typeof leadUpdateSchema>;

/** zod issues → { field: message }, first message per field, for the GOV.UK error summary. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= issue.message;
  }
  return out;
}
