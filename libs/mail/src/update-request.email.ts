import { z } from 'zod';
import { EmailTemplate } from './templates';

const requestedAction = z.object({
  ref: z.string().min(1),
  title: z.string().min(1),
  dueDate: z.string().nullable(),
  dueDateText: z.string().nullable(),
  link: z.url(),
});

export const updateRequestContext = z.object({
  leadName: z.string().min(1),
  partnershipName: z.string().min(1),
  periodLabel: z.string().min(1),
  deadline: z.iso.datetime(),
  actions: z.array(requestedAction).min(1),
  coordinatorEmail: z.email(),
});

/** The request a lead receives at the start of a reporting period. */
export const updateRequestEmail: EmailTemplate<typeof updateRequestContext> = {
  name: 'update-request',
  context: updateRequestContext,
  subject: (ctx) =>
    ctx.actions.length === 1
      ? `Update needed: ${ctx.actions[0].ref} ${ctx.actions[0].title}`
      : `Update needed on ${ctx.actions.length} domestic abuse strategy actions`,
};
