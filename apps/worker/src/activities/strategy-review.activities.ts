import { EngagementChase, EngagementRequests, ReviewGates } from '@waymark/strategy-review';
import type { StrategyReviewActivities } from '@waymark/workflows';

export interface StrategyReviewServices {
  requests: EngagementRequests;
  chase: EngagementChase;
  gates: ReviewGates;
}

/** Thin wrappers over the services the API uses too; each is safe to run twice. */
export function createStrategyReviewActivities({
  requests,
  chase,
  gates,
}: StrategyReviewServices): StrategyReviewActivities {
  return {
    openEngagementRequests: (input) => requests.openAll(input),
    sendEngagementRequest: ({ requestId }) => chase.send(requestId),
    planEngagementChase: ({ requestId }) => chase.planChase(requestId),
    sendEngagementChaseEmail: (input) => chase.chase(input),
    advanceReview: ({ reviewId }) => gates.advance(reviewId),
    askGate: ({ gateId, round }) => gates.ask(gateId, round),
  };
}
