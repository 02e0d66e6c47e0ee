// The annual return workflow's contract with the rest of Waymark: its input, its state, the messages it
// takes and the activities it calls. Shared by the workflow, the worker, the API's client and the tests.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ChaseEmailResult, ChaseStep } from '../chase/chase.contract';

/** Deterministic ID: one workflow per partnership per financial year, so it can never be started twice. */
export function annualReturnWorkflowId(partnershipId: string, financialYear: string): string {
  return `annual-return/${partnershipId}/${financialYear}`;
}

export interface AnnualReturnInput {
  partnershipId: string;
  /** e.g. "2025-26". */
  financialYear: string;
  /** ISO instant: providers are asked to answer by then. */
  respondBy: string;
  /** The user who started it over the admin API (absent when its schedule started it). */
  startedBy?: string;
}

export interface ProviderRequestState {
  requestId: string;
  dataContactId: string;
  sent: boolean;
  answered: boolean;
}

export type AnnualReturnPhase =
  | 'opening'
  /** Providers are asked; waiting for their answers until the deadline. */
  | 'collecting'
  /** The coordinator was told the draft is ready; it goes through checks and sign-off. */
  | 'drafted'
  /** Approved: waiting for the coordinator to record that it was sent to the department. */
  | 'approved'
  | 'submitted';

export interface AnnualReturnState {
  phase: AnnualReturnPhase;
  returnId: string | null;
  financialYear: string;
  deadline: string;
  providers: ProviderRequestState[];
  /** Reminders and escalations, as they went (or were skipped): step, request, outcome. */
  chased: Array<{ step: string; requestId: string; outcome: string; at: string }>;
  /** Submission reminders sent to the coordinator, by step. */
  reminded: string[];
}

/** Sent by the API once a provider's answers are recorded. */
export const providerAnsweredSignal = defineSignal<[{ requestId: string }]>('providerAnswered');
/** Sent by the API when the return's sign-off state or submission deadline changed. */
export const annualReturnChangedSignal = defineSignal('annualReturnChanged');
export const annualReturnStateQuery = defineQuery<AnnualReturnState>('annualReturnState');

export interface OpenedProviderRequestView {
  requestId: string;
  dataContactId: string;
  answered: boolean;
}

/** Where sign-off stands, and the submission reminders due and not yet sent (earliest first). */
export interface AnnualReturnProgress {
  state: 'DRAFT' | 'AWAITING_APPROVAL' | 'APPROVED' | 'SUBMITTED';
  reminders: Array<{ step: string; at: string }>;
}

/** Implemented in apps/worker/src/activities; the workflow imports only this type. */
export interface AnnualReturnActivities {
  /** Opens the year's return on its template (or finds it); pre-fills what Waymark's records answer. */
  openAnnualReturn(input: AnnualReturnInput): Promise<{ returnId: string }>;
  /** Finds or opens one request per provider's data contact. */
  openProviderRequests(input: {
    returnId: string;
    respondBy: string;
    workflowId: string;
  }): Promise<OpenedProviderRequestView[]>;
  sendProviderRequest(input: {
    requestId: string;
  }): Promise<{ outcome: 'sent' | 'already-sent' | 'not-open' }>;
  /** The chase policy's reminders and escalations relative to the deadline, while the links work. */
  planProviderChase(input: AnnualReturnInput): Promise<ChaseStep[]>;
  sendProviderChaseEmail(input: {
    requestId: string;
    step: string;
    kind: 'reminder' | 'escalation';
    to?: ChaseStep['to'];
  }): Promise<ChaseEmailResult>;
  /** Closes a request unanswered at the deadline; reports whether the database shows it answered. */
  expireProviderRequest(input: { requestId: string }): Promise<{ answered: boolean }>;
  /** Tells the coordinator, once, that the draft is ready, with its open problems. */
  announceDraftReady(input: { returnId: string }): Promise<void>;
  annualReturnProgress(input: { returnId: string }): Promise<AnnualReturnProgress>;
  /** Reminds the coordinator, once per step, that the approved return is not recorded as submitted. */
  sendSubmissionReminder(input: { returnId: string; step: string }): Promise<string>;
}

/** One schedule per partnership; its runs are `annual-return-round/<partnershipId>` plus the fire time. */
export function annualReturnScheduleId(partnershipId: string): string {
  return `annual-return/${partnershipId}`;
}

export function annualReturnRoundWorkflowId(partnershipId: string): string {
  return `annual-return-round/${partnershipId}`;
}

export interface AnnualReturnRoundInput {
  partnershipId: string;
  /** Providers are asked to answer by 17:00 London time this many working days after the round starts. */
  workingDaysToRespond: number;
}

export interface AnnualReturnRoundResult {
  financialYear: string;
  respondBy: string;
  /** False when that year's return workflow already ran or runs (a second firing, or started by hand). */
  started: boolean;
}

export interface AnnualReturnRoundActivities {
  /** Works out the year that ended last before `asOf` and starts its return workflow unless it exists. */
  startAnnualReturnRound(input: AnnualReturnRoundInput & { asOf: string }): Promise<AnnualReturnRoundResult>;
}
