import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { createZodDto } from 'nestjs-zod';
import {
  defineKpiSchema,
  enterKpiValueSchema,
  listKpisSchema,
  referenceFigureSchema,
  updateKpiSchema,
} from '@waymark/contracts';
import { callerActor } from '@waymark/audit';
import { KpiValuesService, KpisService, RecordedValues } from '@waymark/kpis';
import { ApiCaller } from '../admin/caller';
import { KpiView, presentKpi } from './kpi.view';

class DefineKpiDto extends createZodDto(defineKpiSchema) {}
class UpdateKpiDto extends createZodDto(updateKpiSchema) {}
class EnterKpiValueDto extends createZodDto(enterKpiValueSchema) {}
class ReferenceFigureDto extends createZodDto(referenceFigureSchema) {}
class ListKpisQueryDto extends createZodDto(listKpisSchema) {}

/** KPIs for coordinators: define them, read their series and status, enter or correct values. */
@ApiTags('kpis')
@Controller('api')
export class KpisController {
  constructor(
    private readonly kpis: KpisService,
    private readonly values: KpiValuesService,
  ) {}

  /** Defines a KPI: a measure with targets and a RAG rule, or a derived indicator with a formula. */
  @Post('kpis')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The KPI, with its derived values computed' })
  @Owns('strategy', 'body', 'strategyId')
  async define(@CurrentCaller() caller: Caller, @Body() body: DefineKpiDto): Promise<KpiView> {
    return presentKpi(await this.kpis.define(caller, body), new Date(), { series: true });
  }

  /**
   * The caller's partnership's KPIs with their status now (latest value, RAG, direction of travel, stale):
   * filtered by strategy, unit, frequency, data owner, derived or not, code or name; sorted, paged.
   */
  @Get('kpis')
  @ApiCaller()
  @ApiOkResponse({ description: '{ items, nextCursor }: nextCursor is null on the last page' })
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListKpisQueryDto,
  ): Promise<{ items: KpiView[]; nextCursor: string | null }> {
    const asOf = new Date();
    const page = await this.kpis.listPage(caller.partnershipId, query);
    return {
      items: page.items.map((kpi) => presentKpi(kpi, asOf, { series: false })),
      nextCursor: page.nextCursor,
    };
  }

  /** Which KPIs are derived from which: nodes, edges from each input to what it feeds, reference figures. */
  @Get('kpis/graph')
  @ApiOkResponse({ description: 'The dependency graph' })
  async graph(@CurrentCaller() caller: Caller) {
    return this.kpis.graph(caller.partnershipId);
  }

  /** One KPI with its whole series: every period's value, target, RAG, conflicts and revisions. */
  @Get('kpis/:id')
  @ApiOkResponse({ description: 'The KPI and its series' })
  @Owns('kpi', 'params', 'id')
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<KpiView> {
    return presentKpi(await this.kpis.get(id), new Date(), { series: true });
  }

  /** Changes a definition: name, targets, RAG rule, data owner, a derived KPI's formula, … */
  @Patch('kpis/:id')
  @ApiOkResponse({ description: 'The KPI as changed, its derived values recomputed' })
  @Owns('kpi', 'params', 'id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateKpiDto,
  ): Promise<KpiView> {
    return presentKpi(await this.kpis.update(caller, id, body), new Date(), { series: true });
  }

  /** Archives a KPI that no live derived KPI uses (409 otherwise); its values and revisions are kept. */
  @Post('kpis/:id/archive')
  @HttpCode(200)
  @ApiCaller()
  @ApiOkResponse({ description: 'The KPI, archived' })
  async archive(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<KpiView> {
    return presentKpi(await this.kpis.archive(caller, id), new Date(), { series: false });
  }

  /**
   * Enters or corrects a value. A change to a recorded figure needs a reason; with a reason it also
   * settles a conflict between sources. The derived KPIs that depend on it are recomputed at once.
   */
  @Post('kpis/:id/values')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'What was recorded, and the derived values recomputed' })
  @Owns('kpi', 'params', 'id')
  async enterValue(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: EnterKpiValueDto,
  ): Promise<RecordedValues> {
    await this.kpis.getIn(caller.partnershipId, id);
    return this.values.record(
      caller.partnershipId,
      [
        {
          kpiId: id,
          periodKey: body.periodKey,
          value: body.value,
          status: body.status,
          note: body.note ?? null,
          reason: body.reason ?? null,
          settles: body.reason !== undefined,
          source: body.source ?? null,
          exceptional: body.exceptional,
          seriesBreak: body.seriesBreak,
        },
      ],
      { actor: callerActor(caller), enteredBy: caller.userId, channel: 'api' },
    );
  }

  /** Sets a reference figure formulas use (e.g. POPULATION for a year) and recomputes what uses it. */
  @Put('reference-figures')
  @ApiOkResponse({ description: 'The figure, and the derived values recomputed' })
  async setReferenceFigure(@CurrentCaller() caller: Caller, @Body() body: ReferenceFigureDto) {
    return this.kpis.setReferenceFigure(caller, body);
  }
}
