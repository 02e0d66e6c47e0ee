import { Body, Controller, Get, HttpCode, Logger, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { createZodDto } from 'nestjs-zod';
import { ActionsService } from '@waymark/actions';
import { createActionSchema } from '@waymark/contracts';
import { ActionWorkflows } from '@waymark/temporal';
import { ActionWorkflowControls } from './action-workflow-controls';
import { ActionView, WorkflowView, presentAction } from './action.view';

class CreateActionDto extends createZodDto(createActionSchema) {}

@ApiTags('actions')
@Controller('api/actions')
export class ActionsController {
  private readonly logger = new Logger(ActionsController.name);

  constructor(
    private readonly actions: ActionsService,
    private readonly workflows: ActionWorkflows,
    private readonly controls: ActionWorkflowControls,
  ) {}

  /** Adds an action to a strategy's plan and starts its workflow, which asks the lead for an update. */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The action, with the state of its workflow' })
  @Owns('strategy', 'body', 'strategyId')
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateActionDto): Promise<ActionView> {
    const action = await this.actions.createIn(caller, body);
    let workflow: WorkflowView;
    try {
      await this.workflows.ensureStarted(action.id);
      workflow = { available: true, started: true, state: null };
    } catch (error) {
      // The action is recorded either way; housekeeping starts any live action's missing workflow.
      this.logger.warn(`Workflow for action ${action.id} not started yet: ${(error as Error).message}`);
      workflow = { available: false, reason: (error as Error).message };
    }
    return presentAction(action, workflow);
  }

  /** The action, its latest update and current request, and its workflow's live state. */
  @Get(':id')
  @ApiOkResponse({ description: 'The action, with the state of its workflow' })
  @Owns('action', 'params', 'id')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ActionView> {
    const action = await this.actions.getIn(caller.partnershipId, id);
    return presentAction(action, await this.controls.workflow(id));
  }
}
