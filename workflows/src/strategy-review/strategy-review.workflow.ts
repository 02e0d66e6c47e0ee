import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { msUntil, sendOrDefer, walkLadder } from '../chase/ladder';
import {
  EngagementRequestView,
  StrategyReviewActivities,
  StrategyReviewInput,
  StrategyReviewState,
  engagementAnsweredSignal,
  strategyReviewChangedSignal,
  strategyReviewStateQuery,
} from './strategy-review.contract';

const activities = proxyActivities<StrategyReviewActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** How often the workflow reads the review even without a signal (a signal lost while Temporal was away). */
const RECHECK_MS = 86_400_000;

/**
 * One workflow per strategy review (`strategy-review/<strategyId>/<reviewId>`), started by the coordinator.
 * It asks each engagement activity's contact for answers on the activity's opening day and chases them on
 * the chase policy's ladder (through the one chase step sender) until the closing date; later answers are
 * kept, marked late. Meanwhile it moves the review through its stages and asks each approval gate's approver
 * in order, once the stages before the gate are done and its preconditions are met; a gate that sends the
 * review back is asked again when the coordinator resubmits. It ends when the publication is recorded.
 * What was answered and decided lives in the API; the workflow decides when to ask and when to remind.
 *
 * Versioning: once released, changes to this logic go behind `patched()`, and
 * test/workflows/histories/strategy-review.json must still replay.
 */
export async function strategyReviewWorkflow(input: StrategyReviewInput): Promise<StrategyReviewState> {
  const state: StrategyReviewState = { phase: 'opening', stage: null, requests: [], chased: [], asked: [] };
  const answered = new Set<string>();
  let changed = false;
  let published = false;
  setHandler(strategyReviewStateQuery, () => state);
  setHandler(engagementAnsweredSignal, ({ requestId }) => {
    answered.add(requestId);
    for (const request of state.requests) if (request.requestId === requestId) request.answered = true;
  });
  setHandler(strategyReviewChangedSignal, () => {
    changed = true;
  });

  const opened = await activities.openEngagementRequests(input);
  state.requests = opened.map((r) => ({
    requestId: r.requestId,
    activityRef: r.activityRef,
    sent: false,
    answered: r.answered || answered.has(r.requestId),
  }));
  state.phase = 'running';
  await Promise.all([...opened.map(engage), followGates()]);
  await condition(allHandlersFinished);
  return state;

  /** One contact: asked on the opening day, then chased until they answer, the deadline, or publication. */
  async function engage(view: EngagementRequestView): Promise<void> {
    const request = state.requests.find((r) => r.requestId === view.requestId)!;
    const settled = () => request.answered || published;
    if (await condition(settled, msUntil(view.sendAt))) return;
    const { outcome } = await activities.sendEngagementRequest({ requestId: view.requestId });
    request.sent = outcome !== 'not-open';
    if (!request.sent) return;
    const steps = await activities.planEngagementChase({ requestId: view.requestId });
    await walkLadder(
      steps,
      async (at) => !(await condition(settled, msUntil(at))),
      async (step, of) => {
        const result = await sendOrDefer(
          () =>
            activities.sendEngagementChaseEmail({
              requestId: view.requestId,
              step,
              kind: of.kind,
              to: of.to,
            }),
          settled,
        );
        if (result)
          state.chased.push({
            step,
            requestId: view.requestId,
            outcome: result.outcome,
            at: new Date(Date.now()).toISOString(),
          });
      },
    );
  }

  /**
   * Reads where the review stands whenever the API signals a change (and when a stage ends by its date, and
   * daily in case a signal was lost); asks each gate due; ends with the publication.
   */
  async function followGates(): Promise<void> {
    for (;;) {
      changed = false;
      const progress = await activities.advanceReview({ reviewId: input.reviewId });
      state.stage = progress.stage;
      if (progress.state === 'PUBLISHED') {
        state.phase = 'published';
        published = true;
        return;
      }
      state.phase = progress.state === 'APPROVED' ? 'approved' : 'running';
      for (const gate of progress.ask) {
        await activities.askGate({ gateId: gate.gateId, round: gate.round });
        state.asked.push(`${gate.ref}#${gate.round}`);
      }
      if (progress.ask.length) continue;
      // At least a second: a stage whose date has just passed is moved on by the next read, never in a spin.
      const wait = progress.recheckAt
        ? Math.max(1000, Math.min(msUntil(progress.recheckAt), RECHECK_MS))
        : RECHECK_MS;
      await condition(() => changed, wait);
    }
  }
}
