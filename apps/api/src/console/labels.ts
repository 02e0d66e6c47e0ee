import { STATUS_LABELS } from '@waymark/contracts';

/** What the console's pages call the records' codes, in plain English. */
export const LABELS = {
  status: { ...STATUS_LABELS, STALE: 'Stale' } as Record<string, string>,
  rag: { RED: 'Red', AMBER: 'Amber', GREEN: 'Green' } as Record<string, string>,
  channel: {
    FORM: 'the update form',
    EMAIL: 'email reply',
    SPREADSHEET: 'spreadsheet',
    API: 'the API',
  } as Record<string, string>,
  approval: {
    NOT_REQUIRED: '',
    PENDING: 'waiting for a decision',
    APPROVED: 'approved',
    REFUSED: 'refused',
  } as Record<string, string>,
  /** The action workflow's phase (ActionPhase). */
  phase: {
    starting: 'Starting',
    'waiting-to-request': 'Waiting to ask the lead for this period’s update',
    'awaiting-update': 'Asking the lead for an update: reminding and escalating until they answer',
    answered: 'Answered for this period; waiting for the next period',
    unanswered: 'Not answered by the deadline; waiting for the next period',
    paused: 'Paused: nobody is being chased',
    closed: 'Closed: nothing to chase',
  } as Record<string, string>,
  /** Audit events of an action's timeline; any other is shown by its name. */
  event: {
    'action.created': 'Added to the plan',
    'action.updated': 'Plan details changed',
    'action.archived': 'Archived',
    'action.paused': 'Chasing paused',
    'action.resumed': 'Chasing resumed',
    'action.reassigned': 'Passed to a new lead',
    'action.lead-named': 'Lead named by their organisation',
    'action.due-date-changed': 'Due date changed',
    'action.proposed-date-approved': 'Proposed date approved',
    'action.proposed-date-refused': 'Proposed date refused',
    'action.completed': 'Marked complete',
    'action.cancelled': 'Cancelled',
    'action.carried-forward': 'Carried forward to the next strategy',
    'update-request.opened': 'Update requested for the period',
    'update-request.reopened': 'Update request reopened',
    'update-request.expired': 'Request closed unanswered at the end of the period',
    'chase.request-sent': 'Request emailed to the lead',
    'chase.reminder-sent': 'Reminder emailed to the lead',
    'chase.escalation-sent': 'Escalated',
    'chase.capped': 'Reminder held back: the lead had enough emails this week',
    'chase.escalation-skipped': 'Escalation skipped: nobody to escalate to',
  } as Record<string, string>,
};
