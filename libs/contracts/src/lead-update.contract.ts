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
export const leadUpdateSchema = z
  .object({
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
    proposedDueDateDay: z.string().trim().optional(),
    proposedDueDateMonth: z.string().trim().optional(),
    proposedDueDateYear: z.string().trim().optional(),
    proposedDueDateReason: optionalText(2000),
  })
  .transform((form, ctx) => {
    const { proposedDueDateDay: d, proposedDueDateMonth: m, proposedDueDateYear: y, ...rest } = form;
    if (!d && !m && !y) {
      if (rest.proposedDueDateReason) {
        ctx.addIssue({
          code: 'custom',
          path: ['proposedDueDate'],
          message: 'Enter the new date you propose',
        });
      }
      return { ...rest, proposedDueDate: undefined };
    }
    const date =
      /^\d{1,2}$/.test(d ?? '') && /^\d{1,2}$/.test(m ?? '') && /^\d{4}$/.test(y ?? '')
        ? new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
        : null;
    if (!date || date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(m) - 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['proposedDueDate'],
        message: 'The proposed date must be a real date, for example 31 3 2027',
      });
      return z.NEVER;
    }
    if (!rest.proposedDueDateReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['proposedDueDateReason'],
        message: 'Say why the date needs to change',
      });
      return z.NEVER;
    }
    return { ...rest, proposedDueDate: date.toISOString().slice(0, 10) };
  });

export type LeadUpdateInput = z.input<typeof leadUpdateSchema>;
export type LeadUpdate = z.output<typeof leadUpdateSchema>;

/**
 * zod issues → { field: message }, first message per field, for the GOV.UK error summary. `messages` gives a
 * form's own wording for a field (used instead of zod's); an issue about no field goes to the first of them.
 */
export function fieldErrors(
  error: z.ZodError,
  messages: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? Object.keys(messages)[0] ?? 'form');
    out[field] ??= messages[field] ?? issue.message;
  }
  return out;
}
