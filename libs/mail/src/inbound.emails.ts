import { z } from 'zod';
import { EmailTemplate } from './templates';

const recordedItem = z.object({
  /** e.g. "P1.2 Train frontline housing staff" or "MARAC-CASES MARAC cases heard (Quarter 4 2026/27)". */
  heading: z.string().min(1),
  lines: z.array(z.string().min(1)).min(1),
});

export const inboundRecordedContext = z.object({
  name: z.string().min(1),
  partnershipName: z.string().min(1),
  items: z.array(recordedItem).min(1),
  coordinatorEmail: z.email(),
  /** True when the answer was read from below the quoted email (nothing above it could be read): the email says so. */
  belowQuote: z.boolean().default(false),
});

/** Confirms, in answer to a lead's or data owner's email reply, what Waymark recorded from it. */
export const inboundRecordedEmail: EmailTemplate<typeof inboundRecordedContext> = {
  name: 'inbound-recorded',
  context: inboundRecordedContext,
  subject: (ctx) =>
    `Recorded: ${ctx.items.length === 1 ? ctx.items[0].heading : `${ctx.items.length} updates`}`,
};

export const inboundRefusedContext = z.object({
  /**
   * not-understood: matched, could not be read; closed. Unknown senders are never answered, and nothing of
   * the message (its subject above all) is echoed.
   */
  reason: z.enum(['not-understood', 'closed']),
  problems: z.array(z.string().min(1)),
  /** The reply format, as shown in the request email (not-understood only). */
  example: z.array(z.string()),
  partnershipName: z.string().min(1).nullable(),
  coordinatorEmail: z.email().nullable(),
});

/** Tells the sender of an email reply that nothing was recorded, why, and what to do. */
export const inboundRefusedEmail: EmailTemplate<typeof inboundRefusedContext> = {
  name: 'inbound-refused',
  context: inboundRefusedContext,
  subject: () => 'Not recorded: your email reply',
};
