import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { projectRoot } from '@waymark/config';
import { LEAD_STATUSES, STATUS_LABELS } from '@waymark/contracts';
import { createTemplateEnvironment } from '@waymark/templates';

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
      .send(this.render(view, context));
  }

  /** An unknown link (404) or one that no longer works (410), saying nothing about any request. */
  linkProblem(res: Response, kind: 'unknown' | 'expired'): void {
    this.send(res, kind === 'unknown' ? 404 : 410, 'link-problem', { kind });
  }
}

type LeadView =
  'update-form' | 'update-confirmation' | 'link-problem' | 'kpi-values-form' | 'kpi-values-confirmation';

const STATUS_OPTIONS = LEAD_STATUSES.map((value) => ({ value, text: STATUS_LABELS[value] }));
