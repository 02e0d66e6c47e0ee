import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ChaseStep } from '../chase/chase.contract';
import { msUntil, sendOrDefer, walkLadder } from '../chase/ladder';
import {
  AnnualReturnActivities,
  AnnualReturnInput,
  AnnualReturnState,
  annualReturnChangedSignal,
  annualReturnStateQuery,
  providerAnsweredSignal,
} from './annual-return.contract';

const activities = proxyActivities<AnnualReturnActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** How often the workflow reads the return's state even without a signal (a signal lost while Temporal was away). */
const RECHECK = '1 day';

/**
 * One workflow per partnership per financial year (`annual-return/<partnershipId>/<FY>`), started by the
 * partnership's April schedule or by hand. It opens the year's return (pre-filled from Waymark's records),
 * asks each provider's data contact in one email for their services' figures, chases them on the chase
 * policy's ladder (through the one chase step sender), and when every provider has answered or the
 * deadline has passed tells the coordinator the draft is ready. Then it follows sign-off, reminding the
 * coordinator before the submission deadline they set (whatever stage the return is at), until the
 * submission is recorded. Figures, checks and sign-off live in the API; the workflow decides when to ask,
 * when to stop waiting and when to remind.
 *
 * Versioning: once released, changes to this logic go behind `patched()`, and
 * test/workflows/histories/annual-return.json must still replay.
 */
export async function annualReturnWorkflow(input: AnnualReturnInput): Promise<AnnualReturnState> {
  const state: AnnualReturnState = {
    phase: 'opening',
    returnId: null,
    financialYear: input.financialYear,
    deadline: input.respondBy,
    providers: [],
    chased: [],
    reminded: [],
  };
  const answered = new Set<string>();
  let changed = false;
  setHandler(annualReturnStateQuery, () => state);
  setHandler(providerAnsweredSignal, ({ requestId }) => {
    answered.add(requestId);
    for (const provider of state.providers) if (provider.requestId === requestId) provider.answered = true;
  });
  setHandler(annualReturnChangedSignal, () => {
    changed = true;
  });

  const { returnId } = await activities.openAnnualReturn(input);
  state.returnId = returnId;
  const opened = await activities.openProviderRequests({
    returnId,
    respondBy: input.respondBy,
    workflowId: workflowInfo().workflowId,
  });
  state.providers = opened.map((r) => ({
    ...r,
    sent: false,
    answered: r.answered || answered.has(r.requestId),
  }));
  for (const provider of state.providers) {
    if (provider.answered) continue;
    const { outcome } = await activities.sendProviderRequest({ requestId: provider.requestId });
    provider.sent = outcome !== 'not-open';
  }

  state.phase = 'collecting';
  await collect();
  await activities.announceDraftReady({ returnId });
  state.phase = 'drafted';
  await followSignOff();
  await condition(allHandlersFinished);
  return state;

  /** Chases providers until all have answered or the deadline has passed; then closes what is unanswered. */
  async function collect(): Promise<void> {
    const allAnswered = () => state.providers.every((p) => p.answered);
    const deadline = Date.parse(input.respondBy);
    let closed = false;
    async function closeAtDeadline(): Promise<void> {
      closed = true;
      if (await condition(allAnswered, msUntil(input.respondBy))) return;
      for (const provider of state.providers)
        if (!provider.answered)
          provider.answered = (
            await activities.expireProviderRequest({ requestId: provider.requestId })
          ).answered;
    }
    const steps = await activities.planProviderChase(input);
    const waitUntil = async (at: string) => {
      if (!closed && Date.parse(at) >= deadline) await closeAtDeadline();
      return !(await condition(allAnswered, msUntil(at)));
    };
    await walkLadder(steps, waitUntil, async (name, step) => {
      for (const provider of state.providers)
        if (provider.sent && !provider.answered) await chase(provider, name, step);
    });
    if (!closed) await closeAtDeadline();
  }

  /** One step for one provider; quiet hours or a weekend defer it, unless they answer meanwhile. */
  async function chase(provider: AnnualReturnState['providers'][number], step: string, of: ChaseStep) {
    const result = await sendOrDefer(
      () =>
        activities.sendProviderChaseEmail({ requestId: provider.requestId, step, kind: of.kind, to: of.to }),
      () => provider.answered,
    );
    if (!result) return;
    state.chased.push({
      step,
      requestId: provider.requestId,
      outcome: result.outcome,
      at: new Date(Date.now()).toISOString(),
    });
  }

  /**
   * Follows sign-off until the submission is recorded: reads where the return stands whenever the API
   * signals a change (and daily in case a signal was lost), and sends each submission reminder when due.
   */
  async function followSignOff(): Promise<void> {
    for (;;) {
      changed = false;
      const progress = await activities.annualReturnProgress({ returnId });
      if (progress.state === 'SUBMITTED') {
        state.phase = 'submitted';
        return;
      }
      state.phase = progress.state === 'APPROVED' ? 'approved' : 'drafted';
      const next = progress.reminders[0];
      if (next && msUntil(next.at) === 0) {
        await activities.sendSubmissionReminder({ returnId, step: next.step });
        state.reminded.push(next.step);
        continue;
      }
      await condition(() => changed, next ? Math.min(msUntil(next.at), 86_400_000) : RECHECK);
    }
  }
}
