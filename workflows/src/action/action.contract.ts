// The action workflow's contract with the rest of Waymark: its input, its state, the messages it takes
// and the activities it calls. Shared by the workflow, the worker, the API's client and the tests.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const ACTION_WORKFLOW_TYPE = 'actionWorkflow';

/** Deterministic ID: one workflow per action, so several API replicas can never double-start it. */
export function actionWorkflowId(actionId: string): string {
  return `action/${actionId}`;
}

export interface ActionWorkflowInput {
  actionId: string;
  /** Carried across continue-as-new from one reporting period to the next. */
  lastUpdate?: LastUpdate | null;
}

export interface LastUpdate {
  updateId: string;
  requestId: string | null;
  status: string;
  percentComplete: number | null;
  submittedAt: string;
}

export type ActionPhase =
  | 'starting'
  /** The update request is being created and sent. */
  | 'requesting'
  /** The request is out; waiting for the lead's answer until the deadline. */
  | 'awaiting-update'
  /** The lead answered this period; waiting for the next period. */
  | 'answered'
  /** The deadline passed without an answer; waiting for the next period. */
  | 'unanswered'
  /** The action is complete, cancelled, archived or has no lead: nothing to chase. */
  | 'closed';

export interface ActionWorkflowState {
  phase: ActionPhase;
  periodKey: string | null;
  requestId: string | null;
  deadline: string | null;
  /** When the workflow next acts by itself (deadline, or start of the next period). */
  nextChaseAt: string | null;
  requestsSent: number;
  lastUpdate: LastUpdate | null;
}

/** Sent by the API after it has recorded a lead's update in the database. */
export const updateSubmittedSignal = defineSignal<[LastUpdate]>('updateSubmitted');
export const actionStateQuery = defineQuery<ActionWorkflowState>('actionState');

export interface OpenedRequest {
  /** False when there is nothing to chase (action closed, archived, or without a lead contact). */
  live: boolean;
  requestId: string | null;
  periodKey: string;
  /** ISO instants. */
  deadline: string;
  periodEnd: string;
  /** True when this period's request was already answered (e.g. after a restart). */
  answered: boolean;
}

/** Implemented in apps/worker/src/activities; the workflow imports only this type. */
export interface ActionActivities {
  openUpdateRequest(input: { actionId: string }): Promise<OpenedRequest>;
  sendUpdateRequest(input: { requestId: string }): Promise<{ outcome: 'sent' | 'already-sent' }>;
  /** Closes an unanswered request at its deadline; reports whether the database shows it answered. */
  expireUpdateRequest(input: { requestId: string }): Promise<{ answered: boolean }>;
}
