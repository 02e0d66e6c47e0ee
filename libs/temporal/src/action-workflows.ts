import { Injectable } from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import {
  ActionWorkflowState,
  Actor,
  CloseOutcome,
  ControlCaller,
  LastUpdate,
  actionStateQuery,
  actionWorkflow,
  actionWorkflowId,
  changeDueDateUpdate,
  chaseWorkflow,
  chaseWorkflowId,
  closeUpdate,
  decideProposedDateUpdate,
  nudgeSignal,
  pauseUpdate,
  reassignUpdate,
  requestEnlistedSignal,
  resumeUpdate,
  updateSubmittedSignal,
} from '@waymark/workflows';
import { TemporalClient } from './temporal-client';

/** A control as the API asks for it: `caller` is who asks, whom the control's audit event names. */
export type ActionControl =
  | ({ kind: 'pause'; reason?: string } & Actor)
  | ({ kind: 'resume' } & Actor)
  | ({ kind: 'reassign'; leadContactId: string } & Actor)
  | ({ kind: 'change-due-date'; dueDate: string; reason?: string } & Actor)
  | ({ kind: 'decide-proposed-date'; updateId: string; approve: boolean; note?: string } & Actor)
  | ({ kind: 'close'; outcome: CloseOutcome; note: string } & Actor);

/** Starts, signals, updates and queries the per-action workflows (`action/<id>`) and the leads' chases. */
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
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  /** Those of these actions whose workflow is running now (visibility: a just-started one may be missed). */
  async runningAmong(actionIds: string[]): Promise<Set<string>> {
    const running = new Set<string>();
    if (actionIds.length === 0) return running;
    const ids = actionIds.map((id) => `'${actionWorkflowId(id)}'`).join(', ');
    const query = `WorkflowType = 'actionWorkflow' AND ExecutionStatus = 'Running' AND WorkflowId IN (${ids})`;
    const byWorkflowId = new Map(actionIds.map((id) => [actionWorkflowId(id), id]));
    for await (const execution of this.temporal.client.workflow.list({ query }))
      running.add(byWorkflowId.get(execution.workflowId)!);
    return running;
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

  /** Adds a request to its lead's chase for the period, starting the chase if it is not running yet. */
  async enlistInChase(leadContactId: string, periodKey: string, requestId: string): Promise<string> {
    const workflowId = chaseWorkflowId(leadContactId, periodKey);
    await this.temporal.client.workflow.signalWithStart(chaseWorkflow, {
      workflowId,
      taskQueue: this.temporal.taskQueue,
      args: [{ leadContactId, periodKey }],
      signal: requestEnlistedSignal,
      signalArgs: [{ requestId }],
    });
    return workflowId;
  }

  /** Asks the action's workflow to remind its lead now, on behalf of the caller. */
  async nudge(actionId: string, caller: ControlCaller): Promise<void> {
    await this.temporal.client.workflow.getHandle(actionWorkflowId(actionId)).signal(nudgeSignal, { caller });
  }

  /** Applies a coordinator's control through the workflow; resolves with its state afterwards. */
  async control(actionId: string, control: ActionControl): Promise<ActionWorkflowState> {
    const handle = this.temporal.client.workflow.getHandle(actionWorkflowId(actionId));
    const { kind, ...args } = control;
    switch (kind) {
      case 'pause':
        return handle.executeUpdate(pauseUpdate, { args: [args as Actor] });
      case 'resume':
        return handle.executeUpdate(resumeUpdate, { args: [args as Actor] });
      case 'reassign':
        return handle.executeUpdate(reassignUpdate, { args: [args as Actor & { leadContactId: string }] });
      case 'change-due-date':
        return handle.executeUpdate(changeDueDateUpdate, { args: [args as Actor & { dueDate: string }] });
      case 'decide-proposed-date':
        return handle.executeUpdate(decideProposedDateUpdate, {
          args: [args as Actor & { updateId: string; approve: boolean }],
        });
      case 'close':
        return handle.executeUpdate(closeUpdate, {
          args: [args as Actor & { outcome: CloseOutcome; note: string }],
        });
    }
  }

  /** Ends the action's workflow (the action was archived); true if one was running. */
  async stop(actionId: string, reason: string): Promise<boolean> {
    try {
      await this.temporal.client.workflow.getHandle(actionWorkflowId(actionId)).terminate(reason);
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  async state(actionId: string): Promise<ActionWorkflowState> {
    return this.temporal.client.workflow.getHandle(actionWorkflowId(actionId)).query(actionStateQuery);
  }
}
