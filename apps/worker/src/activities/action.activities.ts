import { ApplicationFailure } from '@temporalio/common';
import { ActionControls, ChaseMailer, ControlRefused, PeriodPlanner } from '@waymark/chasing';
import { ActionWorkflows } from '@waymark/temporal';
import { UpdateRequestsService } from '@waymark/update-requests';
import type { ActionActivities, ChaseActivities } from '@waymark/workflows';
import { chaseWorkflowId } from '@waymark/workflows';

export interface ActivityServices {
  planner: PeriodPlanner;
  requests: UpdateRequestsService;
  mailer: ChaseMailer;
  controls: ActionControls;
  workflows: ActionWorkflows;
}

/** Thin wrappers over the services the API uses too; each is safe to run twice. */
export function createActionActivities(s: ActivityServices): ActionActivities {
  const activities: ActionActivities = {
    planPeriod: ({ actionId }) => s.planner.plan(actionId),
    async openUpdateRequest({ actionId, periodKey, deadline, periodEnd }) {
      const opened = await s.requests.open(actionId, {
        periodKey,
        deadline: new Date(deadline),
        periodEnd: new Date(periodEnd),
      });
      return {
        requestId: opened.requestId,
        chaseWorkflowId: chaseWorkflowId(opened.leadContactId, periodKey),
        answered: opened.answered,
      };
    },
    async enlistInChase({ requestId }) {
      const request = await s.requests.get(requestId);
      await s.workflows.enlistInChase(request.leadContactId, request.periodKey, requestId);
    },
    // The three steps of a period's start, as the workflow ran them one activity each before the
    // `period-begun-in-one-activity` patch: one activity task instead of three, and one workflow task
    // round trip instead of three. The same services, so each step stays idempotent: a retry finds the
    // request opened (UpdateRequestsService.open finds it) and the chase ignores a second enlisting. The
    // action is read once, for the plan and the request both.
    async beginPeriod({ actionId }) {
      const action = await s.planner.load(actionId);
      const plan = await s.planner.planFor(action);
      if (!plan.live || plan.paused) return { plan, opened: null };
      const { periodKey } = plan;
      const opened = await s.requests.open(action, {
        periodKey,
        deadline: new Date(plan.deadline),
        periodEnd: new Date(plan.periodEnd),
      });
      const chase = chaseWorkflowId(opened.leadContactId, periodKey);
      if (!opened.answered)
        await s.workflows.enlistInChase(opened.leadContactId, periodKey, opened.requestId);
      return {
        plan,
        opened: { requestId: opened.requestId, chaseWorkflowId: chase, answered: opened.answered },
      };
    },
    expireUpdateRequest: ({ requestId }) => s.requests.expireIfUnanswered(requestId),
    notifyOverdue: ({ actionId, periodKey }) => s.mailer.notifyOverdue(actionId, periodKey),
    async applyControl(input) {
      try {
        return await s.controls.apply(input);
      } catch (error) {
        // A refusal is final: the coordinator gets the reason, the workflow carries on unchanged.
        if (error instanceof ControlRefused)
          throw ApplicationFailure.nonRetryable(error.message, 'ControlRefused');
        throw error;
      }
    },
  };
  return activities;
}

export function createChaseActivities(s: ActivityServices): ChaseActivities {
  return {
    planChase: (input) => s.mailer.plan(input),
    sendChaseEmail: (input) => s.mailer.send(input),
  };
}
