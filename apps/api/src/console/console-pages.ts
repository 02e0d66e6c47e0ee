import { join } from 'node:path';
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { projectRoot } from '@waymark/config';
import { ConsoleRequest, CsrfRefused } from '@waymark/sign-in';
import { createTemplateEnvironment, formatUkDate } from '@waymark/templates';
import { ROLE_NAMES, navigationFor } from './navigation';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

interface Item {
  value: string;
  text: string;
}

/** "Monday 7 December 2026 at 5:30pm": GOV.UK's date and time, in London time. */
export function formatUkDateTime(value: Date | string): string {
  return `${formatUkDate(value)} at ${timeFormat.format(new Date(value)).replace(' ', '')}`;
}

/**
 * Renders the console's pages (apps/api/views/console/*.njk, GOV.UK Frontend, no JavaScript needed). Every page
 * gets the signed-in user, the navigation, the session's form token and the CSP nonce; a view adds its own.
 */
@Injectable()
export class ConsolePages {
  private readonly env = createTemplateEnvironment([
    join(projectRoot(), 'apps', 'api', 'views'),
    join(projectRoot(), 'node_modules', 'govuk-frontend', 'dist'),
  ])
    .addFilter('ukDateTime', (value: Date | string) => formatUkDateTime(value))
    // GOV.UK select and checkbox items with the current choice marked.
    .addFilter('selectedItems', (items: Item[], value: string) =>
      items.map((item) => ({ ...item, selected: item.value === value })),
    )
    .addFilter('checkedItems', (items: Item[], values: string[]) =>
      items.map((item) => ({ ...item, checked: values.includes(item.value) })),
    );

  /** Sends `views/console/<view>.njk`; pages are never cached or indexed (they show a signed-in user's data). */
  send(res: Response, view: string, context: Record<string, unknown> = {}, status = 200): void {
    const req = res.req as ConsoleRequest;
    const session = req.consoleSession;
    const html = this.env.render(`console/${view}.njk`, {
      cspNonce: res.locals.cspNonce as string,
      csrfToken: session?.csrfToken ?? '',
      user: session?.user ?? null,
      navigation: navigationFor(session?.user.role, req.path),
      roleNames: ROLE_NAMES,
      ...context,
    });
    res
      .status(status)
      .set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' })
      .type('html')
      .send(html);
  }
}

/**
 * Every refusal on a console page as a page, not problem+json: no session → the sign-in page (coming back here
 * afterwards, for a page read); a form without its token → 403 saying so; another role's page → 403; another
 * partnership's record, or none → 404; too many requests → 429; anything else → 500, logged.
 */
@Catch()
export class ConsolePageErrors implements ExceptionFilter {
  private readonly log = new Logger('Console');

  constructor(private readonly pages: ConsolePages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof UnauthorizedException) {
      const back = req.method === 'GET' ? req.originalUrl : '/console';
      return res.redirect(303, `/console/sign-in?returnTo=${encodeURIComponent(back)}`);
    }
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) this.log.error(exception instanceof Error ? exception.stack : String(exception));
    const kind =
      exception instanceof CsrfRefused
        ? 'csrf'
        : exception instanceof ThrottlerException
          ? 'busy'
          : exception instanceof NotFoundException
            ? 'not-found'
            : status === 403
              ? 'forbidden'
              : status < 500
                ? 'bad-request'
                : 'error';
    const detail = exception instanceof HttpException ? exception.message : '';
    this.pages.send(res, 'problem', { kind, detail }, status);
  }
}
