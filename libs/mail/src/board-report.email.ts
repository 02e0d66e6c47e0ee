import { z } from 'zod';
import { formatUkDate } from '@waymark/templates';
import { EmailTemplate } from './templates';

const count = z.number().int().min(0);

export const boardReportCounts = z.object({
  actions: count,
  complete: count,
  /** Share of live actions complete, 0-100. */
  percentComplete: z.number().min(0).max(100),
  red: count,
  amber: count,
  green: count,
  stale: count,
  overdue: count,
  noOwner: count,
  unanswered: count,
});

export const boardReportException = z.object({
  ref: z.string().min(1),
  title: z.string().min(1),
  /** Why it is an exception, in words, e.g. "Red; overdue (due 31 March 2026); chased 3 times". */
  reasons: z.string().min(1),
});

export const boardReportContext = z.object({
  memberName: z.string().min(1),
  boardName: z.string().min(1),
  partnershipName: z.string().min(1),
  strategyTitle: z.string().min(1),
  periodLabel: z.string().min(1),
  /** The meeting the report is for (ISO date). */
  meetsOn: z.iso.date(),
  fileName: z.string().min(1),
  counts: boardReportCounts,
  topExceptions: z.array(boardReportException),
  /** Exceptions not listed in the email (they are all in the workbook). */
  moreExceptions: count,
  coordinatorEmail: z.email(),
});

/** The covering email a board member receives with the progress report attached. */
export const boardReportEmail: EmailTemplate<typeof boardReportContext> = {
  name: 'board-report',
  context: boardReportContext,
  subject: (ctx) => `${ctx.boardName}: progress report for the meeting on ${formatUkDate(ctx.meetsOn)}`,
};
