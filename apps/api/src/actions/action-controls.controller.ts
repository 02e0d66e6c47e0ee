import {
  Body,
  ConflictException,
  Controller,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import {
  ActivityFailure,
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { createZodDto } from 'nestjs-zod';
import { ActionsService } from '@waymark/actions';
import {
  changeDueDateSchema,
  closeActionSchema,
  decideProposedDateSchema,
  pauseActionSchema,
  reassignActionSchema,
} from '@waymark/contracts';
import { ActionControl, ActionWorkflows } from '@waymark/temporal';
import type { ControlCaller } from '@waymark/workflows';
import { ActionView, presentAction } from './action.view';

class PauseDto extends createZodDto(pauseActionSchema) {}
class ReassignDto extends createZodDto(reassignActionSchema) {}
class ChangeDueDateDto extends createZodDto(changeDueDateSchema) {}
class DecideProposedDateDto extends createZodDto(decideProposedDateSchema) {}
class CloseDto extends createZodDto(closeActionSchema) {}

/** Who asks, as the workflow carries it to the activity that applies and audits the control. */
function asker(caller: Caller): ControlCaller {
  return { userId: caller.userId, role: caller.role };
}

/**
 * Coordinators' controls over an action's chase. Each reaches the action's workflow as an update (or, for
 * a nudge, a signal), is applied and audited there, and answers with the action as it now stands.
 */
@ApiTags('actions')
@Controller('api/actions/:id')
export class ActionControlsController {
  constructor(
    private readonly actions: ActionsService,
    private readonly workflows: ActionWorkflows,
  ) {}

  @Post('pause')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Chasing stops until resumed' })
  @Owns('action', 'params', 'id')
  pause(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PauseDto,
  ): Promise<ActionView> {
    return this.apply(id, { kind: 'pause', ...body, caller: asker(caller) });
  }

  @Post('resume')
  @HttpCode(200)
  @Owns('action', 'params', 'id')
  resume(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<ActionView> {
    return this.apply(id, { kind: 'resume', caller: asker(caller) });
  }

  /** Sends the lead a reminder now (outside the ladder), if their request is still unanswered. */
  @Post('nudge')
  @HttpCode(202)
  @Owns('action', 'params', 'id')
  async nudge(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ accepted: true }> {
    await this.actions.get(id);
    await this.reach(() => this.workflows.nudge(id, asker(caller)));
    return { accepted: true };
  }

  /** Future requests go to the new lead; the old lead's link stops working at once. */
  @Post('reassign')
  @HttpCode(200)
  @Owns('action', 'params', 'id')
  reassign(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReassignDto,
  ): Promise<ActionView> {
    return this.apply(id, { kind: 'reassign', ...body, caller: asker(caller) });
  }

  @Put('due-date')
  @Owns('action', 'params', 'id')
  changeDueDate(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeDueDateDto,
  ): Promise<ActionView> {
    return this.apply(id, { kind: 'change-due-date', ...body, caller: asker(caller) });
  }

  /** Approves or refuses the new date a lead proposed; an approved date becomes the due date. */
  @Post('proposed-date-decision')
  @HttpCode(200)
  @Owns('action', 'params', 'id')
  decide(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DecideProposedDateDto,
  ): Promise<ActionView> {
    return this.apply(id, { kind: 'decide-proposed-date', ...body, caller: asker(caller) });
  }

  @Post('complete')
  @HttpCode(200)
  @Owns('action', 'params', 'id')
  complete(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CloseDto,
  ): Promise<ActionView> {
    return this.apply(id, { kind: 'close', outcome: 'COMPLETE', ...body, caller: asker(caller) });
  }

  @Post('cancel')
  @HttpCode(200)
  @Owns('action', 'params', 'id')
  cancel(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CloseDto,
  ): Promise<ActionView> {
    return this.apply(id, { kind: 'close', outcome: 'CANCELLED', ...body, caller: asker(caller) });
  }

  private async apply(id: string, control: ActionControl): Promise<ActionView> {
    await this.actions.get(id); // 404 for an unknown action
    const state = await this.reach(() => this.workflows.control(id, control));
    return presentAction(await this.actions.get(id), { available: true, state });
  }

  /**
   * The workflow's refusals become 409 (the action's state does not allow it: closed, already paused…) or
   * 422 (the request names something that does not fit: an unknown contact, no pending proposal). Either
   * way nothing was changed.
   */
  private async reach<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new ConflictException('This action has no running workflow (it is closed or not started yet)');
      }
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      const refusal = error.cause instanceof ActivityFailure ? error.cause.cause : error.cause;
      const reason = refusal?.message ?? error.message;
      if (refusal instanceof ApplicationFailure && refusal.type === 'ControlRefused') {
        throw new UnprocessableEntityException(reason);
      }
      throw new ConflictException(reason);
    }
  }
}
