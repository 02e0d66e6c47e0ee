import { Injectable } from '@nestjs/common';
import { ProviderAnswersVia, ProviderRequests } from '@waymark/annual-return';
import { KpiFormFigure, LeadUpdate } from '@waymark/contracts';
import { Prisma } from '@waymark/db';
import { EvidenceService, PreparedEvidence } from '@waymark/evidence';
import {
  AskedFigure,
  KpiValueRequestsService,
  KpiValuesService,
  RecordedValues,
  ValueEntry,
} from '@waymark/kpis';
import type { ReturnAnswers } from '@waymark/return-template';
import { RecordedUpdate, RequestForForm, UpdateRequestsService } from '@waymark/update-requests';
import { AnswerSignals } from './answer-signals';
import { UpdateConfirmations } from './update-confirmations';

/** The form fields of the figures asked with an update: `kpi-<i>-value` and so on. */
export const FIGURE_PREFIX = 'kpi';

/** What a lead sent for one action: their update, its evidence and how it came (kept with the update). */
export interface UpdateAnswer {
  update: LeadUpdate;
  evidence: PreparedEvidence;
  rawSource: unknown;
}

/** A lead's answer through the secure-link form: with it, the figures asked of them. */
export interface FormAnswer extends UpdateAnswer {
  /** One per figure asked (same order); null when the lead left it blank. */
  figures: (KpiFormFigure | null)[];
}

/** The request an emailed reply or its workbook answers: as the chase holds it. */
export type RepliedRequest = Parameters<UpdateRequestsService['recordIn']>[1];

/**
 * The one place that records what a lead or data owner sent, whichever way it came (the secure-link
 * form, an emailed reply, the workbook attached to one): the update with its evidence and figures,
 * all or nothing, then the workflows told and, for the form, the confirmation emailed.
 */
@Injectable()
export class AnswerRecorder {
  constructor(
    private readonly requests: UpdateRequestsService,
    private readonly kpiRequests: KpiValueRequestsService,
    private readonly kpiValues: KpiValuesService,
    private readonly evidence: EvidenceService,
    private readonly signals: AnswerSignals,
    private readonly confirmations: UpdateConfirmations,
    private readonly providerRequests: ProviderRequests,
  ) {}

  /**
   * Keeps a provider's answers for the return (a save, or a send that remakes the return's providers'
   * figures), then tells the year's workflow of a send. Throws ProviderAnswersRefused naming each cell;
   * null when the link stopped working meanwhile: nothing is kept.
   */
  async recordProviderAnswers(
    request: { id: string; partnershipId: string; annualReturn: { financialYear: string } },
    answers: ReturnAnswers,
    via: ProviderAnswersVia,
  ): Promise<{ revision: number } | null> {
    const kept = await this.providerRequests.submit(request.id, answers, via);
    if (kept && via.sent) await this.signals.providerAnswered(request);
    return kept;
  }

  /**
   * Records a form answer in one transaction, tells the action's workflow and, without waiting for it,
   * emails the lead a confirmation. Throws KpiValuesRefused (fields named `kpi-<i>-…`) when a figure is
   * refused, and returns null when the link stopped working meanwhile: nothing is recorded.
   */
  async recordForm(
    token: string,
    request: RequestForForm,
    asked: AskedFigure[],
    answer: FormAnswer,
  ): Promise<RecordedUpdate | null> {
    const given = asked.flatMap((figure, index) => {
      const typed = answer.figures[index];
      return typed ? [{ index, entry: valueEntry(figure, typed) }] : [];
    });
    const recorded = await this.requests.recordLeadUpdate(
      token,
      answer.update,
      answer.rawSource,
      async (tx, update) => {
        await this.recordEvidence(tx, update, answer.evidence);
        if (given.length === 0) return;
        await this.kpiValues.recordIn(
          tx,
          update.partnershipId,
          given.map((g) => g.entry),
          {
            actor: { type: 'LEAD', id: request.leadContactId },
            enteredBy: request.leadContactId,
            channel: 'form',
          },
          (i, field) => `${FIGURE_PREFIX}-${given[i].index}-${field}`,
        );
      },
    );
    if (!recorded) return null;
    await this.signals.updateRecorded(recorded);
    // The lead does not wait for SMTP; the housekeeping sweep sends a confirmation that fails.
    this.confirmations.confirmSoon(request, recorded.updateId);
    return recorded;
  }

  /**
   * Records one action's update from an emailed reply (its text or its workbook) in the caller's
   * transaction, so that a reply answering several actions records all of them or none. Null when the
   * request stopped being answerable. Call updatesRecorded once the transaction has committed.
   */
  recordReplyIn(
    tx: Prisma.TransactionClient,
    request: RepliedRequest,
    answer: UpdateAnswer,
    channel: 'EMAIL_REPLY' | 'SPREADSHEET',
  ): Promise<RecordedUpdate | null> {
    return this.requests.recordIn(tx, request, answer.update, answer.rawSource, channel, (tx, update) =>
      this.recordEvidence(tx, update, answer.evidence),
    );
  }

  /** After the reply's transaction committed: tells each action's workflow. */
  async updatesRecorded(recorded: RecordedUpdate[]): Promise<void> {
    for (const update of recorded) await this.signals.updateRecorded(update);
  }

  /**
   * Records a data owner's figures for their KPI request (with what `via.alongside` writes, all or
   * nothing) and tells the period's collection. Throws KpiValuesRefused (fields named `item-<i>-…`);
   * null when the request stopped being answerable.
   */
  async recordKpiValues(
    request: { id: string; partnershipId: string; periodKey: string },
    token: string,
    figures: KpiFormFigure[],
    via: Parameters<KpiValueRequestsService['submit']>[2],
  ): Promise<RecordedValues | null> {
    const recorded = await this.kpiRequests.submit(token, figures, via);
    if (recorded) await this.signals.valuesRecorded(request);
    return recorded;
  }

  private async recordEvidence(
    tx: Prisma.TransactionClient,
    update: { id: string; partnershipId: string; actionId: string },
    evidence: PreparedEvidence,
  ): Promise<void> {
    const target = { partnershipId: update.partnershipId, actionId: update.actionId, updateId: update.id };
    await this.evidence.record(tx, target, evidence);
  }
}

function valueEntry(figure: AskedFigure, typed: KpiFormFigure): ValueEntry {
  return {
    kpiId: figure.kpiId,
    periodKey: figure.periodKey,
    value: typed.value,
    status: 'PROVISIONAL',
    note: typed.note,
    reason: 'Sent again by the lead with their update',
    settles: false,
    source: null,
    exceptional: false,
    seriesBreak: false,
  };
}
