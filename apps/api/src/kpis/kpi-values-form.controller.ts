import { Body, Controller, Get, Header, Logger, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { kpiPeriod, kpiPeriodLabel } from '@waymark/calendar';
import { KpiFormFigure, fieldErrors, kpiFormFigureSchema } from '@waymark/contracts';
import { FormItem, KpiRequestForForm, KpiValueRequestsService, KpiValuesRefused } from '@waymark/kpis';
import { KpiCollectionWorkflows } from '@waymark/temporal';
import { LeadPages } from '../lead-form/lead-pages';

interface TypedFigure {
  value: string;
  notAvailable: boolean;
  note: string;
}

/**
 * The secure link a data owner follows from the values request: one short form with every figure asked
 * of them this period. No account; the token is the only credential, so pages are never cached or
 * indexed. Figures are recorded all or nothing, and derived KPIs recompute as they are.
 */
@ApiExcludeController()
@Controller('k/:token')
export class KpiValuesFormController {
  private readonly logger = new Logger(KpiValuesFormController.name);

  constructor(
    private readonly requests: KpiValueRequestsService,
    private readonly workflows: KpiCollectionWorkflows,
    private readonly pages: LeadPages,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const found = await this.requests.lookUp(token);
    if (found.kind !== 'open') return this.pages.linkProblem(res, found.kind);
    await this.requests.markOpened(found.request.id);
    const items = await this.requests.formItems(found.request);
    const typed = items.map((item) => ({
      value: item.current?.value?.toString() ?? '',
      notAvailable: item.current !== null && item.current.value === null,
      note: item.current?.note ?? '',
    }));
    this.render(res, 200, found.request, items, typed, null);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  async submit(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const found = await this.requests.lookUp(token);
    if (found.kind !== 'open') return this.pages.linkProblem(res, found.kind);
    const { request } = found;
    const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : '');
    const typed: TypedFigure[] = request.items.map((_item, i) => ({
      value: text(`item-${i}-value`),
      notAvailable: text(`item-${i}-notAvailable`) === 'yes',
      note: text(`item-${i}-note`),
    }));

    const errors: Record<string, string> = {};
    const figures: KpiFormFigure[] = [];
    typed.forEach((figure, i) => {
      const parsed = kpiFormFigureSchema.safeParse(figure);
      if (parsed.success) figures.push(parsed.data);
      else
        for (const [field, message] of Object.entries(fieldErrors(parsed.error)))
          errors[`item-${i}-${field}`] = message;
    });
    if (Object.keys(errors).length === 0) {
      try {
        const recorded = await this.requests.submit(token, figures);
        if (!recorded) return this.pages.linkProblem(res, 'expired');
        await this.signal(request);
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
    const found = await this.requests.lookUp(token);
    if (found.kind !== 'open') return this.pages.linkProblem(res, found.kind);
    if (found.request.state !== 'ANSWERED') {
      res.redirect(303, `/k/${token}`);
      return;
    }
    this.pages.send(res, 200, 'kpi-values-confirmation', {
      ...pageContext(found.request),
      items: await this.requests.formItems(found.request),
      formUrl: `/k/${token}`,
    });
  }

  /** The values are safely recorded; the workflow also reads the request's state from the database. */
  private async signal(request: KpiRequestForForm): Promise<void> {
    try {
      await this.workflows.valuesSubmitted(request.partnershipId, request.periodKey, request.id);
    } catch (error) {
      this.logger.warn(
        `Could not signal the ${request.periodKey} KPI collection: ${(error as Error).message}`,
      );
    }
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
          text: `${labelOf(items, field)}: ${text}`,
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

function labelOf(items: FormItem[], field: string): string {
  const item = items[Number(/^item-(\d+)-/.exec(field)?.[1])];
  return item ? `${item.name} (${item.periodLabel})` : 'Form';
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
