import { Body, ConflictException, Get, Logger, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { kpiPeriodLabel } from '@waymark/calendar';
import type { Response } from 'express';
import { z } from 'zod';
import { Caller, CurrentCaller, Owns, Roles } from '@waymark/access';
import { KPI_FREQUENCIES, KPI_UNITS, fieldErrors, listKpisSchema } from '@waymark/contracts';
import { KpiValuesRefused, KpiValuesService, KpisService } from '@waymark/kpis';
import { KpiCollectionWorkflows } from '@waymark/temporal';
import { presentKpi } from '../kpis/kpi.view';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';
import { KPI_NAMES, collectionQuarter, formatFigure, kpiChart, kpiListRow, periodLabel } from './kpi-pages';

/** The filters of the list, as the admin API's `GET /api/kpis` takes them (empty fields left out). */
const listQuery = z.preprocess(
  (query) =>
    Object.fromEntries(
      Object.entries((query ?? {}) as Record<string, unknown>).filter(([, value]) => value !== ''),
    ),
  listKpisSchema,
);

/** The coordinator's choice on a conflict's form. */
const settleForm = z.object({
  keep: z.enum(['accepted', 'conflicting'], { error: 'Choose which figure to keep' }),
  reason: z
    .string({ error: 'Say why this figure is the right one' })
    .trim()
    .min(3, 'Say why this figure is the right one, in at least 3 characters')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
  note: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer').optional(),
  conflictRevision: z.coerce.number().int().min(1),
});

/** How a figure arrived, as the revisions table says it. */
const CHANNEL_NAMES: Record<string, string> = {
  api: 'the admin API',
  console: 'the console',
  form: "the data owner's form",
  email: 'an email reply',
  formula: 'computed from its inputs',
  seed: 'the demo data',
};

type SettleForm = z.output<typeof settleForm>;

/**
 * The KPI pages: the list with status (latest figure, RAG, stale, the next figure due, conflicts), a KPI's
 * page (its series as a chart and a table, targets, revisions), settling a conflict between sources, and the
 * reference figures formulas use. The same services as the admin API's KpisController.
 */
@ConsoleController('kpis')
export class ConsoleKpisController {
  private readonly log = new Logger('ConsoleKpis');

  constructor(
    private readonly kpis: KpisService,
    private readonly values: KpiValuesService,
    private readonly collections: KpiCollectionWorkflows,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async list(
    @CurrentCaller() caller: Caller,
    @Query() raw: Record<string, string>,
    @Res() res: Response,
  ): Promise<void> {
    const parsed = listQuery.safeParse(raw);
    const query = parsed.success ? parsed.data : listKpisSchema.parse({});
    const asOf = new Date();
    const page = await this.kpis.listPage(caller.partnershipId, query);
    const filters = Object.fromEntries(
      ['q', 'unit', 'frequency', 'derived', 'includeArchived'].map((name) => [name, raw[name] ?? '']),
    );
    const next = page.nextCursor
      ? `?${new URLSearchParams({ ...filters, cursor: page.nextCursor }).toString()}`
      : null;
    this.pages.send(res, 'kpis/list', {
      title: 'KPIs',
      rows: page.items.map((kpi) => kpiListRow(presentKpi(kpi, asOf, { series: true }), asOf)),
      filters,
      invalidFilters: !parsed.success,
      units: KPI_UNITS,
      frequencies: KPI_FREQUENCIES,
      names: KPI_NAMES,
      next,
      firstPage: !query.cursor,
      collection: await this.collection(caller.partnershipId, asOf),
    });
  }

  /**
   * The last quarter's KPI collection, as `GET /api/kpi-collections/:partnershipId/:periodKey` reads it: not
   * started (null), or its phase, deadline and data owners asked and answered. The list still shows when the
   * workflow service cannot be reached.
   */
  private async collection(partnershipId: string, asOf: Date) {
    const period = collectionQuarter(asOf);
    const label = kpiPeriodLabel(period);
    try {
      const state = await this.collections.state(partnershipId, period.key);
      return {
        label,
        reachable: true,
        state: state && {
          phase: state.phase,
          deadline: state.deadline,
          asked: state.requests.filter((r) => r.sent).length,
          answered: state.requests.filter((r) => r.answered).length,
          owners: state.requests.length,
        },
      };
    } catch (error) {
      this.log.warn(`The KPI collection for ${period.key} could not be read: ${String(error)}`);
      return { label, reachable: false, state: null };
    }
  }

  @Get('reference-figures')
  async referenceFigures(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    const figures = await this.kpis.referenceFigures(caller.partnershipId);
    this.pages.send(res, 'kpis/reference-figures', {
      title: 'Reference figures',
      figures: figures.map((f) => ({ ...f, value: formatFigure(f.value.toNumber(), 'COUNT') })),
      graph: await this.kpis.graph(caller.partnershipId),
    });
  }

  @Get(':id')
  @Owns('kpi', 'params', 'id')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('settled') settled: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const kpi = presentKpi(await this.kpis.getIn(caller.partnershipId, id), new Date(), { series: true });
    const series = kpi.series ?? [];
    this.pages.send(res, 'kpis/show', {
      title: `${kpi.code}: ${kpi.name}`,
      kpi,
      row: kpiListRow(kpi, new Date()),
      chart: kpiChart(kpi),
      newestFirst: [...series].reverse(),
      who: await this.kpis.enteredByNames(
        caller.partnershipId,
        series.flatMap((p) => p.revisions.flatMap((r) => r.enteredBy ?? [])),
      ),
      channels: CHANNEL_NAMES,
      settled: series.find((p) => p.periodKey === settled) ?? null,
      names: KPI_NAMES,
      figure: (value: number | null) => formatFigure(value, kpi.unit),
      period: periodLabel,
      canSettle: caller.role !== 'BOARD_VIEWER',
    });
  }

  @Get(':id/conflicts/:periodKey')
  @Roles('ADMIN', 'COORDINATOR')
  @Owns('kpi', 'params', 'id')
  async conflict(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('periodKey') periodKey: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.sendConflict(res, caller, id, periodKey, 'form', {});
  }

  /** The form's answer: its errors, or the check page before anything is written. */
  @Post(':id/conflicts/:periodKey')
  @Roles('ADMIN', 'COORDINATOR')
  @Owns('kpi', 'params', 'id')
  async check(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('periodKey') periodKey: string,
    @Body() body: Record<string, string>,
    @Res() res: Response,
  ): Promise<void> {
    const parsed = settleForm.safeParse(body);
    if (!parsed.success) {
      const errors = Object.entries(fieldErrors(parsed.error)).map(([field, text]) => ({
        text,
        href: `#${field}`,
        field,
      }));
      await this.sendConflict(res, caller, id, periodKey, 'form', { answers: body, errors }, 422);
      return;
    }
    await this.sendConflict(res, caller, id, periodKey, 'check', { answers: parsed.data });
  }

  /** Confirmed: settles the conflict through the same service as the API, or shows its refusal. */
  @Post(':id/conflicts/:periodKey/settle')
  @Roles('ADMIN', 'COORDINATOR')
  @Owns('kpi', 'params', 'id')
  async settle(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('periodKey') periodKey: string,
    @Body() body: Record<string, string>,
    @Res() res: Response,
  ): Promise<void> {
    const parsed = settleForm.safeParse(body);
    if (!parsed.success) {
      await this.sendConflict(res, caller, id, periodKey, 'form', { answers: body }, 422);
      return;
    }
    try {
      await this.values.settleConflict(caller, { kpiId: id, periodKey, ...parsed.data });
    } catch (error) {
      if (!(error instanceof KpiValuesRefused || error instanceof ConflictException)) throw error;
      const problems =
        error instanceof KpiValuesRefused
          ? error.problems.map((p) => p.message)
          : [(error.getResponse() as { message: string }).message];
      const errors = problems.map((text) => ({ text, href: '#keep', field: 'refused' }));
      await this.sendConflict(res, caller, id, periodKey, 'form', { answers: body, errors }, 422);
      return;
    }
    res.redirect(303, `/console/kpis/${id}?settled=${encodeURIComponent(periodKey)}`);
  }

  /** The conflict's form or its check page; a period without an open conflict is the 404 page. */
  private async sendConflict(
    res: Response,
    caller: Caller,
    id: string,
    periodKey: string,
    view: 'form' | 'check',
    context: { answers?: Partial<SettleForm> | Record<string, string>; errors?: unknown[] },
    status = 200,
  ): Promise<void> {
    const kpi = presentKpi(await this.kpis.getIn(caller.partnershipId, id), new Date(), { series: true });
    const point = kpi.series?.find((p) => p.periodKey === periodKey);
    // A conflict settled since the form was sent still shows the form, with the refusal saying so.
    if (!point || (!point.conflict && !context.errors)) {
      this.pages.send(res, 'problem', { kind: 'not-found', detail: '' }, 404);
      return;
    }
    this.pages.send(
      res,
      view === 'form' ? 'kpis/conflict' : 'kpis/conflict-check',
      {
        title: view === 'form' ? `Settle the conflict for ${point.periodLabel}` : 'Check before you settle',
        kpi,
        point,
        figure: (value: number | null) => formatFigure(value, kpi.unit),
        answers: {},
        errors: [],
        ...context,
      },
      status,
    );
  }
}
