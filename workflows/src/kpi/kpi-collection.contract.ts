// The KPI collection workflow's contract with the rest of Waymark: its input, its state, the messages it
// takes and the activities it calls. Shared by the workflow, the worker, the API's client and the tests.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ChaseEmailResult, ChaseStep } from '../chase/chase.contract';

/** Deterministic ID: one collection per partnership per period, so replicas can never double-start it. */
export function kpiCollectionWorkflowId(partnershipId: string, periodKey: string): string {
  return `kpi-collection/${partnershipId}/${periodKey}`;
}

export interface KpiCollectionInput {
  partnershipId: string;
  /** The collection period, e.g. "2026-27-Q3": KPI periods ending within it are asked for. */
  periodKey: string;
  /** ISO instant: data owners are asked to answer by then. */
  respondBy: string;
  /** The user who started it over the admin API (absent when its schedule started it). */
  startedBy?: string;
}

/** One data owner's request for the period. */
export interface KpiRequestState {
  requestId: string;
  dataOwnerContactId: string;
  sent: boolean;
  answered: boolean;
}

export type KpiCollectionPhase =
  | 'opening'
  /** Requests are out; waiting for answers until the deadline. */
  | 'awaiting-values'
  /** Every data owner answered, or the deadline passed: the rest are recorded as unanswered. */
  | 'closed';

export interface KpiCollectionState {
  phase: KpiCollectionPhase;
  periodKey: string;
  deadline: string;
  requests: KpiRequestState[];
  /** Reminders and escalations, as they went (or were skipped): step, request, outcome. */
  chased?: Array<{ step: string; requestId: string; outcome: string; at: string }>;
}

/** Sent by the API after it has recorded (and recomputed from) a data owner's values. */
export const kpiValuesSubmittedSignal = defineSignal<[{ requestId: string }]>('kpiValuesSubmitted');
export const kpiCollectionStateQuery = defineQuery<KpiCollectionState>('kpiCollectionState');

export interface OpenedKpiRequest {
  requestId: string;
  dataOwnerContactId: string;
  answered: boolean;
}

/** Implemented in apps/worker/src/activities; the workflow imports only this type. */
export interface KpiCollectionActivities {
  /** Finds or creates one request per data owner with KPIs due in the period. */
  openKpiValueRequests(input: KpiCollectionInput): Promise<OpenedKpiRequest[]>;
  sendKpiValueRequest(input: {
    requestId: string;
  }): Promise<{ outcome: 'sent' | 'already-sent' | 'not-open' }>;
  /**
   * The reminder ladder for the period, from the partnership's chase policy (the same ladder as actions):
   * reminders, then escalations, relative to the deadline, in time order.
   */
  planKpiChase(input: KpiCollectionInput): Promise<ChaseStep[]>;
  /**
   * Sends one reminder or escalation about a request that is not answered. `step` ("reminder:1",
   * "escalation:manager") names it within the request, for the outbox key; quiet hours and the weekly cap
   * are applied here ("deferred" with a time, or "capped").
   */
  sendKpiChaseEmail(input: {
    requestId: string;
    step: string;
    kind: 'reminder' | 'escalation';
    to?: ChaseStep['to'];
  }): Promise<ChaseEmailResult>;
  /** Closes an unanswered request at the deadline; reports whether the database shows it answered. */
  expireKpiValueRequest(input: { requestId: string }): Promise<{ answered: boolean }>;
}
