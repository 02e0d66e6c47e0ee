import { z } from 'zod';
import { EmailTemplate } from './templates';

const requestedFigure = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  periodLabel: z.string().min(1),
  unit: z.string().min(1),
});

export const kpiValueRequestContext = z.object({
  ownerName: z.string().min(1),
  partnershipName: z.string().min(1),
  periodLabel: z.string().min(1),
  deadline: z.iso.datetime(),
  figures: z.array(requestedFigure).min(1),
  link: z.url(),
  coordinatorEmail: z.email(),
});

/** The one email a data owner receives each collection period, listing every figure asked of them. */
export const kpiValueRequestEmail: EmailTemplate<typeof kpiValueRequestContext> = {
  name: 'kpi-value-request',
  context: kpiValueRequestContext,
  subject: (ctx) =>
    ctx.figures.length === 1
      ? `Figure needed for ${ctx.periodLabel}: ${ctx.figures[0].name}`
      : `${ctx.figures.length} figures needed for ${ctx.periodLabel}`,
};
