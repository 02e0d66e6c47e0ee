import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import {
  ActionActivities,
  ActionWorkflowInput,
  ActionWorkflowState,
  actionStateQuery,
  updateSubmittedSignal,
} from './action.contract';

const { openUpdateRequest, sendUpdateRequest, expireUpdateRequest } = proxyActivities<ActionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

function msUntil(iso: string): number {
  return Math.max(0, Date.parse(iso) - Date.now());
}

/**
 * One long-lived workflow per action (`action/<id>`). Each reporting period it asks the lead for an
 * update, waits for the answer until the deadline, then waits for the next period and continues as new.
 * The workflow decides when; activities do the database writes and the sending.
 *
 * Versioning: this workflow runs for years. Once released, every change to its logic goes behind
 * `patched('<change-name>')` (then `deprecatePatch`, then removal), and test/workflows/replay holds
 * committed histories that every change must still replay.
 */
export async function actionWorkflow(input: ActionWorkflowInput): Promise<void> {
  const state: ActionWorkflowState = {
    phase: 'starting',
    periodKey: null,
    requestId: null,
    deadline: null,
    nextChaseAt: null,
    requestsSent: 0,
    lastUpdate: input.lastUpdate ?? null,
  };

  setHandler(actionStateQuery, () => state);
  setHandler(updateSubmittedSignal, (update) => {
    state.lastUpdate = update;
  });
  const answeredThisPeriod = () =>
    state.requestId !== null && state.lastUpdate?.requestId === state.requestId;

  state.phase = 'requesting';
  const request = await openUpdateRequest({ actionId: input.actionId });
  if (!request.live || request.requestId === null) {
    state.phase = 'closed';
    state.nextChaseAt = null;
    return;
  }
  state.periodKey = request.periodKey;
  state.requestId = request.requestId;
  state.deadline = request.deadline;

  if (!request.answered) {
    await sendUpdateRequest({ requestId: request.requestId });
    state.requestsSent += 1;
    state.phase = 'awaiting-update';
    state.nextChaseAt = request.deadline;
    let answered = await condition(answeredThisPeriod, msUntil(request.deadline));
    // The database is the record: an answer whose signal was lost still counts.
    if (!answered) answered = (await expireUpdateRequest({ requestId: request.requestId })).answered;
    state.phase = answered ? 'answered' : 'unanswered';
  } else {
    state.phase = 'answered';
  }

  // Revisions may still arrive until the period closes; then the next period starts afresh.
  state.nextChaseAt = request.periodEnd;
  await sleep(msUntil(request.periodEnd));
  await condition(allHandlersFinished);
  await continueAsNew<typeof actionWorkflow>({ actionId: input.actionId, lastUpdate: state.lastUpdate });
}
