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

const mailTemplates = join(projectRoot(), 'libs', 'mail', 'templates');
const htmlEnv = createTemplateEnvironment(mailTemplates);
/** Plain-text parts are not HTML: "Police & Crime" stays as written, not "Police &amp; Crime". */
const textEnv = createTemplateEnvironment(mailTemplates, { autoescape: false });

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
    html: htmlEnv.render(`${template.name}.html.njk`, ctx),
    text: textEnv.render(`${template.name}.txt.njk`, ctx),
  };
}
