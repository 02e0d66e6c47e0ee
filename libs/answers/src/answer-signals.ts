import { Injectable, Logger } from '@nestjs/common';
import { PrismaService, Update } from '@waymark/db';
import {
  ActionWorkflows,
  AnnualReturnWorkflows,
  KpiCollectionWorkflows,
  TemporalClient,
} from '@waymark/temporal';
import { RecordedUpdate } from '@waymark/update-requests';

/** How long the one who answered waits for Temporal before their answer is left for housekeeping to signal. */
const SIGNAL_WAIT_MS = 5000;

/**
 * Tells the workflows what a lead, data owner or provider sent, once it is safely recorded. A failed signal is
 * logged, never thrown: the answer stays recorded. An action's update is marked when its workflow has been
 * told (`Update.signalledAt`), so one whose signal failed (Temporal unreachable) is told later by housekeeping
 * (`signalUnsignalled`); the workflow keeps the latest update however often, and in whatever order, it is told.
 */
@Injectable()
export class AnswerSignals {
  private readonly logger = new Logger(AnswerSignals.name);

  constructor(
    private readonly actions: ActionWorkflows,
    private readonly kpiCollections: KpiCollectionWorkflows,
    private readonly annualReturns: AnnualReturnWorkflows,
    private readonly temporal: TemporalClient,
    private readonly prisma: PrismaService,
  ) {}

  /** The action's workflow learns of the update (and is started if it was not running). */
  async updateRecorded(recorded: RecordedUpdate): Promise<void> {
    const told = await this.send(`action ${recorded.actionId}`, () =>
      this.temporal.connection.withDeadline(Date.now() + SIGNAL_WAIT_MS, () =>
        this.actions.updateSubmitted(recorded.actionId, {
          updateId: recorded.updateId,
          requestId: recorded.requestId,
          status: recorded.status,
          percentComplete: recorded.percentComplete,
          submittedAt: recorded.submittedAt,
          proposedDueDate: recorded.proposedDueDate,
        }),
      ),
    );
    // Unmarked (the signal failed, or the database went away just after recording), housekeeping tells it again.
    const marked =
      told &&
      (await this.markSignalled(recorded.updateId).then(
        () => true,
        () => false,
      ));
    if (!marked) this.logger.warn(`Update ${recorded.updateId} is left for housekeeping to signal`);
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

  private async markSignalled(updateId: string): Promise<void> {
    await this.prisma.update.updateMany({
      where: { id: updateId, signalledAt: null },
      data: { signalledAt: new Date() },
    });
  }

  /** The period's KPI collection learns that a data owner answered. */
  async valuesRecorded(request: { id: string; partnershipId: string; periodKey: string }): Promise<void> {
    await this.send(`KPI collection ${request.periodKey}`, () =>
      this.kpiCollections.valuesSubmitted(request.partnershipId, request.periodKey, request.id),
    );
  }

  /** The year's annual return workflow learns that a provider sent their answers. */
  async providerAnswered(request: {
    id: string;
    partnershipId: string;
    annualReturn: { financialYear: string };
  }): Promise<void> {
    const { financialYear } = request.annualReturn;
    await this.send(`annual return ${financialYear}`, () =>
      this.annualReturns.providerAnswered(request.partnershipId, financialYear, request.id),
    );
  }

  /** True when the signal went; false (logged) when it failed. */
  private async send(what: string, signal: () => Promise<void>): Promise<boolean> {
    try {
      await signal();
      return true;
    } catch (error) {
      this.logger.warn(`Could not signal ${what}: ${(error as Error).message}`);
      return false;
    }
  }
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
