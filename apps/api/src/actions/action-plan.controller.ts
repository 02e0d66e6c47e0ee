import {
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { Caller, CurrentCaller } from '@waymark/access';
import { ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { ActionsService } from '@waymark/actions';
import { listActionsSchema, updateActionSchema } from '@waymark/contracts';
import { ActionWorkflows } from '@waymark/temporal';
import { AdminApi } from '../admin/caller';
import { ActionPage, ActionView, WorkflowView, presentAction, presentActionPage } from './action.view';

class UpdateActionDto extends createZodDto(updateActionSchema) {}
class ListActionsQueryDto extends createZodDto(listActionsSchema) {}

/** The action plan as coordinators edit it: the list with its filters, changes to an action, archiving. */
@AdminApi('actions')
@Controller('api/actions')
export class ActionPlanController {
  private readonly logger = new Logger(ActionPlanController.name);

  constructor(
    private readonly actions: ActionsService,
    private readonly workflows: ActionWorkflows,
  ) {}

  /** Filter by status, RAG, lead organisation, priority, strategy, overdue and stale; sorted, paged. */
  @Get()
  @ApiOkResponse({ description: '{ items, nextCursor }: nextCursor is null on the last page' })
  async list(@CurrentCaller() caller: Caller, @Query() query: ListActionsQueryDto): Promise<ActionPage> {
    return presentActionPage(await this.actions.list(caller.partnershipId, query));
  }

  /** What the plan says: ref, title, text, priority, outcome, lead organisations, RAG, … */
  @Patch(':id')
  @ApiOkResponse({ description: 'The action as changed' })
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateActionDto,
  ): Promise<ActionView> {
    return presentAction(await this.actions.update(caller, id, body));
  }

  /** Takes the action out of the plan (kept, hidden from lists) and ends its workflow: no more chasing. */
  @Post(':id/archive')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The action, archived, and whether its workflow was stopped' })
  async archive(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ActionView> {
    const action = await this.actions.archive(caller, id);
    let workflow: WorkflowView;
    try {
      await this.workflows.stop(id, 'The action was archived');
      workflow = { available: true, state: null };
    } catch (error) {
      // The next housekeeping run stops it (and never restarts an archived action's workflow).
      this.logger.warn(`Workflow for archived action ${id} not stopped: ${(error as Error).message}`);
      workflow = { available: false, reason: (error as Error).message };
    }
    return presentAction(action, workflow);
  }
}
