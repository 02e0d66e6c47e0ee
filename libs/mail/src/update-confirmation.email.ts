import { z } from 'zod';
import { EmailTemplate } from './templates';

const line = z.object({ label: z.string().min(1), value: z.string() });

export const updateConfirmationContext = z.object({
  leadName: z.string().min(1),
  partnershipName: z.string().min(1),
  coordinatorEmail: z.email(),
  action: z.object({ ref: z.string().min(1), title: z.string().min(1) }),
  periodKey: z.string().min(1),
  /** What the lead told us: status, progress, blockers, a proposed date. */
  answers: z.array(line).min(1),
  /** KPI figures, "<name> (<period>)" → value. */
  figures: z.array(line),
  /** Evidence files (name and size) and links. */
  evidence: z.array(line),
  receivedAt: z.iso.datetime(),
  /** The form again, to change the update until the period closes. */
  formUrl: z.url(),
});

/** Sent to a lead once per update they submit, listing everything recorded. */
export const updateConfirmationEmail: EmailTemplate<typeof updateConfirmationContext> = {
  name: 'update-confirmation',
  context: updateConfirmationContext,
  subject: (ctx) => `Update received: ${ctx.action.ref} ${ctx.action.title}`,
};
