import {
  BadRequestException,
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
  StreamableFile,
  UnprocessableEntityException,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import {
  createApprovalGateSchema,
  createEngagementActivitySchema,
  createReviewStageSchema,
  createStrategyReviewSchema,
  markPreconditionSchema,
  reorderGatesSchema,
  updateApprovalGateSchema,
  updateEngagementActivitySchema,
  updateReviewStageSchema,
  updateStrategyReviewSchema,
} from '@waymark/contracts';
import { PlanFileError } from '@waymark/plan-import';
import {
  ReviewPlanImportReport,
  ReviewPlanSheets,
  ReviewPlanView,
  StrategyReviewService,
} from '@waymark/strategy-review';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { AdminApi } from '../admin/caller';
import { download } from '../annual-return/annual-return.controllers';
import { MAX_PLAN_BYTES } from '../plan-import/plan-import.controller';

class CreateReviewDto extends createZodDto(createStrategyReviewSchema) {}
class UpdateReviewDto extends createZodDto(updateStrategyReviewSchema) {}
class CreateStageDto extends createZodDto(createReviewStageSchema) {}
class UpdateStageDto extends createZodDto(updateReviewStageSchema) {}
class CreateActivityDto extends createZodDto(createEngagementActivitySchema) {}
class UpdateActivityDto extends createZodDto(updateEngagementActivitySchema) {}
class CreateGateDto extends createZodDto(createApprovalGateSchema) {}
class UpdateGateDto extends createZodDto(updateApprovalGateSchema) {}
class ReorderGatesDto extends createZodDto(reorderGatesSchema) {}
class MarkPreconditionDto extends createZodDto(markPreconditionSchema) {}
class ImportQueryDto extends createZodDto(
  z.strictObject({
    dryRun: z
      .enum(['true', 'false'])
      .optional()
      .describe('true: report every row and problem, write nothing'),
  }),
) {}

const PLAN = 'The review with its whole plan: stages, engagement activities and gates, in order';
const uuid = () => new ParseUUIDPipe();

/** Reviews of a strategy: each answers one three-year window of its review clock (SI 2021/990 reg 4). */
@AdminApi('strategy reviews')
@Controller('api/strategies/:id/reviews')
export class StrategyReviewsOfStrategyController {
  constructor(private readonly reviews: StrategyReviewService) {}

  @Post()
  @HttpCode(201)
  @Owns('strategy', 'params', 'id')
  @ApiCreatedResponse({ description: PLAN })
  create(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) strategyId: string,
    @Body() body: CreateReviewDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.create(caller, strategyId, body);
  }

  @Get()
  @Owns('strategy', 'params', 'id')
  @ApiOkResponse({ description: "The strategy's reviews (not archived), each with its plan" })
  list(@CurrentCaller() caller: Caller, @Param('id', uuid()) strategyId: string): Promise<ReviewPlanView[]> {
    return this.reviews.list(caller.partnershipId, strategyId);
  }
}

/** A review's plan as data: its stages, the groups engaged, and the approval gates in order. */
@AdminApi('strategy reviews')
@Controller('api/reviews/:id')
export class StrategyReviewController {
  constructor(
    private readonly reviews: StrategyReviewService,
    private readonly sheets: ReviewPlanSheets,
  ) {}

  @Get()
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  get(@CurrentCaller() caller: Caller, @Param('id', uuid()) id: string): Promise<ReviewPlanView> {
    return this.reviews.get(caller.partnershipId, id);
  }

  @Patch()
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Body() body: UpdateReviewDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.update(caller, id, body);
  }

  @Post('stages')
  @HttpCode(201)
  @Owns('strategyReview', 'params', 'id')
  @ApiCreatedResponse({ description: PLAN })
  addStage(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Body() body: CreateStageDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.addStage(caller, id, body);
  }

  @Patch('stages/:stageId')
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  updateStage(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('stageId', uuid()) stageId: string,
    @Body() body: UpdateStageDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.updateStage(caller, id, stageId, body);
  }

  @Post('stages/:stageId/archive')
  @HttpCode(200)
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  archiveStage(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('stageId', uuid()) stageId: string,
  ): Promise<ReviewPlanView> {
    return this.reviews.archiveStage(caller, id, stageId);
  }

  @Post('activities')
  @HttpCode(201)
  @Owns('strategyReview', 'params', 'id')
  @ApiCreatedResponse({ description: PLAN })
  addActivity(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Body() body: CreateActivityDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.addActivity(caller, id, body);
  }

  @Patch('activities/:activityId')
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  updateActivity(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('activityId', uuid()) activityId: string,
    @Body() body: UpdateActivityDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.updateActivity(caller, id, activityId, body);
  }

  @Post('activities/:activityId/archive')
  @HttpCode(200)
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  archiveActivity(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('activityId', uuid()) activityId: string,
  ): Promise<ReviewPlanView> {
    return this.reviews.archiveActivity(caller, id, activityId);
  }

  @Post('gates')
  @HttpCode(201)
  @Owns('strategyReview', 'params', 'id')
  @ApiCreatedResponse({ description: PLAN })
  addGate(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Body() body: CreateGateDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.addGate(caller, id, body);
  }

  /** Every live gate's ref, in the order the gates are passed. */
  @Put('gates/order')
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  reorderGates(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Body() body: ReorderGatesDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.reorderGates(caller, id, body);
  }

  @Patch('gates/:gateId')
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  updateGate(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('gateId', uuid()) gateId: string,
    @Body() body: UpdateGateDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.updateGate(caller, id, gateId, body);
  }

  @Post('gates/:gateId/archive')
  @HttpCode(200)
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  archiveGate(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('gateId', uuid()) gateId: string,
  ): Promise<ReviewPlanView> {
    return this.reviews.archiveGate(caller, id, gateId);
  }

  /** A precondition of a gate marked met (now, by the caller) or not met after all. */
  @Put('gates/:gateId/preconditions/:preconditionId')
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PLAN })
  markPrecondition(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('gateId', uuid()) gateId: string,
    @Param('preconditionId', uuid()) preconditionId: string,
    @Body() body: MarkPreconditionDto,
  ): Promise<ReviewPlanView> {
    return this.reviews.markPrecondition(caller, id, gateId, preconditionId, body);
  }

  /** The plan as a workbook: Instructions, Stages, Engagement, Gates; in the layout the import reads. */
  @Get('plan.xlsx')
  @Owns('strategyReview', 'params', 'id')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The review plan workbook' })
  async exportPlan(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
  ): Promise<StreamableFile> {
    return download(await this.sheets.exportPlan(caller.partnershipId, id));
  }

  /**
   * Imports the plan from a workbook (`file`: .xlsx with sheets Stages, Engagement, Gates) or CSV files, one a
   * sheet (`stages`, `engagement`, `gates`). Rows are matched by ref: created or updated, never duplicated.
   * All or nothing: any problem stops the whole import (422 with the report, naming sheet, row and column).
   */
  @Post('plan')
  @HttpCode(200)
  @UseInterceptors(
    FileFieldsInterceptor(
      [
        { name: 'file', maxCount: 1 },
        { name: 'stages', maxCount: 1 },
        { name: 'engagement', maxCount: 1 },
        { name: 'gates', maxCount: 1 },
      ],
      { limits: { fileSize: MAX_PLAN_BYTES, files: 4, fields: 2 } },
    ),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: Object.fromEntries(
        ['file', 'stages', 'engagement', 'gates'].map((name) => [
          name,
          {
            type: 'string',
            format: 'binary',
            description: name === 'file' ? 'The plan workbook (.xlsx)' : `The ${name} sheet as CSV`,
          },
        ]),
      ),
    },
  })
  @ApiOkResponse({ description: 'What each row did (or would do)' })
  @ApiUnprocessableEntityResponse({ description: 'Problems, by sheet, row and column: nothing was written' })
  @Owns('strategyReview', 'params', 'id')
  async importPlan(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Query() query: ImportQueryDto,
    @UploadedFiles() files: Partial<Record<'file' | 'stages' | 'engagement' | 'gates', { buffer: Buffer }[]>>,
  ): Promise<ReviewPlanImportReport> {
    const first = (name: keyof typeof files) => files?.[name]?.[0]?.buffer;
    const upload = {
      workbook: first('file'),
      csv: { Stages: first('stages'), Engagement: first('engagement'), Gates: first('gates') },
    };
    if (!upload.workbook && !Object.values(upload.csv).some(Boolean))
      throw new BadRequestException(
        'Attach the plan: an .xlsx workbook as "file", or CSV files as "stages", "engagement", "gates".',
      );
    let report: ReviewPlanImportReport;
    try {
      report = await this.sheets.importPlan(caller, id, upload, { dryRun: query.dryRun === 'true' });
    } catch (error) {
      if (error instanceof PlanFileError)
        throw new UnprocessableEntityException({
          message: error.message,
          problems: [{ sheet: null, row: null, column: null, field: null, message: error.message }],
        });
      throw error;
    }
    if (!report.dryRun && !report.applied) throw new UnprocessableEntityException(report);
    return report;
  }
}
