import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '@waymark/config';
import { createTemplateEnvironment } from '@waymark/templates';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailTemplate<C extends z.ZodType> {
  name: string;
  context: C;
  subject: (ctx: z.output<C>) => string;
}

const mailEnv = createTemplateEnvironment(join(projectRoot(), 'libs', 'mail', 'templates'));

/** Renders `<name>.html.njk` and `<name>.txt.njk` after validating the context. */
export function renderEmail<C extends z.ZodType>(
  template: EmailTemplate<C>,
  context: z.input<C>,
): RenderedEmail {
  const parsed = template.context.safeParse(context);
  if (!parsed.success) {
    throw new Error(`Email "${template.name}" cannot be rendered: ${z.prettifyError(parsed.error)}`);
  }
  const ctx = parsed.data as object;
  return {
    subject: template.subject(parsed.data),
    html: mailEnv.render(`${template.name}.html.njk`, ctx),
    text: mailEnv.render(`${template.name}.txt.njk`, ctx),
  };
}
