// The lead's chase: one per lead per reporting period. Every request to that lead in the period goes out
// as one email listing all their actions, then reminders and escalations follow the strategy's ladder
// until every request is answered or withdrawn.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export function chaseWorkflowId(leadContactId: string, periodKey: string): string {
  return `chase/${leadContactId}/${periodKey}`;
}

export interface ChaseWorkflowInput {
  leadContactId: string;
  periodKey: string;
}

export interface ChaseStep {
  /** ISO instant the step is due. */
  at: string;
  kind: 'reminder' | 'escalation';
  /** For escalations: who is told. */
  to?: 'manager' | 'coordinator' | 'chair';
}

export interface ChasePlan {
  /** When the first email goes out (ISO). */
  sendAt: string;
  deadline: string;
  periodEnd: string;
  steps: ChaseStep[];
}

export interface ChaseWorkflowState {
  pending: string[];
  answered: string[];
  withdrawn: string[];
  /** Requests included in a request email already. */
  requested: string[];
  emailsSent: Array<{ step: string; at: string; outcome: string }>;
  nextAt: string | null;
  done: boolean;
}

export const requestEnlistedSignal = defineSignal<[{ requestId: string }]>('requestEnlisted');
export const requestAnsweredSignal = defineSignal<[{ requestId: string }]>('requestAnswered');
export const requestWithdrawnSignal = defineSignal<[{ requestId: string }]>('requestWithdrawn');
export const chaseNudgeSignal = defineSignal<[{ actor: string }]>('chaseNudge');
export const chaseStateQuery = defineQuery<ChaseWorkflowState>('chaseState');

export interface ChaseEmailResult {
  outcome: 'sent' | 'already-sent' | 'nothing-to-send' | 'capped' | 'deferred';
  /** With "deferred": when sending is next allowed (quiet hours, weekend, bank holiday). */
  retryAt?: string;
}

export interface ChaseActivities {
  planChase(input: ChaseWorkflowInput): Promise<ChasePlan>;
  /**
   * Sends one email of the chase. `step` names it uniquely within the chase ("request:1", "reminder:2",
   * "nudge:1", "escalation:manager"): with the chase it forms the outbox key, so it is sent at most once.
   */
  sendChaseEmail(input: {
    leadContactId: string;
    periodKey: string;
    step: string;
    kind: 'request' | 'reminder' | 'escalation';
    to?: 'manager' | 'coordinator' | 'chair';
    requestIds: string[];
    /** Explicit nudges and first requests ignore quiet hours and the weekly cap. */
    enforceLimits: boolean;
    /** For a nudge: the user who asked for it (recorded with the email's audit event). */
    requestedBy?: string;
  }): Promise<ChaseEmailResult>;
}
