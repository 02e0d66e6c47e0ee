import { Injectable } from '@nestjs/common';
import {
  type ScheduleOptionsStartWorkflowAction,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { londonDate, workingDaysDeadline } from '@waymark/calendar';
import {
  AnnualReturnInput,
  AnnualReturnState,
  annualReturnChangedSignal,
  annualReturnRoundWorkflow,
  annualReturnRoundWorkflowId,
  annualReturnScheduleId,
  annualReturnStateQuery,
  annualReturnWorkflow,
  annualReturnWorkflowId,
  providerAnsweredSignal,
} from '@waymark/workflows';
import { TemporalClient } from './temporal-client';

/** Providers have this many working days from the round's start (1 April) to answer, unless set otherwise. */
export const PROVIDER_WORKING_DAYS = 20;

/** The return a round started at `asOf` assembles: the financial year that ended last, and its deadline. */
export function annualReturnRound(
  asOf: Date,
  workingDaysToRespond: number,
): { financialYear: string; respondBy: string } {
  const { year, month } = londonDate(asOf);
  const start = month >= 4 ? year - 1 : year - 2;
  return {
    financialYear: `${start}-${String((start + 1) % 100).padStart(2, '0')}`,
    respondBy: workingDaysDeadline(asOf, workingDaysToRespond).toISOString(),
  };
}

/**
 * Starts, signals and queries the annual return workflows (`annual-return/<partnership>/<FY>`), and keeps
 * each partnership's April schedule (`annual-return/<partnershipId>`) that starts them.
 */
@Injectable()
export class AnnualReturnWorkflows {
  constructor(private readonly temporal: TemporalClient) {}

  /** Starts the year's return workflow unless it already runs (or ran); true when this call started it. */
  async ensureStarted(input: AnnualReturnInput): Promise<boolean> {
    try {
      await this.temporal.client.workflow.start(annualReturnWorkflow, {
        workflowId: annualReturnWorkflowId(input.partnershipId, input.financialYear),
        taskQueue: this.temporal.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  /** Tells the year's workflow a provider answered (their answers are already recorded). */
  providerAnswered(partnershipId: string, financialYear: string, requestId: string): Promise<void> {
    return this.signal(partnershipId, financialYear, (handle) =>
      handle.signal(providerAnsweredSignal, { requestId }),
    );
  }

  /** Tells the year's workflow that sign-off moved on or the submission deadline changed. */
  returnChanged(partnershipId: string, financialYear: string): Promise<void> {
    return this.signal(partnershipId, financialYear, (handle) => handle.signal(annualReturnChangedSignal));
  }

  /** The workflow's live (or final) state; null when it was never started. */
  async state(partnershipId: string, financialYear: string): Promise<AnnualReturnState | null> {
    try {
      return await this.handle(partnershipId, financialYear).query(annualReturnStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  /**
   * Gives the partnership its April schedule unless it has one: 1 April, 09:00 London time, providers
   * given PROVIDER_WORKING_DAYS working days. True when it created the schedule.
   */
  async ensureSchedule(partnershipId: string): Promise<boolean> {
    const input = { partnershipId, workingDaysToRespond: PROVIDER_WORKING_DAYS };
    const action: ScheduleOptionsStartWorkflowAction<typeof annualReturnRoundWorkflow> = {
      type: 'startWorkflow',
      workflowType: annualReturnRoundWorkflow,
      workflowId: annualReturnRoundWorkflowId(partnershipId),
      taskQueue: this.temporal.taskQueue,
      args: [input],
    };
    try {
      await this.temporal.client.schedule.create({
        scheduleId: annualReturnScheduleId(partnershipId),
        spec: {
          calendars: [
            { month: 'APRIL', dayOfMonth: 1, hour: 9, minute: 0, comment: 'Annual return, each April' },
          ],
          timezone: 'Europe/London',
        },
        action,
        // A round missed while Temporal was down still starts within a week.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
        state: { note: `Annual return each April, ${PROVIDER_WORKING_DAYS} working days for providers` },
      });
      return true;
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning) return false;
      throw error;
    }
  }

  private handle(partnershipId: string, financialYear: string) {
    return this.temporal.client.workflow.getHandle(annualReturnWorkflowId(partnershipId, financialYear));
  }

  /** A signal to a workflow that was never started, or has finished, needs no delivery. */
  private async signal(
    partnershipId: string,
    financialYear: string,
    send: (handle: ReturnType<AnnualReturnWorkflows['handle']>) => Promise<void>,
  ): Promise<void> {
    try {
      await send(this.handle(partnershipId, financialYear));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
}
