import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  KpiCollectionActivities,
  KpiCollectionInput,
  KpiCollectionState,
  kpiCollectionStateQuery,
  kpiValuesSubmittedSignal,
} from './kpi-collection.contract';

const { openKpiValueRequests, sendKpiValueRequest, expireKpiValueRequest } =
  proxyActivities<KpiCollectionActivities>({
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
  });

/**
 * One workflow per partnership per collection period (`kpi-collection/<partnershipId>/<periodKey>`).
 * It opens one request per data owner (one email listing all their KPIs), sends them, and waits for
 * the answers until the deadline; then it closes what is still unanswered. Recording the values, and
 * recomputing the derived KPIs and their RAG, happens when they arrive (in the API, in one transaction);
 * the workflow only decides when to ask and when to stop waiting.
 *
 * The reminder ladder shared with actions plugs in where the workflow waits. Once released, every
 * change to this logic goes behind `patched()`.
 */
export async function kpiCollectionWorkflow(input: KpiCollectionInput): Promise<KpiCollectionState> {
  const state: KpiCollectionState = {
    phase: 'opening',
    periodKey: input.periodKey,
    deadline: input.respondBy,
    requests: [],
  };
  const answered = new Set<string>();
  setHandler(kpiCollectionStateQuery, () => state);
  setHandler(kpiValuesSubmittedSignal, ({ requestId }) => {
    answered.add(requestId);
    for (const request of state.requests) if (request.requestId === requestId) request.answered = true;
  });

  const opened = await openKpiValueRequests(input);
  state.requests = opened.map((r) => ({
    ...r,
    sent: false,
    answered: r.answered || answered.has(r.requestId),
  }));
  for (const request of state.requests) {
    if (request.answered) continue;
    const { outcome } = await sendKpiValueRequest({ requestId: request.requestId });
    request.sent = outcome !== 'not-open';
  }

  state.phase = 'awaiting-values';
  const allAnswered = () => state.requests.every((r) => r.answered);
  const waitMs = Math.max(0, Date.parse(input.respondBy) - Date.now());
  if (!(await condition(allAnswered, waitMs))) {
    for (const request of state.requests) {
      // The database is the record: an answer whose signal was lost still counts.
      if (!request.answered)
        request.answered = (await expireKpiValueRequest({ requestId: request.requestId })).answered;
    }
  }
  state.phase = 'closed';
  await condition(allHandlersFinished);
  return state;
}
