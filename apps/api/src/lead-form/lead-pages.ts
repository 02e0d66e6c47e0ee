import { join } from 'node:path';
import { ArgumentsHost, Catch, Injectable } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { projectRoot } from '@waymark/config';
import { LEAD_STATUSES, STATUS_LABELS } from '@waymark/contracts';
import { isDatabaseUnavailable } from '@waymark/db';
import { createTemplateEnvironment } from '@waymark/templates';
import type { LinkLookup } from '@waymark/update-requests';

/** Renders the lead-facing pages (GOV.UK Design System, server-rendered, no JavaScript needed). */
@Injectable()
export class LeadPages {
  private readonly env = createTemplateEnvironment([
    join(projectRoot(), 'apps', 'api', 'views'),
    join(projectRoot(), 'node_modules', 'govuk-frontend', 'dist'),
  ]).addFilter('statusItems', (options: typeof STATUS_OPTIONS, selected: string) =>
    options.map((option) => ({ ...option, checked: option.value === selected })),
  );

  render(view: LeadView, context: Record<string, unknown>): string {
    return this.env.render(`${view}.njk`, { statuses: STATUS_OPTIONS, ...context });
  }

  /**
   * Sends a page reached through a secure link: the token in the URL is the only credential, so the page
   * is never cached or indexed and never leaks the URL as a referrer.
   */
  send(res: Response, status: number, view: LeadView, context: Record<string, unknown>): void {
    res
      .status(status)
      .set({
        'Referrer-Policy': 'no-referrer',
        'X-Robots-Tag': 'noindex, nofollow',
        'Cache-Control': 'no-store',
      })
      .type('html')
      // The nonce lets the page's own inline script run under the CSP (apps/api/src/main.ts).
      .send(this.render(view, { ...context, cspNonce: res.locals.cspNonce }));
  }

  /**
   * The request behind a secure link; or, when the link is unknown or no longer works, null after sending
   * the friendly link-problem page. `markOpened` records the visit of a page the lead reads.
   */
  async openLink<R>(
    res: Response,
    lookup: Promise<LinkLookup<R>>,
    markOpened?: (request: R) => Promise<void>,
  ): Promise<R | null> {
    const found = await lookup;
    if (found.kind !== 'open') {
      this.linkProblem(res, found.kind);
      return null;
    }
    await markOpened?.(found.request);
    return found.request;
  }

  /** "Try again in a minute" (503) while the database cannot be reached: the view says so. */
  unavailable(res: Response, view: LeadView, context: Record<string, unknown>): void {
    res.set('Retry-After', String(TRY_AGAIN_SECONDS));
    this.send(res, 503, view, { ...context, unavailable: true });
  }

  /** An unknown link (404) or one that no longer works (410), saying nothing about any request. */
  linkProblem(res: Response, kind: 'unknown' | 'expired'): void {
    this.send(res, kind === 'unknown' ? 404 : 410, 'link-problem', { kind });
  }
}

/** How long a lead is asked to wait when the database is unreachable (the page and Retry-After say so). */
export const TRY_AGAIN_SECONDS = 60;

/**
 * The lead pages' own answers where an API would answer problem+json: to the public rate limit, a plain page
 * asking them to wait (429); to a database that cannot be reached (stopped, restarting), a plain page asking
 * them to try again in a minute (503, with Retry-After). A form the lead sent gives its input back itself (the
 * update form does). Applied to the lead-page controllers, so it also catches the throttler guard's refusal;
 * anything else is answered as Nest does.
 */
@Catch()
export class LeadPagesFilter extends BaseExceptionFilter {
  constructor(private readonly pages: LeadPages) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ThrottlerException)
      return this.pages.send(res, 429, 'link-problem', { kind: 'busy' });
    if (isDatabaseUnavailable(exception))
      return this.pages.unavailable(res, 'link-problem', { kind: 'unavailable' });
    super.catch(exception, host);
  }
}

type LeadView =
  | 'update-form'
  | 'update-confirmation'
  | 'name-lead'
  | 'lead-named'
  | 'link-problem'
  | 'kpi-values-form'
  | 'kpi-values-confirmation'
  | 'sign-off'
  | 'sign-off-decided'
  | 'provider-return-form'
  | 'provider-return-confirmation'
  | 'engagement-form'
  | 'engagement-confirmation'
  | 'gate-decision'
  | 'gate-decided';

const STATUS_OPTIONS = LEAD_STATUSES.map((value) => ({ value, text: STATUS_LABELS[value] }));
