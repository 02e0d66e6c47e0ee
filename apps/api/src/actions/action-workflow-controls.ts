import { ConflictException, Injectable, Module, UnprocessableEntityException } from '@nestjs/common';
import {
  ActivityFailure,
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { Caller } from '@waymark/access';
import { ActionsModule, ActionsService } from '@waymark/actions';
import { ActionControl, ActionWorkflows } from '@waymark/temporal';
import type { ControlCaller } from '@waymark/workflows';
import { ActionView, WorkflowView, presentAction } from './action.view';

/** Who asks, as the workflow carries it to the activity that applies and audits the control. */
export function asker(caller: Caller): ControlCaller {
  return { userId: caller.userId, role: caller.role };
}

/**
 * Coordinators' controls over an action's chase, for the admin API and the console alike. Each reaches the
 * action's workflow as an update (or, for a nudge, a signal), is applied and audited there (by the worker's
 * ActionControls, libs/chasing). The workflow's
 * refusals become 409 (the action's state does not allow it: closed, already paused…) or 422 (the request
 * names something that does not fit: an unknown contact, no pending proposal), with its reason; either way
 * nothing was changed.
 */
@Injectable()
export class ActionWorkflowControls {
  constructor(
    private readonly actions: ActionsService,
    private readonly workflows: ActionWorkflows,
  ) {}

  /** Applies the control; answers with the action as it now stands. */
  async apply(id: string, control: ActionControl): Promise<ActionView> {
    await this.actions.get(id); // 404 for an unknown action
    const state = await this.reach(() => this.workflows.control(id, control));
    return presentAction(await this.actions.get(id), { available: true, state });
  }

  /** Sends the lead a reminder now (outside the ladder), if their request is still unanswered. */
  async nudge(caller: Caller, id: string): Promise<void> {
    await this.actions.get(id);
    await this.reach(() => this.workflows.nudge(id, asker(caller)));
  }

  /** The workflow's live state, or why it cannot be read (not started, Temporal unreachable). */
  async workflow(id: string): Promise<WorkflowView> {
    try {
      return { available: true, state: await this.workflows.state(id) };
    } catch (error) {
      return { available: false, reason: (error as Error).message };
    }
  }

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

/** The action controls, for the modules whose controllers use them (the admin API's, the console's). */
@Module({ imports: [ActionsModule], providers: [ActionWorkflowControls], exports: [ActionWorkflowControls] })
export class ActionWorkflowControlsModule {}
