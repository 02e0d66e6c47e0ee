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
import { ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import {
  defineKpiSchema,
  enterKpiValueSchema,
  referenceFigureSchema,
  updateKpiSchema,
} from '@waymark/contracts';
import { KpiValuesService, KpisService, RecordedValues } from '@waymark/kpis';
import { KpiView, presentKpi } from './kpi.view';

class DefineKpiDto extends createZodDto(defineKpiSchema) {}
class UpdateKpiDto extends createZodDto(updateKpiSchema) {}
class EnterKpiValueDto extends createZodDto(enterKpiValueSchema) {}
class ReferenceFigureDto extends createZodDto(referenceFigureSchema) {}

const partnershipQuery = { name: 'partnershipId', required: true, description: 'The partnership (UUID)' };

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
  async define(@Body() body: DefineKpiDto): Promise<KpiView> {
    return presentKpi(await this.kpis.define(body), new Date(), { series: true });
  }

  /** The partnership's KPIs with their status now: latest value, RAG, direction of travel, stale. */
  @Get('kpis')
  @ApiQuery(partnershipQuery)
  @ApiOkResponse({ description: 'KPIs with their current status' })
  async list(@Query('partnershipId', new ParseUUIDPipe()) partnershipId: string): Promise<KpiView[]> {
    const asOf = new Date();
    return (await this.kpis.list(partnershipId)).map((kpi) => presentKpi(kpi, asOf, { series: false }));
  }

  /** Which KPIs are derived from which: nodes, edges from each input to what it feeds, reference figures. */
  @Get('kpis/graph')
  @ApiQuery(partnershipQuery)
  @ApiOkResponse({ description: 'The dependency graph' })
  async graph(@Query('partnershipId', new ParseUUIDPipe()) partnershipId: string) {
    return this.kpis.graph(partnershipId);
  }

  /** One KPI with its whole series: every period's value, target, RAG, conflicts and revisions. */
  @Get('kpis/:id')
  @ApiOkResponse({ description: 'The KPI and its series' })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<KpiView> {
    return presentKpi(await this.kpis.get(id), new Date(), { series: true });
  }

  /** Changes a definition: name, targets, RAG rule, data owner, a derived KPI's formula, … */
  @Patch('kpis/:id')
  @ApiOkResponse({ description: 'The KPI as changed, its derived values recomputed' })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateKpiDto): Promise<KpiView> {
    return presentKpi(await this.kpis.update(id, body), new Date(), { series: true });
  }

  /**
   * Enters or corrects a value. A change to a recorded figure needs a reason; with a reason it also
   * settles a conflict between sources. The derived KPIs that depend on it are recomputed at once.
   */
  @Post('kpis/:id/values')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'What was recorded, and the derived values recomputed' })
  async enterValue(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: EnterKpiValueDto,
  ): Promise<RecordedValues> {
    const kpi = await this.kpis.get(id);
    return this.values.record(
      kpi.partnershipId,
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
      { actor: { type: 'COORDINATOR' }, enteredBy: 'coordinator', channel: 'api' },
    );
  }

  /** Sets a reference figure formulas use (e.g. POPULATION for a year) and recomputes what uses it. */
  @Put('reference-figures')
  @ApiOkResponse({ description: 'The figure, and the derived values recomputed' })
  async setReferenceFigure(@Body() body: ReferenceFigureDto) {
    return this.kpis.setReferenceFigure(body);
  }
}
