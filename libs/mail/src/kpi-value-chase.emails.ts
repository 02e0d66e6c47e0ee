// The KPI collection's reminder ladder: reminders to a data owner who has not sent their figures, and the
// escalation that tells their manager, the coordinator or the board chair. The first request is
// kpi-value-request.email.ts; these follow it on the partnership's chase policy.
import { z } from 'zod';
import { kpiValueRequestContext } from './kpi-value-request.email';
import { EmailTemplate } from './templates';

export const kpiValueReminderContext = kpiValueRequestContext.extend({
  /** When the request first went out. */
  firstAskedOn: z.iso.datetime(),
});

/** A reminder to a data owner: the same figures and link as the request, and when they were first asked. */
export const kpiValueReminderEmail: EmailTemplate<typeof kpiValueReminderContext> = {
  name: 'kpi-value-reminder',
  context: kpiValueReminderContext,
  subject: (ctx) =>
    `Reminder: ${ctx.figures.length === 1 ? 'figure' : `${ctx.figures.length} figures`} needed for ${ctx.periodLabel}`,
};

export const kpiValueEscalationContext = z.object({
  recipientName: z.string().min(1),
  role: z.enum(['manager', 'coordinator', 'chair']),
  ownerName: z.string().min(1),
  ownerOrganisation: z.string().nullable(),
  ownerEmail: z.email(),
  partnershipName: z.string().min(1),
  periodLabel: z.string().min(1),
  deadline: z.iso.datetime(),
  /** Every time the data owner was emailed for these figures, oldest first. */
  chased: z.array(z.object({ on: z.iso.datetime(), what: z.string() })).min(1),
  figures: kpiValueRequestContext.shape.figures,
  coordinatorEmail: z.email(),
});

/** Told to the data owner's manager, then the coordinator, then the board chair, when figures do not come. */
export const kpiValueEscalationEmail: EmailTemplate<typeof kpiValueEscalationContext> = {
  name: 'kpi-value-escalation',
  context: kpiValueEscalationContext,
  subject: (ctx) =>
    `No figures from ${ctx.ownerName}${ctx.ownerOrganisation ? ` (${ctx.ownerOrganisation})` : ''} for ${ctx.periodLabel}`,
};
