// The emails of a provider's request for the annual return: the request (one email listing every figure
// asked of the provider's data contact, for all their services), its reminders, and the escalation that
// tells the commissioner (the data contact's manager, the coordinator or the board chair).
import { z } from 'zod';
import { EmailTemplate } from './templates';

/** One question asked, with the reference of each of its cells (as a reply writes it). */
const askedQuestion = z.object({
  label: z.string().min(1),
  section: z.string().min(1),
  cells: z.array(z.object({ reference: z.string().min(1), label: z.string() })).min(1),
});

export const providerReturnRequestContext = z.object({
  contactName: z.string().min(1),
  partnershipName: z.string().min(1),
  financialYear: z.string().min(1),
  deadline: z.iso.datetime(),
  services: z.array(z.string().min(1)).min(1),
  questions: z.array(askedQuestion).min(1),
  link: z.url(),
  coordinatorEmail: z.email(),
  /** Set on a reminder: when the request first went out. */
  firstAskedOn: z.iso.datetime().optional(),
});

/** The one email a provider's data contact receives for the year's return, and each reminder of it. */
export const providerReturnRequestEmail: EmailTemplate<typeof providerReturnRequestContext> = {
  name: 'provider-return-request',
  context: providerReturnRequestContext,
  subject: (ctx) =>
    `${ctx.firstAskedOn ? 'Reminder: figures' : 'Figures'} needed for the ${ctx.financialYear} safe accommodation return`,
};

export const providerReturnEscalationContext = z.object({
  recipientName: z.string().min(1),
  role: z.enum(['manager', 'coordinator', 'chair']),
  contactName: z.string().min(1),
  contactOrganisation: z.string().nullable(),
  contactEmail: z.email(),
  partnershipName: z.string().min(1),
  financialYear: z.string().min(1),
  deadline: z.iso.datetime(),
  services: z.array(z.string().min(1)).min(1),
  chased: z.array(z.object({ on: z.iso.datetime(), what: z.string() })).min(1),
  coordinatorEmail: z.email(),
});

/** Told to the commissioner when a provider's figures for the return do not come. */
export const providerReturnEscalationEmail: EmailTemplate<typeof providerReturnEscalationContext> = {
  name: 'provider-return-escalation',
  context: providerReturnEscalationContext,
  subject: (ctx) =>
    `No ${ctx.financialYear} return figures from ${ctx.contactOrganisation ?? ctx.contactName}`,
};
