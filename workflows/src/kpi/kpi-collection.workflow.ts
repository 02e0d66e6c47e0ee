import { allHandlersFinished, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ChaseStep } from '../chase/chase.contract';
import { msUntil, sendOrDefer, walkLadder } from '../chase/ladder';
import {
  KpiCollectionActivities,
  KpiCollectionInput,
  KpiCollectionState,
  kpiCollectionStateQuery,
  kpiValuesSubmittedSignal,
} from './kpi-collection.contract';

const { openKpiValueRequests, sendKpiValueRequest, expireKpiValueRequest, planKpiChase, sendKpiChaseEmail } =
  proxyActivities<KpiCollectionActivities>({
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
  });

/**
 * One workflow per partnership per collection period (`kpi-collection/<partnershipId>/<periodKey>`).
 * It opens one request per data owner (one email listing all their KPIs), sends them, and waits for
 * the answers until the deadline; then it closes what is still unanswered. Recording the values, and
 * recomputing the derived KPIs and their RAG, happens when they arrive (in the API, in one transaction);
 * the workflow only decides when to ask and when to stop waiting.
 *
 * Since the `kpi-collection-ladder` patch it also walks the chase policy's ladder while it waits, like an
 * action lead's chase: reminders to each data owner who has not answered, then escalations (manager,
 * coordinator, chair). An answer stops that owner's ladder at once; the deadline still closes what is
 * unanswered, and steps after it go on until the link expires. Every change goes behind `patched()`.
 */
export async function kpiCollectionWorkflow(input: KpiCollectionInput): Promise<KpiCollectionState> {
  const state: KpiCollectionState = {
    phase: 'opening',
    periodKey: input.periodKey,
    deadline: input.respondBy,
    requests: [],
  };
  const answered = new Set<string>();
  setHandler(kpiCollectionStateQuery, () => state);
  setHandler(kpiValuesSubmittedSignal, ({ requestId }) => {
    answered.add(requestId);
    for (const request of state.requests) if (request.requestId === requestId) request.answered = true;
  });

  const opened = await openKpiValueRequests(input);
  state.requests = opened.map((r) => ({
    ...r,
    sent: false,
    answered: r.answered || answered.has(r.requestId),
  }));
  for (const request of state.requests) {
    if (request.answered) continue;
    const { outcome } = await sendKpiValueRequest({ requestId: request.requestId });
    request.sent = outcome !== 'not-open';
  }

  state.phase = 'awaiting-values';
  const allAnswered = () => state.requests.every((r) => r.answered);
  const deadline = Date.parse(input.respondBy);
  let expired = false;
  /** Waits until the deadline unless everyone answers first, then closes what is unanswered. */
  async function closeAtDeadline(): Promise<void> {
    expired = true;
    if (await condition(allAnswered, msUntil(input.respondBy))) return;
    for (const request of state.requests) {
      // The database is the record: an answer whose signal was lost still counts.
      if (!request.answered)
        request.answered = (await expireKpiValueRequest({ requestId: request.requestId })).answered;
    }
  }

  if (patched('kpi-collection-ladder')) {
    state.chased = [];
    const steps = await planKpiChase(input);
    const waitUntil = async (at: string) => {
      if (!expired && Date.parse(at) >= deadline) await closeAtDeadline();
      return !(await condition(allAnswered, msUntil(at)));
    };
    await walkLadder(steps, waitUntil, async (name, step) => {
      for (const request of state.requests) {
        if (request.sent && !request.answered) await chase(request, name, step);
      }
    });
  }
  if (!expired) await closeAtDeadline();
  state.phase = 'closed';
  await condition(allHandlersFinished);
  return state;

  /** One step for one data owner; quiet hours or a weekend defer it, unless they answer meanwhile. */
  async function chase(request: KpiCollectionState['requests'][number], step: string, of: ChaseStep) {
    const result = await sendOrDefer(
      () => sendKpiChaseEmail({ requestId: request.requestId, step, kind: of.kind, to: of.to }),
      () => request.answered,
    );
    if (!result) return;
    state.chased!.push({
      step,
      requestId: request.requestId,
      outcome: result.outcome,
      at: new Date(Date.now()).toISOString(),
    });
  }
}
