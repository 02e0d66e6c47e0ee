import { proxyActivities } from '@temporalio/workflow';
import type {
  KpiCollectionRoundActivities,
  KpiCollectionRoundInput,
  KpiCollectionRoundResult,
} from './kpi-collection-round.contract';

const { startKpiCollectionRound } = proxyActivities<KpiCollectionRoundActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Started by the partnership's Schedule (`kpi-collection/<partnershipId>`) when a quarter (or month) ends:
 * starts the collection for the period just ended, as of the run's start. The collection's workflow ID is
 * deterministic, so a schedule that fires twice, or a coordinator who started the round by hand, never
 * makes a second round.
 */
export async function kpiCollectionRoundWorkflow(
  input: KpiCollectionRoundInput,
): Promise<KpiCollectionRoundResult> {
  // Workflow time: the same instant on every replay.
  return startKpiCollectionRound({ ...input, asOf: new Date().toISOString() });
}
