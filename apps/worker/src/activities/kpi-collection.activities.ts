import { KpiValueChase, KpiValueRequestsService } from '@waymark/kpis';
import { KpiCollectionWorkflows, kpiCollectionRound } from '@waymark/temporal';
import type { KpiCollectionActivities, KpiCollectionRoundActivities } from '@waymark/workflows';

/** Thin wrappers over the services the API uses too; each is safe to run twice. */
export function createKpiCollectionActivities(
  requests: KpiValueRequestsService,
  chase: KpiValueChase,
  collections: KpiCollectionWorkflows,
): KpiCollectionActivities & KpiCollectionRoundActivities {
  return {
    openKpiValueRequests: (input) => requests.openAll(input),
    sendKpiValueRequest: ({ requestId }) => chase.send(requestId),
    planKpiChase: (input) => chase.planChase(input),
    sendKpiChaseEmail: (input) => chase.chase(input),
    expireKpiValueRequest: ({ requestId }) => requests.expireIfUnanswered(requestId),
    startKpiCollectionRound: async ({ partnershipId, cadence, workingDaysToRespond, asOf }) => {
      const round = kpiCollectionRound(new Date(asOf), cadence, workingDaysToRespond);
      const started = await collections.ensureStarted({ partnershipId, ...round });
      return { ...round, started };
    },
  };
}
