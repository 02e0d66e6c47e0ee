// The emails of a strategy review: an engagement activity's request for answers (and its reminders), the
// escalation when a contact does not answer, and the request to a gate's approver to decide.
import { z } from 'zod';
import { EmailTemplate } from './templates';

export const engagementRequestContext = z.object({
  contactName: z.string().min(1),
  partnershipName: z.string().min(1),
  reviewTitle: z.string().min(1),
  group: z.string().min(1),
  aim: z.string().min(1),
  questions: z.array(z.string().min(1)).min(1),
  deadline: z.iso.datetime(),
  link: z.url(),
  coordinatorEmail: z.email(),
  /** Set on a reminder: when the request first went out. */
  firstAskedOn: z.iso.datetime().optional(),
});

/** The one email an engagement activity's contact receives, and each reminder of it. */
export const engagementRequestEmail: EmailTemplate<typeof engagementRequestContext> = {
  name: 'engagement-request',
  context: engagementRequestContext,
  subject: (ctx) =>
    `${ctx.firstAskedOn ? 'Reminder: your' : 'Your'} views for the review of the domestic abuse strategy (${ctx.group})`,
};

export const engagementEscalationContext = z.object({
  recipientName: z.string().min(1),
  role: z.enum(['manager', 'coordinator', 'chair']),
  contactName: z.string().min(1),
  contactOrganisation: z.string().nullable(),
  contactEmail: z.email(),
  partnershipName: z.string().min(1),
  reviewTitle: z.string().min(1),
  group: z.string().min(1),
  deadline: z.iso.datetime(),
  chased: z.array(z.object({ on: z.iso.datetime(), what: z.string() })).min(1),
  coordinatorEmail: z.email(),
});

/** Told to the contact's manager, the coordinator or the chair when a group's answers do not come. */
export const engagementEscalationEmail: EmailTemplate<typeof engagementEscalationContext> = {
  name: 'engagement-escalation',
  context: engagementEscalationContext,
  subject: (ctx) => `No answers yet from ${ctx.group} for the strategy review`,
};

export const gateRequestContext = z.object({
  recipientName: z.string().min(1),
  partnershipName: z.string().min(1),
  reviewTitle: z.string().min(1),
  body: z.string().min(1),
  approves: z.string().min(1),
  kind: z.enum(['approval', 'formal-comment']),
  round: z.int().min(1),
  /** The coordinator's note when resubmitting after the gate sent the review back. */
  note: z.string().nullable(),
  /** Set when the approver is the coordinator, recording a body's decision made elsewhere (a meeting). */
  recordingFor: z.string().nullable(),
  link: z.url(),
  coordinatorEmail: z.email(),
});

/** Asks a gate's approver to decide (or to comment, for a formal comment), by the secure link. */
export const gateRequestEmail: EmailTemplate<typeof gateRequestContext> = {
  name: 'gate-request',
  context: gateRequestContext,
  subject: (ctx) =>
    `${ctx.kind === 'formal-comment' ? 'Comment' : 'Decision'} needed: ${ctx.approves} (${ctx.reviewTitle})${ctx.round > 1 ? ', resubmitted' : ''}`,
};

export const gateDecidedContext = z.object({
  partnershipName: z.string().min(1),
  reviewTitle: z.string().min(1),
  body: z.string().min(1),
  approves: z.string().min(1),
  decision: z.enum(['APPROVED', 'APPROVED_WITH_CONDITIONS', 'SENT_BACK', 'COMMENTED']),
  decidedBy: z.string().min(1),
  comments: z.string().nullable(),
  conditions: z.string().nullable(),
  decidedAt: z.iso.datetime(),
});

/** Tells the coordinator what a gate decided (and, when it sent the review back, that it waits for them). */
export const gateDecidedEmail: EmailTemplate<typeof gateDecidedContext> = {
  name: 'gate-decided',
  context: gateDecidedContext,
  subject: (ctx) =>
    `${ctx.body}: ${
      {
        APPROVED: 'approved',
        APPROVED_WITH_CONDITIONS: 'approved with conditions',
        SENT_BACK: 'sent back with comments',
        COMMENTED: 'formal comment received',
      }[ctx.decision]
    } (${ctx.reviewTitle})`,
};

export const reviewProposedContext = z.object({
  partnershipName: z.string().min(1),
  strategyTitle: z.string().min(1),
  reviewTitle: z.string().min(1),
  reviewId: z.uuid(),
  /** The window of the review clock the review answers (SI 2021/990 reg 4). */
  window: z.object({ start: z.iso.date(), end: z.iso.date() }),
});

/** Told to the coordinator when Waymark opens a review itself, 15 months before its window closes. */
export const reviewProposedEmail: EmailTemplate<typeof reviewProposedContext> = {
  name: 'review-proposed',
  context: reviewProposedContext,
  subject: (ctx) => `Plan the review of ${ctx.strategyTitle}: due by ${ctx.window.end}`,
};
