import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  StrategyReviewInput,
  StrategyReviewState,
  engagementAnsweredSignal,
  strategyReviewChangedSignal,
  strategyReviewStateQuery,
  strategyReviewWorkflow,
  strategyReviewWorkflowId,
} from '@waymark/workflows';
import { TemporalClient } from './temporal-client';

/** Starts, signals and queries the strategy review workflows (`strategy-review/<strategyId>/<reviewId>`). */
@Injectable()
export class StrategyReviewWorkflows {
  constructor(private readonly temporal: TemporalClient) {}

  /** Starts the review's workflow unless it already runs (or ran); true when this call started it. */
  start(input: StrategyReviewInput): Promise<boolean> {
    return this.temporal.startOnce(
      strategyReviewWorkflow,
      strategyReviewWorkflowId(input.strategyId, input.reviewId),
      [input],
    );
  }

  /** Tells the review's workflow an engagement contact answered (the response is already recorded). */
  answered(review: ReviewRef, requestId: string): Promise<void> {
    return this.signal(review, (handle) => handle.signal(engagementAnsweredSignal, { requestId }));
  }

  /** Tells the review's workflow that a gate, a precondition or the publication changed. */
  changed(review: ReviewRef): Promise<void> {
    return this.signal(review, (handle) => handle.signal(strategyReviewChangedSignal));
  }

  /** The workflow's live (or final) state; null when it was never started. */
  async state(review: ReviewRef): Promise<StrategyReviewState | null> {
    try {
      return await this.handle(review).query(strategyReviewStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  private handle({ strategyId, id }: ReviewRef) {
    return this.temporal.client.workflow.getHandle(strategyReviewWorkflowId(strategyId, id));
  }

  /**
   * A signal to a workflow that was never started, or has finished, needs no delivery. One that cannot be
   * delivered now throws: an engagement answer is then told by housekeeping (AnswerSignals in libs/answers),
   * a change is caught up by the workflow's daily reading of the review.
   */
  private async signal(
    review: ReviewRef,
    send: (handle: ReturnType<StrategyReviewWorkflows['handle']>) => Promise<void>,
  ): Promise<void> {
    try {
      await send(this.handle(review));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
}

interface ReviewRef {
  id: string;
  strategyId: string;
}
