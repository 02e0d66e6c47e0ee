import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import {
  ChaseActivities,
  ChaseStep,
  ChaseWorkflowInput,
  ChaseWorkflowState,
  chaseNudgeSignal,
  chaseStateQuery,
  requestAnsweredSignal,
  requestEnlistedSignal,
  requestWithdrawnSignal,
} from './chase.contract';
import { msUntil, sendOrDefer, walkLadder } from './ladder';

const { planChase, sendChaseEmail } = proxyActivities<ChaseActivities>({
  // Short: a worker that dies mid-activity is noticed and the activity retried within half a minute.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * One per lead per reporting period (`chase/<lead>/<period>`). Gathers the lead's update requests, sends
 * them as one email, then walks the strategy's ladder (reminders, then escalation to the lead's manager,
 * the coordinator and the board chair) until every request is answered or withdrawn. An answer stops the
 * chase at once. Quiet hours, working days and the weekly cap are applied by the sending activity, which
 * defers or skips a step; the workflow only decides the order and the moments.
 *
 * One request email per lead, by construction: the request email lists every request of the lead's period
 * that is open and not yet emailed (read from the database when it is sent, so an action whose signal is
 * late is in it); a request that opens after it went joins the next reminder instead of an email of its own
 * (`late-requests-join-next-reminder`), unless no reminder is left.
 *
 * Versioning: once released, changes to this logic go behind `patched()`; see action.workflow.ts.
 */
export async function chaseWorkflow(input: ChaseWorkflowInput): Promise<void> {
  const pending = new Set<string>();
  const answered = new Set<string>();
  const withdrawn = new Set<string>();
  const requested = new Set<string>();
  const nudges: string[] = [];
  const emailsSent: ChaseWorkflowState['emailsSent'] = [];
  let nextAt: string | null = null;
  let done = false;

  setHandler(requestEnlistedSignal, ({ requestId }) => {
    if (!answered.has(requestId) && !withdrawn.has(requestId)) pending.add(requestId);
  });
  setHandler(requestAnsweredSignal, ({ requestId }) => {
    pending.delete(requestId);
    answered.add(requestId);
  });
  setHandler(requestWithdrawnSignal, ({ requestId }) => {
    pending.delete(requestId);
    withdrawn.add(requestId);
  });
  setHandler(chaseNudgeSignal, ({ actor }) => {
    nudges.push(actor);
  });
  setHandler(chaseStateQuery, () => ({
    pending: [...pending],
    answered: [...answered],
    withdrawn: [...withdrawn],
    requested: [...requested],
    emailsSent,
    nextAt,
    done,
  }));

  const plan = await planChase(input);
  const joinReminders = patched('late-requests-join-next-reminder');
  const reminderAhead = () =>
    joinReminders &&
    requested.size > 0 &&
    plan.steps.some((s) => s.kind === 'reminder' && Date.parse(s.at) > Date.now());
  const unrequested = () => [...pending].filter((id) => !requested.has(id));
  /** Requests opened after the request email, to be sent now as a request of their own. */
  const toRequestNow = () => (reminderAhead() ? [] : unrequested());
  const outstanding = () => [...pending].filter((id) => requested.has(id));
  const counters = { request: 0, nudge: 0 };

  async function send(
    step: string,
    kind: 'request' | 'reminder' | 'escalation',
    requestIds: string[],
    enforceLimits: boolean,
    to?: ChaseStep['to'],
    requestedBy?: string,
  ): Promise<void> {
    // Quiet hours or a non-working day: wait, unless every request is answered meanwhile.
    const result = await sendOrDefer(
      () =>
        sendChaseEmail({
          ...input,
          step,
          kind,
          to,
          requestIds: requestIds.filter((id) => pending.has(id)),
          enforceLimits,
          requestedBy,
        }),
      () => pending.size === 0,
      (retryAt) => (nextAt = retryAt),
    );
    if (result) emailsSent.push({ step, at: new Date(Date.now()).toISOString(), outcome: result.outcome });
  }

  /** New requests (late enlistments) and coordinators' nudges are served between the ladder's steps. */
  async function serveArrivals(): Promise<void> {
    const fresh = toRequestNow();
    if (fresh.length > 0) {
      counters.request += 1;
      await send(`request:${counters.request}`, 'request', fresh, false);
      fresh.forEach((id) => requested.add(id));
    }
    while (nudges.length > 0) {
      const requestedBy = nudges.shift();
      const ids = outstanding();
      if (ids.length === 0) continue;
      counters.nudge += 1;
      await send(`nudge:${counters.nudge}`, 'reminder', ids, false, undefined, requestedBy);
    }
  }

  /** Waits until `at`, serving arrivals meanwhile; false when every request is settled. */
  async function waitUntil(at: string): Promise<boolean> {
    nextAt = at;
    for (;;) {
      const woken = await condition(
        () => pending.size === 0 || nudges.length > 0 || toRequestNow().length > 0,
        msUntil(at),
      );
      if (pending.size === 0) return false;
      await serveArrivals();
      if (!woken) return true;
    }
  }

  // Gather the lead's requests until the sending time, so they go out as one email.
  nextAt = plan.sendAt;
  await sleep(msUntil(plan.sendAt));
  if (pending.size > 0) {
    await serveArrivals();
    await walkLadder(plan.steps, waitUntil, async (name, step) => {
      // A reminder asks for the late requests too (their first email); an escalation only for those asked.
      const late = joinReminders && step.kind === 'reminder' ? unrequested() : [];
      const ids = [...outstanding(), ...late];
      if (ids.length > 0) await send(name, step.kind, ids, true, step.to);
      late.forEach((id) => requested.add(id));
    });
    // After the ladder, answers, late requests and nudges are still served until the period closes.
    await waitUntil(plan.periodEnd);
  }
  done = true;
  nextAt = null;
  await condition(allHandlersFinished);
}
