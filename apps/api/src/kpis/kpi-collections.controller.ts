import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { kpiPeriod } from '@waymark/calendar';
import { startKpiCollectionSchema } from '@waymark/contracts';
import { PrismaService } from '@waymark/db';
import { KpiCollectionWorkflows } from '@waymark/temporal';
import { kpiCollectionWorkflowId } from '@waymark/workflows';

class StartKpiCollectionDto extends createZodDto(startKpiCollectionSchema) {}

/** Each period's collection: every data owner asked, once, for the figures due from them. */
@ApiTags('kpis')
@Controller('api/kpi-collections')
export class KpiCollectionsController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly workflows: KpiCollectionWorkflows,
  ) {}

  /** Starts the period's collection workflow (once: a second call finds it running). */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The collection workflow, started or already running' })
  async start(@Body() body: StartKpiCollectionDto) {
    const refuse = (field: string, message: string) =>
      new UnprocessableEntityException({ message, errors: [{ field, message }] });
    if (Date.parse(body.respondBy) <= Date.now())
      throw refuse('respondBy', 'The deadline must be in the future');
    const partnership = await this.prisma.partnership.findUnique({ where: { id: body.partnershipId } });
    if (!partnership) throw refuse('partnershipId', 'No such partnership');
    const input = {
      partnershipId: body.partnershipId,
      periodKey: kpiPeriod(body.periodKey).key,
      respondBy: body.respondBy,
    };
    const started = await this.workflows.ensureStarted(input);
    return { workflowId: kpiCollectionWorkflowId(input.partnershipId, input.periodKey), started, ...input };
  }

  /** The collection's live state: each data owner's request, sent and answered. */
  @Get(':partnershipId/:periodKey')
  @ApiOkResponse({ description: 'The collection workflow state' })
  async state(
    @Param('partnershipId', new ParseUUIDPipe()) partnershipId: string,
    @Param('periodKey') periodKey: string,
  ) {
    const state = await this.workflows.state(partnershipId, periodKey);
    if (!state) throw new NotFoundException(`No KPI collection for ${periodKey} in this partnership`);
    return state;
  }
}
