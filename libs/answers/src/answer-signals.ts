import { Injectable, Logger } from '@nestjs/common';
import { PrismaService, Update } from '@waymark/db';
import {
  ActionWorkflows,
  AnnualReturnWorkflows,
  KpiCollectionWorkflows,
  StrategyReviewWorkflows,
  TemporalClient,
} from '@waymark/temporal';
import { RecordedUpdate } from '@waymark/update-requests';

/** How long the one who answered waits for Temporal before their answer is left for housekeeping to signal. */
const SIGNAL_WAIT_MS = 5000;

/**
 * The answers to a request that its workflow is told of by a signal, besides a lead's update: a data owner's
 * KPI figures, a provider's answers for the annual return, a consultee's response to the strategy review.
 * Each request row has `answeredAt` (set when the answer is recorded) and `signalledAt` (set once the
 * workflow was told); one answered and not signalled is for housekeeping to tell.
 */
export const ANSWER_KINDS = ['kpi-values', 'provider-answers', 'engagement-response'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** One page of what housekeeping tells late: `<kind>/<id>` each, and where the next page starts. */
export interface SignalPage {
  done: string[];
  next: string | null;
}

/** How one kind of answered request is found, told and marked. */
interface AnsweredRequests {
  pending(page: {
    asOf: Date;
    after: string | null;
    size: number;
  }): Promise<{ id: string; tell(): Promise<void> }[]>;
  mark(id: string): Promise<unknown>;
}

/**
 * Tells the workflows what a lead, data owner, provider or consultee sent, once it is safely recorded. A failed
 * signal is logged, never thrown: the answer stays recorded and the one who answered sees it taken, after
 * SIGNAL_WAIT_MS at most. Each answer is marked when its workflow has been told (`Update.signalledAt`, and
 * `signalledAt` on the KPI, provider and engagement requests), so one whose signal failed (Temporal unreachable)
 * is told later by housekeeping (`signalUnsignalled`, `signalUnsignalledAnswers`). Every signal is safe to
 * repeat: an action's workflow keeps the latest update however often, and in whatever order, it is told, and the
 * others only note that the request was answered (a workflow that has finished needs no telling).
 */
@Injectable()
export class AnswerSignals {
  private readonly logger = new Logger(AnswerSignals.name);
  private readonly kinds: Record<AnswerKind, AnsweredRequests>;

  constructor(
    private readonly actions: ActionWorkflows,
    private readonly kpiCollections: KpiCollectionWorkflows,
    private readonly annualReturns: AnnualReturnWorkflows,
    private readonly reviews: StrategyReviewWorkflows,
    private readonly temporal: TemporalClient,
    private readonly prisma: PrismaService,
  ) {
    const order = { id: 'asc' } as const;
    this.kinds = {
      'kpi-values': {
        pending: async ({ asOf, after, size }) =>
          (
            await this.prisma.kpiValueRequest.findMany({
              where: unsignalled(asOf, after),
              select: { id: true, partnershipId: true, periodKey: true },
              orderBy: order,
              take: size,
            })
          ).map((r) => ({ id: r.id, tell: () => this.tellKpiCollection(r) })),
        mark: (id) => markTold(this.prisma.kpiValueRequest, id),
      },
      'provider-answers': {
        pending: async ({ asOf, after, size }) =>
          (
            await this.prisma.providerReturnRequest.findMany({
              where: unsignalled(asOf, after),
              select: { id: true, partnershipId: true, annualReturn: { select: { financialYear: true } } },
              orderBy: order,
              take: size,
            })
          ).map((r) => ({ id: r.id, tell: () => this.tellAnnualReturn(r) })),
        mark: (id) => markTold(this.prisma.providerReturnRequest, id),
      },
      'engagement-response': {
        pending: async ({ asOf, after, size }) =>
          (
            await this.prisma.engagementRequest.findMany({
              where: unsignalled(asOf, after),
              select: { id: true, review: { select: { id: true, strategyId: true } } },
              orderBy: order,
              take: size,
            })
          ).map((r) => ({ id: r.id, tell: () => this.tellReview(r) })),
        mark: (id) => markTold(this.prisma.engagementRequest, id),
      },
    };
  }

  /** The action's workflow learns of the update (and is started if it was not running). */
  async updateRecorded(recorded: RecordedUpdate): Promise<void> {
    await this.deliver(
      `update ${recorded.updateId}`,
      () =>
        this.actions.updateSubmitted(recorded.actionId, {
          updateId: recorded.updateId,
          requestId: recorded.requestId,
          status: recorded.status,
          percentComplete: recorded.percentComplete,
          submittedAt: recorded.submittedAt,
          proposedDueDate: recorded.proposedDueDate,
        }),
      () => this.markSignalled(recorded.updateId),
    );
  }

  /** The period's KPI collection learns that a data owner answered. */
  async valuesRecorded(request: { id: string; partnershipId: string; periodKey: string }): Promise<void> {
    await this.answered('kpi-values', request.id, () => this.tellKpiCollection(request));
  }

  /** The year's annual return workflow learns that a provider sent their answers. */
  async providerAnswered(request: {
    id: string;
    partnershipId: string;
    annualReturn: { financialYear: string };
  }): Promise<void> {
    await this.answered('provider-answers', request.id, () => this.tellAnnualReturn(request));
  }

  /** The strategy review's workflow learns that an engagement contact responded. */
  async engagementAnswered(request: {
    id: string;
    review: { id: string; strategyId: string };
  }): Promise<void> {
    await this.answered('engagement-response', request.id, () => this.tellReview(request));
  }

  /**
   * Tells the workflows of the updates recorded by `asOf` whose signal failed. One page of `size` updates (by
   * id) after `after`; returns those signalled and where the next page starts (null after the last). Throws
   * when Temporal is still unreachable: what was signalled is marked, the rest waits for the next run.
   */
  async signalUnsignalled(page: {
    asOf: Date;
    after: string | null;
    size: number;
  }): Promise<{ done: string[]; next: string | null }> {
    const updates = await this.prisma.update.findMany({
      where: {
        signalledAt: null,
        submittedAt: { lte: page.asOf },
        ...(page.after ? { id: { gt: page.after } } : {}),
      },
      orderBy: { id: 'asc' },
      take: page.size,
    });
    for (const update of updates) {
      await this.actions.updateSubmitted(update.actionId, lastUpdateOf(update));
      await this.markSignalled(update.id);
    }
    return {
      done: updates.map((u) => u.id),
      next: updates.length === page.size ? updates[updates.length - 1].id : null,
    };
  }

  /**
   * Tells the workflows of the KPI figures, providers' answers and engagement responses answered by `asOf`
   * whose signal failed, kind by kind (ANSWER_KINDS), one page of `size` requests (by id) of one kind a call.
   * `after` is where the previous page ended (`<kind>/<id>`, or `<kind>/` for the start of a kind); returns
   * those told (`<kind>/<id>`) and where the next page starts (null after the last kind). Throws when Temporal
   * is still unreachable: what was told is marked, the rest waits for the next run.
   */
  async signalUnsignalledAnswers(page: {
    asOf: Date;
    after: string | null;
    size: number;
  }): Promise<SignalPage> {
    const [kind, afterId] = cursorOf(page.after);
    const requests = await this.kinds[kind].pending({ asOf: page.asOf, after: afterId, size: page.size });
    for (const request of requests) {
      await request.tell();
      await this.kinds[kind].mark(request.id);
    }
    const following = ANSWER_KINDS[ANSWER_KINDS.indexOf(kind) + 1];
    return {
      done: requests.map((r) => `${kind}/${r.id}`),
      next:
        requests.length === page.size
          ? `${kind}/${requests[requests.length - 1].id}`
          : following
            ? `${following}/`
            : null,
    };
  }

  private tellKpiCollection(request: { id: string; partnershipId: string; periodKey: string }) {
    return this.kpiCollections.valuesSubmitted(request.partnershipId, request.periodKey, request.id);
  }

  private tellAnnualReturn(request: {
    id: string;
    partnershipId: string;
    annualReturn: { financialYear: string };
  }) {
    return this.annualReturns.providerAnswered(
      request.partnershipId,
      request.annualReturn.financialYear,
      request.id,
    );
  }

  private tellReview(request: { id: string; review: { id: string; strategyId: string } }) {
    return this.reviews.answered(request.review, request.id);
  }

  private answered(kind: AnswerKind, requestId: string, tell: () => Promise<void>): Promise<void> {
    return this.deliver(`${kind} ${requestId}`, tell, () => this.kinds[kind].mark(requestId));
  }

  /**
   * Signals within SIGNAL_WAIT_MS, then marks the answer told. Left unmarked (the signal failed, or the
   * database went away just after recording), housekeeping tells it again.
   */
  private async deliver(
    what: string,
    tell: () => Promise<void>,
    mark: () => Promise<unknown>,
  ): Promise<void> {
    let marked = false;
    try {
      await this.temporal.connection.withDeadline(Date.now() + SIGNAL_WAIT_MS, tell);
      try {
        await mark();
        marked = true;
      } catch (error) {
        this.logger.warn(`Could not mark ${what} signalled: ${(error as Error).message}`);
      }
    } catch (error) {
      this.logger.warn(`Could not signal ${what}: ${(error as Error).message}`);
    }
    if (!marked) this.logger.warn(`The ${what} is left for housekeeping to signal`);
  }

  private async markSignalled(updateId: string): Promise<void> {
    await markTold(this.prisma.update, updateId);
  }
}

/** A table whose rows say when their workflow was told (`signalledAt`): updates and the three answer kinds. */
interface SignalledRows {
  updateMany(args: {
    where: { id: string; signalledAt: null };
    data: { signalledAt: Date };
  }): Promise<unknown>;
}

/** Marks a row told, once: a row already marked keeps its first time. */
function markTold(rows: SignalledRows, id: string): Promise<unknown> {
  return rows.updateMany({ where: { id, signalledAt: null }, data: { signalledAt: new Date() } });
}

/** Answered by `asOf` (after `after`, by id) and not yet told. */
function unsignalled(asOf: Date, after: string | null) {
  return {
    answeredAt: { not: null, lte: asOf },
    signalledAt: null,
    ...(after ? { id: { gt: after } } : {}),
  };
}

/** A page cursor `<kind>/<id>` (or `<kind>/`) read back; null is the first kind's start. */
function cursorOf(after: string | null): [AnswerKind, string | null] {
  if (after === null) return [ANSWER_KINDS[0], null];
  const slash = after.indexOf('/');
  const kind = after.slice(0, slash) as AnswerKind;
  if (!ANSWER_KINDS.includes(kind)) throw new Error(`Not a cursor of answers to signal: ${after}`);
  return [kind, after.slice(slash + 1) || null];
}

/** What the workflow is told of an update, from its record (a proposed date only while it awaits a decision). */
function lastUpdateOf(update: Update) {
  return {
    updateId: update.id,
    requestId: update.updateRequestId,
    status: update.status,
    percentComplete: update.percentComplete,
    submittedAt: update.submittedAt.toISOString(),
    proposedDueDate:
      update.approvalState === 'PENDING' && update.proposedDueDate
        ? update.proposedDueDate.toISOString().slice(0, 10)
        : null,
  };
}
