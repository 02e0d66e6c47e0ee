import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  KpiCollectionInput,
  KpiCollectionState,
  kpiCollectionStateQuery,
  kpiCollectionWorkflow,
  kpiCollectionWorkflowId,
  kpiValuesSubmittedSignal,
} from '@waymark/workflows';
import { TemporalClient } from './temporal-client';

/** Starts, signals and queries the KPI collection workflows (`kpi-collection/<partnership>/<period>`). */
@Injectable()
export class KpiCollectionWorkflows {
  constructor(private readonly temporal: TemporalClient) {}

  /** Starts the period's collection unless it already runs (or ran); true when this call started it. */
  async ensureStarted(input: KpiCollectionInput): Promise<boolean> {
    return this.temporal.startOnce(
      kpiCollectionWorkflow,
      kpiCollectionWorkflowId(input.partnershipId, input.periodKey),
      [input],
    );
  }

  /**
   * Tells the collection a data owner answered (their values are already recorded). A correction sent
   * after the collection closed needs no signal.
   */
  async valuesSubmitted(partnershipId: string, periodKey: string, requestId: string): Promise<void> {
    try {
      await this.temporal.client.workflow
        .getHandle(kpiCollectionWorkflowId(partnershipId, periodKey))
        .signal(kpiValuesSubmittedSignal, { requestId });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  /** The collection's live (or final) state; null when it was never started. */
  async state(partnershipId: string, periodKey: string): Promise<KpiCollectionState | null> {
    try {
      return await this.temporal.client.workflow
        .getHandle(kpiCollectionWorkflowId(partnershipId, periodKey))
        .query(kpiCollectionStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }
}
