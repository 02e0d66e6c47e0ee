import { z } from 'zod';
import { EmailTemplate } from './templates';

export const consoleSignInContext = z.object({
  userName: z.string().min(1),
  partnershipName: z.string().min(1),
  /** The single-use link: it opens a page with a button that signs in (a mail scanner's visit uses nothing). */
  signInUrl: z.url(),
  /** How long the link works, in minutes. */
  minutes: z.number().int().min(1),
});

/** Sent to a console user who asked to sign in by email. */
export const consoleSignInEmail: EmailTemplate<typeof consoleSignInContext> = {
  name: 'console-sign-in',
  context: consoleSignInContext,
  subject: (ctx) => `Sign in to the ${ctx.partnershipName} console`,
};
