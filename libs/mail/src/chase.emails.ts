import { z } from 'zod';
import { EmailTemplate } from './templates';

const requestedAction = z.object({
  ref: z.string().min(1),
  title: z.string().min(1),
  dueDate: z.string().nullable(),
  dueDateText: z.string().nullable(),
  /** Due soon: the lead is asked whether it will complete on time. */
  askOnTime: z.boolean(),
  overdue: z.boolean(),
  link: z.url(),
  /** The action has no lead contact yet: the lead is asked as this organisation's default contact. */
  askedAsDefaultFor: z.string().nullable().default(null),
  /** Where they name the right person, when asked as a default contact. */
  nameLeadLink: z.url().nullable().default(null),
});

export const chaseRequestContext = z.object({
  leadName: z.string().min(1),
  partnershipName: z.string().min(1),
  periodLabel: z.string().min(1),
  deadline: z.iso.datetime(),
  /** A reminder says when the lead was first asked. */
  reminder: z.boolean(),
  firstAskedOn: z.iso.datetime().nullable(),
  actions: z.array(requestedAction).min(1),
  coordinatorEmail: z.email(),
  /** The lead's own workbook is attached: a third way to answer. */
  workbookAttached: z.boolean(),
});

/** The request (and its reminders) a lead receives: every action of theirs due an update, in one email. */
export const chaseRequestEmail: EmailTemplate<typeof chaseRequestContext> = {
  name: 'chase-request',
  context: chaseRequestContext,
  subject: (ctx) => {
    const [only] = ctx.actions;
    if (ctx.actions.length === 1) {
      return ctx.reminder
        ? `Reminder: update needed on ${only.ref} ${only.title}`
        : `Update needed: ${only.ref} ${only.title}`;
    }
    return `${ctx.reminder ? 'Reminder: update' : 'Update'} needed on ${ctx.actions.length} domestic abuse strategy actions`;
  },
};

export const chaseEscalationContext = z.object({
  recipientName: z.string().min(1),
  /** "manager", "coordinator" or "chair": why this person is told. */
  role: z.enum(['manager', 'coordinator', 'chair']),
  leadName: z.string().min(1),
  leadOrganisation: z.string().nullable(),
  leadEmail: z.email(),
  partnershipName: z.string().min(1),
  periodLabel: z.string().min(1),
  deadline: z.iso.datetime(),
  /** Every time the lead was emailed about these actions this period, oldest first. */
  chased: z.array(z.object({ on: z.iso.datetime(), what: z.string() })).min(1),
  actions: z.array(z.object({ ref: z.string(), title: z.string(), overdue: z.boolean() })).min(1),
  coordinatorEmail: z.email(),
});

/** Told to the lead's manager, then the coordinator, then the board chair, when a lead does not answer. */
export const chaseEscalationEmail: EmailTemplate<typeof chaseEscalationContext> = {
  name: 'chase-escalation',
  context: chaseEscalationContext,
  subject: (ctx) =>
    `No update from ${ctx.leadName}${ctx.leadOrganisation ? ` (${ctx.leadOrganisation})` : ''} on ${ctx.actions.length} action${ctx.actions.length === 1 ? '' : 's'}`,
};

export const overdueContext = z.object({
  recipientName: z.string().min(1),
  partnershipName: z.string().min(1),
  action: z.object({
    ref: z.string(),
    title: z.string(),
    dueDate: z.string(),
    status: z.string(),
    leadName: z.string().nullable(),
  }),
  coordinatorEmail: z.email(),
});

/** An action past its due date and not complete: the coordinator and the lead's manager are told. */
export const overdueEmail: EmailTemplate<typeof overdueContext> = {
  name: 'action-overdue',
  context: overdueContext,
  subject: (ctx) => `Overdue: ${ctx.action.ref} ${ctx.action.title}`,
};
