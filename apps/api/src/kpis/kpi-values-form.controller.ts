import { Body, Controller, Get, Header, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@waymark/access';
import { AnswerRecorder } from '@waymark/answers';
import type { Response } from 'express';
import { kpiPeriod, kpiPeriodLabel } from '@waymark/calendar';
import { KpiFormFigure } from '@waymark/contracts';
import { FormItem, KpiRequestForForm, KpiValueRequestsService, KpiValuesRefused } from '@waymark/kpis';
import { TypedFigure, figureLabel, readFigures, typedFromHeld } from '../lead-form/figures';
import { LeadPages, LeadPagesFilter } from '../lead-form/lead-pages';

const PREFIX = 'item';

/**
 * The secure link a data owner follows from the values request: one short form with every figure asked
 * of them this period. No account; the token is the only credential, so pages are never cached or
 * indexed. Figures are recorded all or nothing, and derived KPIs recompute as they are.
 */
@ApiExcludeController()
@Public()
@UseFilters(LeadPagesFilter)
@Controller('k/:token')
export class KpiValuesFormController {
  constructor(
    private readonly requests: KpiValueRequestsService,
    private readonly answers: AnswerRecorder,
    private readonly pages: LeadPages,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token), (r) =>
      this.requests.markOpened(r.id),
    );
    if (!request) return;
    const items = await this.requests.formItems(request);
    this.render(res, 200, request, items, typedFromHeld(items), null);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  async submit(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    const { typed, figures, errors } = readFigures(body, request.items.length, PREFIX, { optional: false });
    if (Object.keys(errors).length === 0) {
      try {
        const recorded = await this.answers.recordKpiValues(request, token, figures as KpiFormFigure[], {
          channel: 'form',
        });
        if (!recorded) return this.pages.linkProblem(res, 'expired');
        res.redirect(303, `/k/${token}/confirmation`);
        return;
      } catch (error) {
        if (!(error instanceof KpiValuesRefused)) throw error;
        for (const problem of error.problems) errors[problem.field] ??= problem.message;
      }
    }
    this.render(res, 400, request, await this.requests.formItems(request), typed, errors);
  }

  @Get('confirmation')
  @Header('Cache-Control', 'no-store')
  async confirmation(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    if (request.state !== 'ANSWERED') {
      res.redirect(303, `/k/${token}`);
      return;
    }
    this.pages.send(res, 200, 'kpi-values-confirmation', {
      ...pageContext(request),
      items: await this.requests.formItems(request),
      formUrl: `/k/${token}`,
    });
  }

  private render(
    res: Response,
    status: number,
    request: KpiRequestForForm,
    items: FormItem[],
    typed: TypedFigure[],
    errors: Record<string, string> | null,
  ): void {
    const errorList = errors
      ? Object.entries(errors).map(([field, text]) => ({
          text: `${figureLabel(items, PREFIX, field) ?? 'Form'}: ${text}`,
          href: `#${field}`,
        }))
      : [];
    this.pages.send(res, status, 'kpi-values-form', {
      ...pageContext(request),
      items: items.map((item, i) => ({ ...item, index: i, typed: typed[i] })),
      errors: errors ?? {},
      errorList,
      revising: request.state === 'ANSWERED',
    });
  }
}

function pageContext(request: KpiRequestForForm) {
  return {
    partnershipName: request.partnership.name,
    coordinatorEmail: request.partnership.coordinatorEmail,
    ownerName: request.dataOwner.name,
    respondBy: request.respondBy.toISOString(),
    periodLabel: kpiPeriodLabel(kpiPeriod(request.periodKey)),
  };
}
