import { z } from 'zod';
import { EmailTemplate } from './templates';

const returnContext = {
  partnershipName: z.string().min(1),
  /** "2025-26". */
  financialYear: z.string().regex(/^\d{4}-\d{2}$/),
  coordinatorEmail: z.email(),
};

export const returnSignOffContext = z.object({
  ...returnContext,
  /** The signatory approves or returns it; the board chair is told, to note. */
  role: z.enum(['signatory', 'chair']),
  recipientName: z.string().min(1),
  signatoryName: z.string().min(1),
  /** The sign-off page (the signatory's), or the read-only view of it (the chair's). */
  link: z.url(),
  /** The link stops working after this day. */
  expiresOn: z.iso.datetime(),
  /** An amendment: the version it will become, and why it was made. */
  amendment: z.object({ version: z.number().int().min(2), reason: z.string().min(1) }).nullable(),
});

/** The return sent for sign-off: to the signatory (approve or return it), and to the board chair to note. */
export const returnSignOffEmail: EmailTemplate<typeof returnSignOffContext> = {
  name: 'return-sign-off',
  context: returnSignOffContext,
  subject: (ctx) =>
    ctx.role === 'signatory'
      ? `Please approve the ${ctx.financialYear} domestic abuse annual return${ctx.amendment ? ` (amendment, version ${ctx.amendment.version})` : ''}`
      : `To note: the ${ctx.financialYear} domestic abuse annual return is with ${ctx.signatoryName} for approval`,
};

export const returnDecisionContext = z.object({
  ...returnContext,
  outcome: z.enum(['approved', 'returned']),
  signatoryName: z.string().min(1),
  decidedAt: z.iso.datetime(),
  /** Returned: what the signatory asked for. */
  comments: z.string().min(1).nullable(),
  /** Approved: the version frozen and its hash. */
  version: z
    .object({ number: z.number().int().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
    .nullable(),
});

/** Tells the coordinator what the signatory decided: approved (the version frozen) or returned with comments. */
export const returnDecisionEmail: EmailTemplate<typeof returnDecisionContext> = {
  name: 'return-decision',
  context: returnDecisionContext,
  subject: (ctx) =>
    ctx.outcome === 'approved'
      ? `Approved: the ${ctx.financialYear} domestic abuse annual return (version ${ctx.version?.number})`
      : `Returned with comments: the ${ctx.financialYear} domestic abuse annual return`,
};

export const returnSubmissionReminderContext = z.object({
  ...returnContext,
  /** Where the return is: still a draft, with its signatory, or approved but not recorded as sent. */
  state: z.enum(['draft', 'awaiting-approval', 'approved']),
  /** The approved version waiting to be sent. */
  version: z.number().int().min(1).nullable(),
  /** The deadline the coordinator set, YYYY-MM-DD; null when none is set. */
  deadline: z.iso.date().nullable(),
});

/** Reminds the coordinator that the return is not yet recorded as sent to the department, and by when. */
export const returnSubmissionReminderEmail: EmailTemplate<typeof returnSubmissionReminderContext> = {
  name: 'return-submission-reminder',
  context: returnSubmissionReminderContext,
  subject: (ctx) =>
    `Reminder: the ${ctx.financialYear} domestic abuse annual return is not yet recorded as sent`,
};
