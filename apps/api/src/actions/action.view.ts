import { ActionRecord } from '@waymark/actions';
import { reportingPeriodAt } from '@waymark/calendar';
import type { ActionWorkflowState } from '@waymark/workflows';

export type WorkflowView =
  | { available: true; started?: boolean; state: ActionWorkflowState | null }
  | { available: false; reason: string };

const CLOSED = new Set(['COMPLETE', 'CANCELLED']);

/**
 * A live action whose last update is older than the current reporting period is stale: it shows as
 * STALE, never as the colour it had last period.
 */
export function isStale(action: ActionRecord, now = new Date()): boolean {
  if (CLOSED.has(action.status) || action.archivedAt) return false;
  const cadence =
    (action.reportingCadence ?? action.strategy.reportingCadence) === 'MONTHLY' ? 'MONTHLY' : 'QUARTERLY';
  const periodStart = reportingPeriodAt(now, cadence).start;
  return (action.lastUpdateAt ?? action.createdAt) < periodStart;
}

/** The admin API's shape of an action: stable field names, dates as ISO strings. */
export function presentAction(action: ActionRecord, workflow: WorkflowView) {
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
    workflow,
  };
}

export type ActionView = ReturnType<typeof presentAction>;
