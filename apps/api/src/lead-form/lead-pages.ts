import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
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

  render(
    view:
      'update-form' | 'update-confirmation' | 'link-problem' | 'kpi-values-form' | 'kpi-values-confirmation',
    context: Record<string, unknown>,
  ): string {
    return this.env.render(`${view}.njk`, { statuses: STATUS_OPTIONS, ...context });
  }
}

const STATUS_OPTIONS = LEAD_STATUSES.map((value) => ({ value, text: STATUS_LABELS[value] }));
