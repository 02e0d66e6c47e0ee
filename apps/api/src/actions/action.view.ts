import { ActionRecord, isStale } from '@waymark/actions';
import { Page } from '@waymark/db';
import type { ActionWorkflowState } from '@waymark/workflows';

export type WorkflowView =
  | { available: true; started?: boolean; state: ActionWorkflowState | null }
  | { available: false; reason: string };

/**
 * The admin API's shape of an action: stable field names, dates as ISO strings; with the state of its
 * workflow when it was asked for (lists do not ask).
 */
export function presentAction(action: ActionRecord, workflow?: WorkflowView) {
  const [latest] = action.updates;
  const [request] = action.updateRequests;
  const stale = isStale(action);
  return {
    id: action.id,
    strategyId: action.strategyId,
    ref: action.ref,
    title: action.title,
    text: action.text,
    priority: action.priority,
    lead: action.leadContact && {
      contactId: action.leadContact.id,
      name: action.leadContact.name,
      email: action.leadContact.email,
      organisation: action.leadContact.organisation?.name ?? null,
    },
    dueDate: action.dueDate ? action.dueDate.toISOString().slice(0, 10) : null,
    dueDateText: action.dueDateText,
    dueDateParse: action.dueDateParse,
    measureText: action.measureText,
    status: stale ? 'STALE' : action.status,
    recordedStatus: action.status,
    stale,
    rag: stale ? null : action.rag,
    pausedAt: action.pausedAt?.toISOString() ?? null,
    closedAt: action.closedAt?.toISOString() ?? null,
    closingNote: action.closingNote,
    archivedAt: action.archivedAt?.toISOString() ?? null,
    percentComplete: action.percentComplete,
    lastUpdateAt: action.lastUpdateAt?.toISOString() ?? null,
    latestUpdate: latest
      ? {
          id: latest.id,
          channel: latest.channel,
          status: latest.status,
          percentComplete: latest.percentComplete,
          commentary: latest.commentary,
          blockers: latest.blockers,
          proposedDueDate: latest.proposedDueDate?.toISOString().slice(0, 10) ?? null,
          proposedDueDateReason: latest.proposedDueDateReason,
          approvalState: latest.approvalState,
          submittedAt: latest.submittedAt.toISOString(),
        }
      : null,
    currentRequest: request
      ? {
          id: request.id,
          periodKey: request.periodKey,
          state: request.state,
          respondBy: request.respondBy.toISOString(),
          expiresAt: request.expiresAt.toISOString(),
          sentAt: request.sentAt?.toISOString() ?? null,
          remindersSent: request.remindersSent,
          escalatedAt: request.escalatedAt?.toISOString() ?? null,
          openedAt: request.openedAt?.toISOString() ?? null,
          answeredAt: request.answeredAt?.toISOString() ?? null,
        }
      : null,
    ...(workflow ? { workflow: withSentRequest(workflow, request) } : {}),
  };
}

/**
 * The workflow's phase by its clock, corrected by what the lead's chase did: the chase sends one email per
 * lead when it gathers, which may be before or after this action's own request date, so whether this
 * period's request is out is read from the request itself (`sentAt`).
 */
export function withSentRequest(
  workflow: WorkflowView,
  request: { id: string; sentAt: Date | null } | undefined,
): WorkflowView {
  if (!workflow.available || !workflow.state || !request || workflow.state.requestId !== request.id)
    return workflow;
  const { phase } = workflow.state;
  if (phase !== 'waiting-to-request' && phase !== 'awaiting-update') return workflow;
  const sent: ActionWorkflowState['phase'] = request.sentAt ? 'awaiting-update' : 'waiting-to-request';
  return { ...workflow, state: { ...workflow.state, phase: sent } };
}

export type ActionView = ReturnType<typeof presentAction>;

/** A page of the action list: the actions without their workflows' state, and the next page's cursor. */
export function presentActionPage(page: Page<ActionRecord>) {
  return { items: page.items.map((action) => presentAction(action)), nextCursor: page.nextCursor };
}

export type ActionPage = ReturnType<typeof presentActionPage>;
