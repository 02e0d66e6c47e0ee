import { ActionRecord } from '@waymark/actions';
import type { ActionWorkflowState } from '@waymark/workflows';

export type WorkflowView =
  | { available: true; started?: boolean; state: ActionWorkflowState | null }
  | { available: false; reason: string };

/** The admin API's shape of an action: stable field names, dates as ISO strings. */
export function presentAction(action: ActionRecord, workflow: WorkflowView) {
  const [latest] = action.updates;
  const [request] = action.updateRequests;
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
    status: action.status,
    rag: action.rag,
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
          openedAt: request.openedAt?.toISOString() ?? null,
          answeredAt: request.answeredAt?.toISOString() ?? null,
        }
      : null,
    workflow,
  };
}

export type ActionView = ReturnType<typeof presentAction>;
