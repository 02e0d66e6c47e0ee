import {
  AnnualReturns,
  ProviderRequests,
  ProviderReturnChase,
  ReturnCollection,
  ReturnSignOff,
} from '@waymark/annual-return';
import { AnnualReturnWorkflows, annualReturnRound } from '@waymark/temporal';
import type { AnnualReturnActivities, AnnualReturnRoundActivities } from '@waymark/workflows';
import { annualReturnWorkflowId } from '@waymark/workflows';

export interface AnnualReturnServices {
  returns: AnnualReturns;
  requests: ProviderRequests;
  chase: ProviderReturnChase;
  collection: ReturnCollection;
  signOff: ReturnSignOff;
  workflows: AnnualReturnWorkflows;
}

/** Thin wrappers over the services the API uses too; each is safe to run twice. */
export function createAnnualReturnActivities({
  returns,
  requests,
  chase,
  collection,
  signOff,
  workflows,
}: AnnualReturnServices): AnnualReturnActivities & AnnualReturnRoundActivities {
  return {
    openAnnualReturn: async (input) => {
      const actor = {
        type: 'WORKFLOW' as const,
        id: annualReturnWorkflowId(input.partnershipId, input.financialYear),
      };
      const opened = await returns.openAs(input.partnershipId, actor, { financialYear: input.financialYear });
      return { returnId: opened.id };
    },
    openProviderRequests: async ({ returnId, respondBy, workflowId }) =>
      (await requests.openAll(returnId, new Date(respondBy), workflowId)).requests,
    sendProviderRequest: ({ requestId }) => chase.send(requestId),
    planProviderChase: (input) => chase.planChase(input),
    sendProviderChaseEmail: (input) => chase.chase(input),
    expireProviderRequest: ({ requestId }) => requests.expireIfUnanswered(requestId),
    announceDraftReady: ({ returnId }) => collection.announceDraftReady(returnId),
    annualReturnProgress: ({ returnId }) => collection.progress(returnId),
    sendSubmissionReminder: ({ returnId, step }) => signOff.sendSubmissionReminder(returnId, step),
    startAnnualReturnRound: async ({ partnershipId, workingDaysToRespond, asOf }) => {
      const round = annualReturnRound(new Date(asOf), workingDaysToRespond);
      const started = await workflows.ensureStarted({ partnershipId, ...round });
      return { ...round, started };
    },
  };
}
