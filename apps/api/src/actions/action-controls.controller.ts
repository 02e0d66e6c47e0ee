import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { createZodDto } from 'nestjs-zod';
import {
  changeDueDateSchema,
  closeActionSchema,
  decideProposedDateSchema,
  pauseActionSchema,
  reassignActionSchema,
} from '@waymark/contracts';
import { ActionWorkflowControls, asker } from './action-workflow-controls';
import { ActionView } from './action.view';
class PauseDto extends createZodDto(pauseActionSchema) {}
class ReassignDto extends createZodDto(reassignActionSchema) {}
class ChangeDueDateDto extends createZodDto(changeDueDateSchema) {}
class DecideProposedDateDto extends createZodDto(decideProposedDateSchema) {}
class CloseDto extends createZodDto(closeActionSchema) {}

/**
 * Coordinators' controls over an action's chase. Each reaches the action's workflow as an update (or, for
 * a nudge, a signal), is applied and audited there, and answers with the action as it now stands.
 */
@ApiTags('actions')
@Controller('api/actions/:id')
export class ActionControlsController {
  constructor(private readonly controls: ActionWorkflowControls) {}

  @Post('pause')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Chasing stops until resumed' })
  @Owns('action', 'params', 'id')
  pause(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PauseDto,
  ): Promise<ActionView> {
    return this.controls.apply(id, { kind: 'pause', ...body, caller: asker(caller) });
  }

  @Post('resume')
  @HttpCode(200)
  @Owns('action', 'params', 'id')
  resume(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<ActionView> {
    return this.controls.apply(id, { kind: 'resume', caller: asker(caller) });
  }

  /** Sends the lead a reminder now (outside the ladder), if their request is still unanswered. */
  @Post('nudge')
  @HttpCode(202)
  @Owns('action', 'params', 'id')
  async nudge(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ accepted: true }> {
    await this.controls.nudge(caller, id);
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
    return this.controls.apply(id, { kind: 'reassign', ...body, caller: asker(caller) });
  }

  @Put('due-date')
  @Owns('action', 'params', 'id')
  changeDueDate(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeDueDateDto,
  ): Promise<ActionView> {
    return this.controls.apply(id, { kind: 'change-due-date', ...body, caller: asker(caller) });
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
    return this.controls.apply(id, { kind: 'decide-proposed-date', ...body, caller: asker(caller) });
  }

  @Post('complete')
  @HttpCode(200)
  @Owns('action', 'params', 'id')
  complete(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CloseDto,
  ): Promise<ActionView> {
    return this.controls.apply(id, { kind: 'close', outcome: 'COMPLETE', ...body, caller: asker(caller) });
  }

  @Post('cancel')
  @HttpCode(200)
  @Owns('action', 'params', 'id')
  cancel(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CloseDto,
  ): Promise<ActionView> {
    return this.controls.apply(id, { kind: 'close', outcome: 'CANCELLED', ...body, caller: asker(caller) });
  }
}
