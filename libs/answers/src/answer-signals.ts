import { Injectable, Logger } from '@nestjs/common';
import { ActionWorkflows, AnnualReturnWorkflows, KpiCollectionWorkflows } from '@waymark/temporal';
import { RecordedUpdate } from '@waymark/update-requests';

/**
 * Tells the workflows what a lead, data owner or provider sent, once it is safely recorded. A failed signal is
 * logged, never thrown: the answer stays recorded, and the workflows read request states from the
 * database too.
 */
@Injectable()
export class AnswerSignals {
  private readonly logger = new Logger(AnswerSignals.name);

  constructor(
    private readonly actions: ActionWorkflows,
    private readonly kpiCollections: KpiCollectionWorkflows,
    private readonly annualReturns: AnnualReturnWorkflows,
  ) {}

  /** The action's workflow learns of the update (and is started if it was not running). */
  async updateRecorded(recorded: RecordedUpdate): Promise<void> {
    await this.send(`action ${recorded.actionId}`, () =>
      this.actions.updateSubmitted(recorded.actionId, {
        updateId: recorded.updateId,
        requestId: recorded.requestId,
        status: recorded.status,
        percentComplete: recorded.percentComplete,
        submittedAt: recorded.submittedAt,
        proposedDueDate: recorded.proposedDueDate,
      }),
    );
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

  private async send(what: string, signal: () => Promise<void>): Promise<void> {
    try {
      await signal();
    } catch (error) {
      this.logger.warn(`Could not signal ${what}: ${(error as Error).message}`);
    }
  }
}
