import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { Caller, CurrentCaller, Owns, Roles } from '@waymark/access';
import { callerActor } from '@waymark/audit';
import {
  carryForwardSchema,
  enterEngagementResponseSchema,
  publishReviewSchema,
  resubmitGateSchema,
  startReviewSchema,
} from '@waymark/contracts';
import { CarryForwardService, EngagementRequests, ReviewGates, ReviewRuns } from '@waymark/strategy-review';
import { AdminApi } from '../admin/caller';
import { fileDownload } from '../evidence/file-download';

class StartReviewDto extends createZodDto(startReviewSchema) {}
class PublishReviewDto extends createZodDto(publishReviewSchema) {}
class ResubmitGateDto extends createZodDto(resubmitGateSchema) {}
class EnterResponseDto extends createZodDto(enterEngagementResponseSchema) {}
class CarryForwardDto extends createZodDto(carryForwardSchema) {}

const PROGRESS =
  "Where the review stands: its stages, each gate's rounds and decisions, the engagement requests, the publication and the workflow's live state";
const CARRY_FORWARD =
  "The old plan's unfinished actions with the decision on each, and how each KPI's series carries over";
const uuid = () => new ParseUUIDPipe();

/** Running a strategy review: start it, follow it, resubmit to a gate, enter responses, record the publication. */
@AdminApi('strategy reviews')
@Controller('api/reviews/:id')
export class ReviewRunController {
  constructor(
    private readonly runs: ReviewRuns,
    private readonly gates: ReviewGates,
    private readonly requests: EngagementRequests,
    private readonly carryForward: CarryForwardService,
  ) {}

  /**
   * Starts the review's workflow `strategy-review/<strategyId>/<reviewId>`: each engagement contact is asked on
   * the activity's opening day and chased until its closing date; gates are asked in order. Again on a
   * running review: makes sure the workflow runs.
   */
  @Post('start')
  @HttpCode(201)
  @Owns('strategyReview', 'params', 'id')
  @ApiCreatedResponse({ description: PROGRESS })
  @ApiConflictResponse({ description: 'The review has run already' })
  start(@CurrentCaller() caller: Caller, @Param('id', uuid()) id: string, @Body() body: StartReviewDto) {
    return this.runs.start(caller, id, body);
  }

  @Get('progress')
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PROGRESS })
  progress(@CurrentCaller() caller: Caller, @Param('id', uuid()) id: string) {
    return this.runs.progress(caller.partnershipId, id);
  }

  /** After a gate sent the review back with comments: its approver is asked again, with this note. */
  @Post('gates/:gateId/resubmit')
  @HttpCode(200)
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: PROGRESS })
  @ApiConflictResponse({ description: 'The gate has not sent the review back' })
  async resubmit(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('gateId', uuid()) gateId: string,
    @Body() body: ResubmitGateDto,
  ) {
    await this.gates.resubmit(caller, id, gateId, body.note);
    return this.runs.progress(caller.partnershipId, id);
  }

  /** The publication of the reviewed strategy: closes this window of the review clock; the workflow ends. */
  @Post('publication')
  @HttpCode(201)
  @Owns('strategyReview', 'params', 'id')
  @ApiCreatedResponse({ description: PROGRESS })
  @ApiConflictResponse({ description: 'Not every gate has passed, or the publication is recorded already' })
  publish(@CurrentCaller() caller: Caller, @Param('id', uuid()) id: string, @Body() body: PublishReviewDto) {
    return this.runs.publish(caller, id, body);
  }

  /** Every response to the review's engagement activities, as it came (form, email, or entered here). */
  @Get('responses')
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: 'Responses, oldest first, each with its channel and whether it was late' })
  responses(@CurrentCaller() caller: Caller, @Param('id', uuid()) id: string) {
    return this.requests.responses(caller.partnershipId, id);
  }

  /** A response the coordinator enters for an activity (a meeting's notes, a letter). */
  @Post('activities/:activityId/responses')
  @HttpCode(201)
  @Owns('strategyReview', 'params', 'id')
  @ApiCreatedResponse({ description: 'The response kept' })
  enter(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('activityId', uuid()) activityId: string,
    @Body() body: EnterResponseDto,
  ) {
    return this.requests.enter(caller.partnershipId, id, activityId, body.answers, {
      enteredBy: caller.userId,
      actor: callerActor(caller),
    });
  }

  /** A file sent with a response, as the contact sent it; each download audited. */
  @Get('responses/:responseId/files/:fileId')
  @Roles('ADMIN', 'COORDINATOR')
  @Owns('strategyReview', 'params', 'id')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: "The file's bytes, as an attachment" })
  async file(
    @CurrentCaller() caller: Caller,
    @Param('id', uuid()) id: string,
    @Param('responseId', uuid()) responseId: string,
    @Param('fileId', uuid()) fileId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.requests.file(caller, id, responseId, fileId);
    return fileDownload(res, file);
  }

  /** What carrying the plan forward asks: the old strategy's unfinished actions and its KPIs, and what was decided. */
  @Get('carry-forward')
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: CARRY_FORWARD })
  carryForwardView(@CurrentCaller() caller: Caller, @Param('id', uuid()) id: string) {
    return this.carryForward.view(caller.partnershipId, id);
  }

  /**
   * Once the new strategy is approved: every unfinished action carried (new due date, same lead, history
   * linked), closed with a note or dropped with a reason, all or nothing; KPIs continue their series unless
   * marked otherwise. The old actions' workflows end, the new ones' start. Again with the same decisions: finishes
   * whatever was left undone.
   */
  @Post('carry-forward')
  @HttpCode(200)
  @Owns('strategyReview', 'params', 'id')
  @ApiOkResponse({ description: CARRY_FORWARD })
  @ApiConflictResponse({
    description: 'The new strategy is not approved yet, or other decisions were recorded',
  })
  carry(@CurrentCaller() caller: Caller, @Param('id', uuid()) id: string, @Body() body: CarryForwardDto) {
    return this.carryForward.carry(caller, id, body);
  }
}
