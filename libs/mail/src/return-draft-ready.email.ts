import { z } from 'zod';
import { EmailTemplate } from './templates';

export const returnDraftReadyContext = z.object({
  partnershipName: z.string().min(1),
  financialYear: z.string().min(1),
  /** Whether every provider asked has answered, or the providers' deadline passed first. */
  allAnswered: z.boolean(),
  providers: z.array(z.object({ name: z.string().min(1), answered: z.boolean() })),
  servicesWithoutContact: z.array(z.string().min(1)),
  problems: z.object({
    errors: z.number().int().nonnegative(),
    unexplainedWarnings: z.number().int().nonnegative(),
  }),
  /** The failing checks, as the return lists them. */
  failing: z.array(z.object({ kind: z.enum(['error', 'warning']), message: z.string().min(1) })),
  returnUrl: z.url(),
  coordinatorEmail: z.email(),
});

/** Told to the coordinator once, when every provider has answered or their deadline has passed. */
export const returnDraftReadyEmail: EmailTemplate<typeof returnDraftReadyContext> = {
  name: 'return-draft-ready',
  context: returnDraftReadyContext,
  subject: (ctx) =>
    `${ctx.financialYear} return: draft ready${
      ctx.problems.errors + ctx.problems.unexplainedWarnings > 0
        ? `, ${ctx.problems.errors + ctx.problems.unexplainedWarnings} problem(s) to resolve`
        : ''
    }`,
};
