import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  ActionWorkflowState,
  LastUpdate,
  actionStateQuery,
  actionWorkflow,
  actionWorkflowId,
  updateSubmittedSignal,
} from '@waymark/workflows';
import { TemporalClient } from './temporal-client';

/** Starts, signals and queries the per-action workflows (`action/<id>`). */
@Injectable()
export class ActionWorkflows {
  constructor(private readonly temporal: TemporalClient) {}

  /** Starts the action's workflow unless it is already running; true when this call started it. */
  async ensureStarted(actionId: string): Promise<boolean> {
    try {
      await this.temporal.client.workflow.start(actionWorkflow, {
        workflowId: actionWorkflowId(actionId),
        taskQueue: this.temporal.taskQueue,
        args: [{ actionId }],
      });
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  /** Tells the workflow a lead answered; starts the workflow first if it is not running. */
  async updateSubmitted(actionId: string, update: LastUpdate): Promise<void> {
    await this.temporal.client.workflow.signalWithStart(actionWorkflow, {
      workflowId: actionWorkflowId(actionId),
      taskQueue: this.temporal.taskQueue,
      args: [{ actionId }],
      signal: updateSubmittedSignal,
      signalArgs: [update],
    });
  }

  async state(actionId: string): Promise<ActionWorkflowState> {
    return this.temporal.client.workflow.getHandle(actionWorkflowId(actionId)).query(actionStateQuery);
  }
}
