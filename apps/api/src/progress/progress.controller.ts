import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { ActionsService, ProgressService, ResponseRate } from '@waymark/actions';
import { flaggedActionsSchema, progressByPrioritySchema, responseRatesSchema } from '@waymark/contracts';
import { ActionPage, presentActionPage } from '../actions/action.view';
import { AdminApi } from '../admin/caller';

class ProgressByPriorityQueryDto extends createZodDto(progressByPrioritySchema) {}
class ResponseRatesQueryDto extends createZodDto(responseRatesSchema) {}
class FlaggedActionsQueryDto extends createZodDto(flaggedActionsSchema) {}

/** What a coordinator watches: counts per priority and per lead organisation, response rates, what is late. */
@AdminApi('progress')
@Controller('api/progress')
export class ProgressController {
  constructor(
    private readonly progress: ProgressService,
    private readonly actions: ActionsService,
  ) {}

  /** Per priority of the strategy (and "No priority"): total, complete, red, overdue, stale. */
  @Get('priorities')
  @ApiOkResponse({ description: 'One row per priority' })
  @Owns('strategy', 'query', 'strategyId')
  byPriority(@CurrentCaller() caller: Caller, @Query() query: ProgressByPriorityQueryDto) {
    return this.progress.byPriority(caller.partnershipId, query.strategyId);
  }

  /** Per lead organisation: total, complete, red, overdue, stale. */
  @Get('organisations')
  @ApiOkResponse({ description: 'One row per organisation' })
  byOrganisation(@CurrentCaller() caller: Caller) {
    return this.progress.byOrganisation(caller.partnershipId);
  }

  /** Update requests sent and answered, per reporting period and lead organisation. */
  @Get('response-rates')
  @ApiOkResponse({ description: 'One row per period and organisation; rate is null when nothing was sent' })
  responseRates(
    @CurrentCaller() caller: Caller,
    @Query() query: ResponseRatesQueryDto,
  ): Promise<ResponseRate[]> {
    return this.progress.responseRates(caller.partnershipId, query.periodKey);
  }

  /** Live actions past their due date; the action list's other filters apply. */
  @Get('overdue')
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  async overdue(
    @CurrentCaller() caller: Caller,
    @Query() query: FlaggedActionsQueryDto,
  ): Promise<ActionPage> {
    return presentActionPage(await this.actions.list(caller.partnershipId, { ...query, overdue: true }));
  }

  /** Live actions not updated in the current reporting period; the action list's other filters apply. */
  @Get('stale')
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  async stale(@CurrentCaller() caller: Caller, @Query() query: FlaggedActionsQueryDto): Promise<ActionPage> {
    return presentActionPage(await this.actions.list(caller.partnershipId, { ...query, stale: true }));
  }
}
