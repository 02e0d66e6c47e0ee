// The strategy review workflow's contract with the rest of Waymark: its input, its state, the messages it
// takes and the activities it calls. Shared by the workflow, the worker, the API's client and the tests.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ChaseEmailResult, ChaseStep } from '../chase/chase.contract';

/** Deterministic ID: one workflow per review, so starting it twice starts it once. */
export function strategyReviewWorkflowId(strategyId: string, reviewId: string): string {
  return `strategy-review/${strategyId}/${reviewId}`;
}

export interface StrategyReviewInput {
  partnershipId: string;
  strategyId: string;
  reviewId: string;
  /** The user who started it. */
  startedBy: string;
  /**
   * ISO instant: answers due by then from every activity open at the start, instead of 17:00 London time on
   * its closing date (a review run to a shorter timetable). Activities that open later keep their dates.
   */
  respondBy?: string;
}

/** One engagement contact's request, as the workflow follows it. */
export interface EngagementRequestView {
  requestId: string;
  activityRef: string;
  /** ISO instant: when the request goes (the activity's opening day, or at once). */
  sendAt: string;
  /** ISO instant: chased until then; later answers are kept, marked late. */
  respondBy: string;
  answered: boolean;
}

export type StrategyReviewPhase =
  | 'opening'
  /** Engagement runs; gates are asked in order as stages and preconditions allow. */
  | 'running'
  /** Every gate has passed: waiting for the publication to be recorded. */
  | 'approved'
  | 'published';

export interface StrategyReviewState {
  phase: StrategyReviewPhase;
  /** The current stage's key (null before the first and after the last). */
  stage: string | null;
  requests: Array<{ requestId: string; activityRef: string; sent: boolean; answered: boolean }>;
  /** Reminders and escalations, as they went (or were skipped). */
  chased: Array<{ step: string; requestId: string; outcome: string; at: string }>;
  /** Gates asked, as `<ref>#<round>`, in the order they were asked. */
  asked: string[];
}

/** Where the review stands, read (and its stages moved on) from the database. */
export interface ReviewProgress {
  state: 'RUNNING' | 'APPROVED' | 'PUBLISHED';
  stage: string | null;
  /** Gates whose approver is to be asked now (each round once). */
  ask: Array<{ gateId: string; ref: string; round: number }>;
  /** ISO instant: when a stage next completes by its date, if one will. */
  recheckAt: string | null;
}

/** Sent by the API once an engagement response is recorded. */
export const engagementAnsweredSignal = defineSignal<[{ requestId: string }]>('engagementAnswered');
/** Sent by the API when a gate is decided or resubmitted, a precondition is met, or the publication recorded. */
export const strategyReviewChangedSignal = defineSignal('strategyReviewChanged');
export const strategyReviewStateQuery = defineQuery<StrategyReviewState>('strategyReviewState');

/** Implemented in apps/worker/src/activities; the workflow imports only this type. */
export interface StrategyReviewActivities {
  /** Finds or opens one request per live activity with a contact. */
  openEngagementRequests(input: StrategyReviewInput): Promise<EngagementRequestView[]>;
  sendEngagementRequest(input: {
    requestId: string;
  }): Promise<{ outcome: 'sent' | 'already-sent' | 'not-open' }>;
  /** The chase policy's reminders and escalations before the request's deadline. */
  planEngagementChase(input: { requestId: string }): Promise<ChaseStep[]>;
  sendEngagementChaseEmail(input: {
    requestId: string;
    step: string;
    kind: 'reminder' | 'escalation';
    to?: ChaseStep['to'];
  }): Promise<ChaseEmailResult>;
  /** Moves the stages on (by their gates, or their dates) and says which gates to ask now. */
  advanceReview(input: { reviewId: string }): Promise<ReviewProgress>;
  /** Emails a gate's approver the secure link to decide, once per round. */
  askGate(input: { gateId: string; round: number }): Promise<{ outcome: 'sent' | 'already-sent' }>;
}
