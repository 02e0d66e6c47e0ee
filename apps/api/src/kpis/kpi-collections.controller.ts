import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { createZodDto } from 'nestjs-zod';
import { kpiPeriod } from '@waymark/calendar';
import { kpiCollectionScheduleSchema, startKpiCollectionSchema } from '@waymark/contracts';
import { KpiCollectionScheduleView, KpiCollectionSchedules, KpiCollectionWorkflows } from '@waymark/temporal';
import { kpiCollectionWorkflowId } from '@waymark/workflows';

class StartKpiCollectionDto extends createZodDto(startKpiCollectionSchema) {}
class KpiCollectionScheduleDto extends createZodDto(kpiCollectionScheduleSchema) {}

/**
 * Each period's collection: every data owner asked, once, for the figures due from them. Always the
 * caller's partnership's: a path that names a partnership must name theirs (404 otherwise).
 */
@ApiTags('kpis')
@Controller('api/kpi-collections')
export class KpiCollectionsController {
  constructor(
    private readonly workflows: KpiCollectionWorkflows,
    private readonly schedules: KpiCollectionSchedules,
  ) {}

  /**
   * Creates or updates the partnership's schedule: each quarter's (or month's) collection starts by itself
   * when the period ends, once, with data owners asked to answer within the given working days.
   */
  @Put('schedule/:partnershipId')
  @ApiOkResponse({ description: 'The schedule: its id, settings and when the next rounds start' })
  @Owns('partnership', 'params', 'partnershipId')
  async schedule(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId', new ParseUUIDPipe()) _partnershipId: string,
    @Body() body: KpiCollectionScheduleDto,
  ): Promise<KpiCollectionScheduleView> {
    return this.schedules.sync({ ...body, partnershipId: caller.partnershipId });
  }

  /** Starts the period's collection workflow (once: a second call finds it running). */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The collection workflow, started or already running' })
  async start(@CurrentCaller() caller: Caller, @Body() body: StartKpiCollectionDto) {
    if (Date.parse(body.respondBy) <= Date.now()) {
      const message = 'The deadline must be in the future';
      throw new UnprocessableEntityException({ message, errors: [{ field: 'respondBy', message }] });
    }
    const input = {
      partnershipId: caller.partnershipId,
      periodKey: kpiPeriod(body.periodKey).key,
      respondBy: body.respondBy,
    };
    const started = await this.workflows.ensureStarted({ ...input, startedBy: caller.userId });
    return { workflowId: kpiCollectionWorkflowId(input.partnershipId, input.periodKey), started, ...input };
  }

  /** The collection's live state: each data owner's request, sent and answered. */
  @Get(':partnershipId/:periodKey')
  @ApiOkResponse({ description: 'The collection workflow state' })
  @Owns('partnership', 'params', 'partnershipId')
  async state(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId', new ParseUUIDPipe()) _partnershipId: string,
    @Param('periodKey') periodKey: string,
  ) {
    const state = await this.workflows.state(caller.partnershipId, periodKey);
    if (!state) throw new NotFoundException(`No KPI collection for ${periodKey} in this partnership`);
    return state;
  }
}
