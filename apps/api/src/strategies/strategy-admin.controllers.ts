import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import {
  createOutcomeSchema,
  createPrioritySchema,
  createStrategySchema,
  listOutcomesSchema,
  listPrioritiesSchema,
  listStrategiesSchema,
  recordPublicationSchema,
  updateOutcomeSchema,
  updatePrioritySchema,
  updateStrategySchema,
} from '@waymark/contracts';
import {
  PrioritiesService,
  StrategiesService,
  StrategyReviewState,
  StrategyReviews,
} from '@waymark/strategies';
import { adminController } from '../admin/admin-controller';
import { AdminApi } from '../admin/caller';

class RecordPublicationDto extends createZodDto(recordPublicationSchema) {}

export const StrategiesController = adminController({
  path: 'strategies',
  noun: 'Strategy',
  service: StrategiesService,
  create: createStrategySchema,
  update: updateStrategySchema,
  list: listStrategiesSchema,
  operations: (service) => service,
});

export const PrioritiesController = adminController({
  path: 'priorities',
  noun: 'Priority',
  service: PrioritiesService,
  create: createPrioritySchema,
  update: updatePrioritySchema,
  list: listPrioritiesSchema,
  operations: (service) => service,
});

export const OutcomesController = adminController({
  path: 'outcomes',
  noun: 'Outcome',
  service: PrioritiesService,
  create: createOutcomeSchema,
  update: updateOutcomeSchema,
  list: listOutcomesSchema,
  operations: (service) => ({
    create: (caller, input) => service.createOutcome(caller, input),
    get: (partnershipId, id) => service.getOutcome(partnershipId, id),
    update: (caller, id, input) => service.updateOutcome(caller, id, input),
    archive: (caller, id) => service.archiveOutcome(caller, id),
    list: (partnershipId, query) => service.listOutcomes(partnershipId, query),
  }),
});

/**
 * The statutory review clock (SI 2021/990 reg 4): the three-year window the strategy is in, counted from its
 * first publication, whether it has been reviewed within it, and the reviews recorded.
 */
@AdminApi('strategies')
@Controller('api/strategies/:id')
export class StrategyReviewsController {
  constructor(private readonly reviews: StrategyReviews) {}

  @Get('review-clock')
  @Owns('strategy', 'params', 'id')
  @ApiOkResponse({ description: 'The review window, its status and the reviews recorded' })
  clock(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<StrategyReviewState> {
    return this.reviews.state(caller.partnershipId, id);
  }

  /** A review done and its result published (unchanged, altered or replaced). */
  @Post('publications')
  @HttpCode(201)
  @Owns('strategy', 'params', 'id')
  @ApiCreatedResponse({ description: 'The review clock with the review recorded' })
  record(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordPublicationDto,
  ): Promise<StrategyReviewState> {
    return this.reviews.record(caller, id, body);
  }
}
