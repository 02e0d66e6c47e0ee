import { z } from 'zod';
import { EmailTemplate } from './templates';

export const reviewDueContext = z.object({
  recipientName: z.string().min(1),
  partnershipName: z.string().min(1),
  strategyTitle: z.string().min(1),
  firstPublishedOn: z.iso.date(),
  /** The three-year window the strategy is in (SI 2021/990 reg 4). */
  window: z.object({ start: z.iso.date(), end: z.iso.date() }),
  /** How long is left, or that the last window closed with no review. */
  status: z.enum(['due-within-12-months', 'due-within-6-months', 'due-within-3-months', 'overdue']),
  /** Windows that closed with no review recorded. */
  missed: z.array(z.object({ start: z.iso.date(), end: z.iso.date() })),
  coordinatorEmail: z.email(),
});

/** Told to the coordinator and the board chair 12, 6 and 3 months before a review window closes, and when overdue. */
export const reviewDueEmail: EmailTemplate<typeof reviewDueContext> = {
  name: 'review-due',
  context: reviewDueContext,
  subject: (ctx) =>
    ctx.status === 'overdue'
      ? `Strategy review overdue: ${ctx.strategyTitle}`
      : `Strategy review due within ${ctx.status.split('-')[2]} months: ${ctx.strategyTitle}`,
};
