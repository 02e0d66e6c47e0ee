import { UpdateRequestsService } from '@waymark/update-requests';
import type { ActionActivities } from '@waymark/workflows';

/** Thin wrappers over the services the API uses too; each is safe to run twice. */
export function createActionActivities(updateRequests: UpdateRequestsService): ActionActivities {
  return {
    openUpdateRequest: ({ actionId }) => updateRequests.open(actionId),
    async sendUpdateRequest({ requestId }) {
      const { outcome } = await updateRequests.send(requestId);
      return { outcome: outcome === 'sent' ? 'sent' : 'already-sent' };
    },
    expireUpdateRequest: ({ requestId }) => updateRequests.expireIfUnanswered(requestId),
  };
}
