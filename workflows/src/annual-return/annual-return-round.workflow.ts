import { proxyActivities } from '@temporalio/workflow';
import type {
  AnnualReturnRoundActivities,
  AnnualReturnRoundInput,
  AnnualReturnRoundResult,
} from './annual-return.contract';

const { startAnnualReturnRound } = proxyActivities<AnnualReturnRoundActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Started by the partnership's Schedule (`annual-return/<partnershipId>`) each April: starts the return of
 * the financial year just ended, as of the run's start. The return workflow's ID is deterministic, so a
 * schedule that fires twice, or a coordinator who started the year by hand, never makes a second one.
 */
export async function annualReturnRoundWorkflow(
  input: AnnualReturnRoundInput,
): Promise<AnnualReturnRoundResult> {
  // Workflow time: the same instant on every replay.
  return startAnnualReturnRound({ ...input, asOf: new Date().toISOString() });
}
