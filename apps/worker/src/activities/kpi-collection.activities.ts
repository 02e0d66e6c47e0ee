import { KpiValueRequestsService } from '@waymark/kpis';
import type { KpiCollectionActivities } from '@waymark/workflows';

/** Thin wrappers over the services the API uses too; each is safe to run twice. */
export function createKpiCollectionActivities(requests: KpiValueRequestsService): KpiCollectionActivities {
  return {
    openKpiValueRequests: (input) => requests.openAll(input),
    sendKpiValueRequest: ({ requestId }) => requests.send(requestId),
    expireKpiValueRequest: ({ requestId }) => requests.expireIfUnanswered(requestId),
  };
}
