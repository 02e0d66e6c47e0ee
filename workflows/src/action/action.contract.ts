// The action workflow's contract with the rest of Waymark: its input, its state, the messages it takes
// and the activities it calls. Shared by the workflow, the worker, the API's client and the tests.
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export const ACTION_WORKFLOW_TYPE = 'actionWorkflow';

/** Deterministic ID: one workflow per action, so several API replicas can never double-start it. */
export function actionWorkflowId(actionId: string): string {
  return `action/${actionId}`;
}

/** Search attributes, so `temporal workflow list --query` and the Temporal UI can filter actions. */
export const actionSearchAttributes = {
  status: defineSearchAttributeKey('WaymarkStatus', SearchAttributeType.KEYWORD),
  rag: defineSearchAttributeKey('WaymarkRag', SearchAttributeType.KEYWORD),
  leadOrganisation: defineSearchAttributeKey('WaymarkLeadOrganisation', SearchAttributeType.KEYWORD),
  dueDate: defineSearchAttributeKey('WaymarkDueDate', SearchAttributeType.DATETIME),
  strategyId: defineSearchAttributeKey('WaymarkStrategyId', SearchAttributeType.KEYWORD),
  partnershipId: defineSearchAttributeKey('WaymarkPartnershipId', SearchAttributeType.KEYWORD),
};

/** The same, as the server registers them (`temporal operator search-attribute create --name … --type …`). */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, 'Keyword' | 'Datetime'> = {
  WaymarkStatus: 'Keyword',
  WaymarkRag: 'Keyword',
  WaymarkLeadOrganisation: 'Keyword',
  WaymarkDueDate: 'Datetime',
  WaymarkStrategyId: 'Keyword',
  WaymarkPartnershipId: 'Keyword',
};

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
  /** A new due date the lead proposed, waiting for the coordinator's decision. */
  proposedDueDate?: string | null;
}

export type ActionPhase =
  | 'starting'
  /** This period's request is scheduled (nextChaseAt says when). */
  | 'waiting-to-request'
  /** The request is out; the lead's chase reminds and escalates until they answer. */
  | 'awaiting-update'
  /** The lead answered this period; waiting for the next period. */
  | 'answered'
  /** The period's deadline passed without an answer; waiting for the next period. */
  | 'unanswered'
  | 'paused'
  /** Complete, cancelled, archived or without a lead: nothing to chase. */
  | 'closed';

export interface ActionWorkflowState {
  phase: ActionPhase;
  periodKey: string | null;
  requestId: string | null;
  /** Workflow ID of the lead's chase this period (`chase/<lead>/<period>`). */
  chaseWorkflowId: string | null;
  deadline: string | null;
  /** When the workflow next acts by itself. */
  nextChaseAt: string | null;
  requestsSent: number;
  lastUpdate: LastUpdate | null;
  paused: boolean;
}

/** The council user who asked for a control or a nudge, passed from the API's request: the audit log names them. */
export interface ControlCaller {
  userId: string;
  role: 'ADMIN' | 'COORDINATOR' | 'BOARD_VIEWER';
}

/** Who asked. Every message sent now carries `caller`. */
export interface Actor {
  caller?: ControlCaller;
  /**
   * Before accounts existed every message said only "coordinator" here, without `caller`: the histories
   * recorded then still hold such messages, and a control applied from one is audited as that.
   */
  actor?: string;
  /**
   * A lead, not a user: the default contact asked for an action with no lead of its own, who named the right
   * person (their contact id). Only a reassignment is asked this way.
   */
  lead?: string;
}

export const updateSubmittedSignal = defineSignal<[LastUpdate]>('updateSubmitted');
export const nudgeSignal = defineSignal<[Actor]>('nudge');
export const actionStateQuery = defineQuery<ActionWorkflowState>('actionState');

export const pauseUpdate = defineUpdate<ActionWorkflowState, [Actor & { reason?: string }]>('pause');
export const resumeUpdate = defineUpdate<ActionWorkflowState, [Actor]>('resume');
export const reassignUpdate = defineUpdate<ActionWorkflowState, [Actor & { leadContactId: string }]>(
  'reassign',
);
export const changeDueDateUpdate = defineUpdate<
  ActionWorkflowState,
  [Actor & { dueDate: string; reason?: string }]
>('changeDueDate');
export const decideProposedDateUpdate = defineUpdate<
  ActionWorkflowState,
  [Actor & { updateId: string; approve: boolean; note?: string }]
>('decideProposedDate');
export const closeUpdate = defineUpdate<
  ActionWorkflowState,
  [Actor & { outcome: CloseOutcome; note: string }]
>('close');

/** Done, dropped, or carried into the next strategy's plan by its review (the status then stays as it was). */
export type CloseOutcome = 'COMPLETE' | 'CANCELLED' | 'CARRIED_FORWARD';

export interface PeriodPlan {
  /** False when there is nothing to chase (closed, archived, or without a lead). */
  live: boolean;
  paused: boolean;
  periodKey: string;
  /** ISO instants: when the request goes out, when answers are due, when the period closes. */
  requestAt: string;
  deadline: string;
  periodEnd: string;
  overdue: boolean;
  search: {
    status: string;
    rag: string | null;
    leadOrganisation: string | null;
    dueDate: string | null;
    strategyId: string;
    partnershipId: string;
  };
}

export interface OpenedRequest {
  requestId: string;
  chaseWorkflowId: string;
  /** True when this period's request was already answered (e.g. after a restart). */
  answered: boolean;
}

/** What `beginPeriod` did: the period's plan, and the request it opened and enlisted (if it opened one). */
export interface BegunPeriod {
  plan: PeriodPlan;
  /** Null when there was nothing to open: the action is not live, or it is paused. */
  opened: OpenedRequest | null;
}

/** Implemented in apps/worker/src/activities; the workflow imports only this type. */
export interface ActionActivities {
  planPeriod(input: { actionId: string }): Promise<PeriodPlan>;
  /**
   * A period's start in one activity (since the `period-begun-in-one-activity` patch): `planPeriod`, then,
   * when the action is live and not paused, `openUpdateRequest`, then, when that request is not already
   * answered, `enlistInChase`. Each step is idempotent, so a retry neither opens nor enlists twice.
   */
  beginPeriod(input: { actionId: string }): Promise<BegunPeriod>;
  openUpdateRequest(input: {
    actionId: string;
    periodKey: string;
    deadline: string;
    periodEnd: string;
  }): Promise<OpenedRequest>;
  /** Adds the request to the lead's chase for the period, starting that workflow if needed. */
  enlistInChase(input: { requestId: string }): Promise<void>;
  /** Closes an unanswered request at the end of its period; reports whether the database shows it answered. */
  expireUpdateRequest(input: { requestId: string }): Promise<{ answered: boolean }>;
  notifyOverdue(input: { actionId: string; periodKey: string }): Promise<void>;
  /** Applies a coordinator's control; returns the action's search attributes afterwards. */
  applyControl(input: ControlInput): Promise<PeriodPlan['search']>;
}

export type ControlInput =
  | ({ kind: 'pause'; actionId: string; reason?: string } & Actor)
  | ({ kind: 'resume'; actionId: string } & Actor)
  | ({ kind: 'reassign'; actionId: string; leadContactId: string } & Actor)
  | ({ kind: 'change-due-date'; actionId: string; dueDate: string; reason?: string } & Actor)
  | ({
      kind: 'decide-proposed-date';
      actionId: string;
      updateId: string;
      approve: boolean;
      note?: string;
    } & Actor)
  | ({ kind: 'close'; actionId: string; outcome: CloseOutcome; note: string } & Actor);
