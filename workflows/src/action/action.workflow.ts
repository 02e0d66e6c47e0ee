import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { chaseNudgeSignal, requestAnsweredSignal, requestWithdrawnSignal } from '../chase/chase.contract';
import { msUntil } from '../chase/ladder';
import {
  ActionActivities,
  ActionWorkflowInput,
  ActionWorkflowState,
  Actor,
  BegunPeriod,
  ControlInput,
  PeriodPlan,
  actionSearchAttributes,
  actionStateQuery,
  changeDueDateUpdate,
  closeUpdate,
  decideProposedDateUpdate,
  nudgeSignal,
  pauseUpdate,
  reassignUpdate,
  resumeUpdate,
  updateSubmittedSignal,
} from './action.contract';
import { periodMoment, periodOver } from './period-phase';

const activities = proxyActivities<ActionActivities>({
  // Short: a worker that dies mid-activity is noticed and the activity retried within half a minute.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
/**
 * A period's start: plan, open and enlist in one activity. Three steps' worth of time, each idempotent, so a
 * worker that dies mid-way is noticed within a minute and the whole is retried.
 */
const { beginPeriod } = proxyActivities<Pick<ActionActivities, 'beginPeriod'>>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
/** Coordinators wait for these: a refusal (non-retryable) or a few quick retries, then an answer. */
const controls = proxyActivities<Pick<ActionActivities, 'applyControl'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 3 },
});

/**
 * One long-lived workflow per action (`action/<id>`). Each reporting period it opens the action's update
 * request and enlists it in the lead's chase (which sends one email per lead and runs the reminder
 * ladder), forwards the lead's answer and coordinators' nudges to that chase, applies coordinators'
 * controls (pause, resume, reassign, due date, close), then continues as new for the next period.
 *
 * Versioning: this workflow runs for years. Once released, every change to its logic goes behind
 * `patched('<change-name>')` (then `deprecatePatch`, then removal), and test/workflows/histories holds
 * committed histories that every change must still replay.
 */
export async function actionWorkflow(input: ActionWorkflowInput): Promise<void> {
  const { actionId } = input;
  const state: ActionWorkflowState = {
    phase: 'starting',
    periodKey: null,
    requestId: null,
    chaseWorkflowId: null,
    deadline: null,
    nextChaseAt: null,
    requestsSent: 0,
    lastUpdate: input.lastUpdate ?? null,
    paused: false,
  };
  let closed = false;
  let answerForwarded = false;
  const nudges: string[] = [];

  const answered = () => state.requestId !== null && state.lastUpdate?.requestId === state.requestId;

  async function tellChase(signal: 'answered' | 'withdrawn' | 'nudge', actor = 'coordinator'): Promise<void> {
    if (!state.chaseWorkflowId || !state.requestId) return;
    const chase = getExternalWorkflowHandle(state.chaseWorkflowId);
    try {
      if (signal === 'nudge') await chase.signal(chaseNudgeSignal, { actor });
      else
        await chase.signal(signal === 'answered' ? requestAnsweredSignal : requestWithdrawnSignal, {
          requestId: state.requestId,
        });
    } catch {
      // The chase has finished (every request settled or the period closed): nothing left to tell it.
    }
  }

  function setSearch(search: PeriodPlan['search']): void {
    upsertSearchAttributes([
      { key: actionSearchAttributes.status, value: search.status },
      { key: actionSearchAttributes.rag, value: search.rag },
      { key: actionSearchAttributes.leadOrganisation, value: search.leadOrganisation },
      { key: actionSearchAttributes.dueDate, value: search.dueDate ? new Date(search.dueDate) : null },
      { key: actionSearchAttributes.strategyId, value: search.strategyId },
      { key: actionSearchAttributes.partnershipId, value: search.partnershipId },
    ]);
  }

  // Controls run one at a time, in arrival order.
  let queue: Promise<unknown> = Promise.resolve();
  function control(input: ControlInput, after: () => Promise<void> | void): Promise<ActionWorkflowState> {
    const run = queue.then(async () => {
      if (closed) throw ApplicationFailure.nonRetryable('The action is closed', 'ActionClosed');
      setSearch(await controls.applyControl(input));
      await after();
      return state;
    });
    queue = run.catch(() => undefined);
    return run;
  }
  const requireOpen = (_input?: unknown) => {
    if (closed) throw new Error('The action is closed: nothing to change');
  };

  setHandler(actionStateQuery, () => state);
  setHandler(updateSubmittedSignal, (update) => {
    // An update told late (housekeeping signals those Temporal missed) or twice never replaces a later one.
    const earlier = state.lastUpdate !== null && update.submittedAt < state.lastUpdate.submittedAt;
    if (earlier && patched('earlier-updates-kept-out')) return;
    state.lastUpdate = update;
    // The status the lead gave is searchable at once (WaymarkStatus), not only from the next period.
    if (patched('search-status-follows-updates'))
      upsertSearchAttributes([{ key: actionSearchAttributes.status, value: update.status }]);
  });
  setHandler(nudgeSignal, ({ caller, actor }) => {
    nudges.push(caller?.userId ?? actor ?? 'coordinator');
  });
  setHandler(
    pauseUpdate,
    (args) =>
      control({ kind: 'pause', actionId, ...args }, async () => {
        state.paused = true;
        state.phase = 'paused';
        state.nextChaseAt = null;
        await tellChase('withdrawn');
      }),
    {
      validator: (_input: Actor) => {
        requireOpen();
        if (state.paused) throw new Error('The action is already paused');
      },
    },
  );
  setHandler(
    resumeUpdate,
    (args) =>
      control({ kind: 'resume', actionId, ...args }, () => {
        state.paused = false;
        // The withdrawn request is not reused: the main loop opens a fresh one for the lead.
        state.requestId = null;
      }),
    {
      validator: (_input: Actor) => {
        requireOpen();
        if (!state.paused) throw new Error('The action is not paused');
      },
    },
  );
  setHandler(
    reassignUpdate,
    (args) =>
      control({ kind: 'reassign', actionId, ...args }, async () => {
        await tellChase('withdrawn');
        state.requestId = null;
        state.chaseWorkflowId = null;
      }),
    { validator: requireOpen },
  );
  setHandler(
    changeDueDateUpdate,
    (args) => control({ kind: 'change-due-date', actionId, ...args }, () => undefined),
    {
      validator: ({ dueDate }) => {
        requireOpen();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) throw new Error('dueDate must be a date, YYYY-MM-DD');
      },
    },
  );
  setHandler(
    decideProposedDateUpdate,
    (args) =>
      control({ kind: 'decide-proposed-date', actionId, ...args }, () => {
        if (state.lastUpdate?.updateId === args.updateId)
          state.lastUpdate = { ...state.lastUpdate, proposedDueDate: null };
      }),
    { validator: requireOpen },
  );
  setHandler(
    closeUpdate,
    (args) =>
      control({ kind: 'close', actionId, ...args }, async () => {
        await tellChase('withdrawn');
        closed = true;
        state.phase = 'closed';
        state.nextChaseAt = null;
      }),
    {
      validator: ({ note }) => {
        requireOpen();
        if (!note?.trim()) throw new Error('A closing note is required');
      },
    },
  );

  // The period's start was three activities in turn (plan, open, enlist), each a workflow task round trip:
  // the kick-off of thousands of actions at once took ×2.7 to ×3.6 the time of as many one-activity workflows
  // (issue 17). Since this patch it is one activity; histories from before replay the old path, and the
  // loop below still opens and enlists when there is no request (paused at the start, resumed, reassigned).
  let beginning: Promise<BegunPeriod> | null = null;
  if (patched('period-begun-in-one-activity')) {
    beginning = beginPeriod({ actionId });
    // A control accepted while the period begins waits for it: a pause, reassignment or close then finds the
    // request it must withdraw from the chase, and the plan read first does not undo it.
    queue = beginning.catch(() => undefined);
  }
  const begun: BegunPeriod = beginning
    ? await beginning
    : { plan: await activities.planPeriod({ actionId }), opened: null };
  const { plan } = begun;
  setSearch(plan.search);
  if (!plan.live) {
    state.phase = 'closed';
    await condition(allHandlersFinished);
    return;
  }
  state.periodKey = plan.periodKey;
  state.deadline = plan.deadline;
  state.paused = plan.paused;
  if (begun.opened) {
    // What the loop's first pass did after `openUpdateRequest` and `enlistInChase`.
    state.requestId = begun.opened.requestId;
    state.chaseWorkflowId = begun.opened.chaseWorkflowId;
    answerForwarded = begun.opened.answered;
    if (!begun.opened.answered) state.requestsSent += 1;
  }
  if (plan.overdue) await activities.notifyOverdue({ actionId, periodKey: plan.periodKey });

  while (!closed) {
    if (state.paused) {
      state.phase = 'paused';
      state.nextChaseAt = null;
      if (!(await condition(() => !state.paused || closed, msUntil(plan.periodEnd)))) break;
      continue;
    }
    if (state.requestId === null) {
      const opened = await activities.openUpdateRequest({
        actionId,
        periodKey: plan.periodKey,
        deadline: plan.deadline,
        periodEnd: plan.periodEnd,
      });
      state.requestId = opened.requestId;
      state.chaseWorkflowId = opened.chaseWorkflowId;
      answerForwarded = opened.answered;
      if (!opened.answered) {
        await activities.enlistInChase({ requestId: opened.requestId });
        state.requestsSent += 1;
      }
    }
    if (answered() && !answerForwarded) {
      answerForwarded = true;
      await tellChase('answered');
    }
    while (nudges.length > 0) await tellChase('nudge', nudges.shift());

    const moment = periodMoment(Date.now(), plan, answered() || answerForwarded);
    state.phase = moment.phase;
    state.nextChaseAt = moment.nextAt;

    const woken = await condition(
      () =>
        closed ||
        state.paused ||
        state.requestId === null ||
        nudges.length > 0 ||
        (answered() && !answerForwarded),
      msUntil(state.nextChaseAt),
    );
    if (periodOver(woken, state.nextChaseAt, plan)) break;
  }

  if (closed) {
    state.phase = 'closed';
    state.nextChaseAt = null;
    await condition(allHandlersFinished);
    return;
  }
  if (state.requestId && !answered() && !answerForwarded) {
    await activities.expireUpdateRequest({ requestId: state.requestId });
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof actionWorkflow>({ actionId, lastUpdate: state.lastUpdate });
}
