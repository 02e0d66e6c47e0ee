import { Injectable } from '@nestjs/common';
import { STATUS_LABELS, KpiFormFigure, LeadUpdate } from '@waymark/contracts';
import { PrismaService, Update } from '@waymark/db';
import { EvidenceService, PreparedEvidence, RecordedEvidence, describeEvidence } from '@waymark/evidence';
import { AskedFigure, FormItem, KpiValueRequestsService, KpiValuesService, ValueEntry } from '@waymark/kpis';
import { Outbox, formatUkDate, renderEmail, updateConfirmationEmail } from '@waymark/mail';
import { RecordedUpdate, RequestForForm, UpdateRequestsService } from '@waymark/update-requests';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The form sends the confirmation itself within this time; later, the reconciler does. */
const SEND_WINDOW_MS = 60 * 1000;

/** The form fields of the figures asked with an update: `kpi-<i>-value` and so on. */
export const FIGURE_PREFIX = 'kpi';

export interface LeadAnswer {
  update: LeadUpdate;
  /** One per figure asked (same order); null when the lead left it blank. */
  figures: (KpiFormFigure | null)[];
  evidence: PreparedEvidence;
  rawSource: unknown;
}

interface Line {
  label: string;
  value: string;
  /** For a link: where it goes. */
  href?: string;
}

/** What was recorded with an update, as lines for the confirmation page and email. */
export interface RecordedAnswer {
  answers: Line[];
  figures: Line[];
  evidence: Line[];
  receivedAt: string;
}

/**
 * A lead's answer to an update request: the update itself, the KPI figures asked of them and their
 * evidence, recorded together or not at all; and the confirmation of what was recorded.
 */
@Injectable()
export class LeadAnswers {
  constructor(
    private readonly requests: UpdateRequestsService,
    private readonly kpiRequests: KpiValueRequestsService,
    private readonly kpiValues: KpiValuesService,
    private readonly evidence: EvidenceService,
    private readonly outbox: Outbox,
    private readonly prisma: PrismaService,
  ) {}

  /** Evidence the lead sent with earlier answers to this request, shown on the form when they revise. */
  evidenceSent(request: RequestForForm): Promise<RecordedEvidence[]> {
    return this.evidence.sentFor(this.prisma, request.id);
  }

  /** The figures asked of the lead with this update, and what is already held for each. */
  async figuresAsked(request: RequestForForm): Promise<{ asked: AskedFigure[]; items: FormItem[] }> {
    const asked = await this.kpiRequests.askedOfLead(request);
    return { asked, items: await this.kpiRequests.formItems({ items: asked }) };
  }

  /**
   * Records the answer in one transaction. Throws KpiValuesRefused (fields named `kpi-<i>-…`) when a
   * figure is refused, and returns null when the link stopped working meanwhile: nothing is recorded.
   */
  async record(
    token: string,
    request: RequestForForm,
    asked: AskedFigure[],
    answer: LeadAnswer,
  ): Promise<RecordedUpdate | null> {
    const given = asked.flatMap((figure, index) => {
      const typed = answer.figures[index];
      return typed ? [{ index, entry: valueEntry(figure, typed) }] : [];
    });
    return this.requests.recordLeadUpdate(token, answer.update, answer.rawSource, async (tx, update) => {
      const target = { partnershipId: update.partnershipId, actionId: update.actionId, updateId: update.id };
      await this.evidence.record(tx, target, answer.evidence);
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
    });
  }

  /** Everything recorded with an update: the lead's answers, the figures now held, the evidence. */
  async recorded(request: RequestForForm, update: Update): Promise<RecordedAnswer> {
    const { items } = await this.figuresAsked(request);
    const evidence = await this.evidence.forUpdate(this.prisma, update.id);
    const proposed = update.proposedDueDate
      ? `${formatUkDate(update.proposedDueDate.toISOString())} (waiting for the coordinator): ${update.proposedDueDateReason ?? ''}`
      : 'None';
    return {
      answers: [
        { label: 'Status', value: STATUS_LABELS[update.status] },
        {
          label: 'Percent complete',
          value: update.percentComplete === null ? 'Not given' : `${update.percentComplete}%`,
        },
        { label: 'Progress', value: update.commentary ?? '' },
        { label: 'Blockers', value: update.blockers ?? 'None' },
        { label: 'New date proposed', value: proposed },
      ],
      figures: items.flatMap((item) =>
        item.current
          ? [
              {
                label: `${item.name} (${item.periodLabel})`,
                value: `${item.current.value ?? 'Not available'}${item.current.note ? `. Note: ${item.current.note}` : ''}`,
              },
            ]
          : [],
      ),
      evidence: evidence.map(describeEvidence),
      receivedAt: update.submittedAt.toISOString(),
    };
  }

  /**
   * Sends the confirmations that a failed send or a crash between recording and sending left unsent:
   * form updates of the last day, on requests still open, whose confirmation is not marked sent. The
   * API's reconciler runs it; returns how many it sent.
   */
  async confirmUnsent(now = new Date()): Promise<number> {
    const updates = await this.prisma.update.findMany({
      where: {
        channel: 'FORM',
        updateRequest: { is: { state: 'ANSWERED', expiresAt: { gt: now } } },
        submittedAt: { gte: new Date(now.getTime() - DAY_MS), lte: new Date(now.getTime() - SEND_WINDOW_MS) },
      },
      orderBy: { submittedAt: 'asc' },
      take: 200,
    });
    const sent = await this.prisma.outboundEmail.findMany({
      where: { idempotencyKey: { in: updates.map(confirmationKey) }, status: 'SENT' },
      select: { idempotencyKey: true },
    });
    const done = new Set(sent.map((row) => row.idempotencyKey));
    let count = 0;
    for (const update of updates) {
      if (done.has(confirmationKey(update))) continue;
      await this.confirm(await this.requests.getForForm(update.updateRequestId as string), update);
      count += 1;
    }
    return count;
  }

  /** The confirmation of an update just recorded. */
  async confirmRecorded(request: RequestForForm, updateId: string): Promise<void> {
    await this.confirm(request, await this.prisma.update.findUniqueOrThrow({ where: { id: updateId } }));
  }

  /** Emails the lead what was recorded: once per update, however often this is called. */
  async confirm(request: RequestForForm, update: Update): Promise<void> {
    const { action } = request;
    const formUrl = this.requests.linkForRequest(request);
    await this.outbox.deliverOnce({
      idempotencyKey: confirmationKey(update),
      kind: 'update-confirmation',
      to: request.leadContact.email,
      partnershipId: request.partnershipId,
      updateRequestId: request.id,
      render: async () =>
        renderEmail(updateConfirmationEmail, {
          ...(await this.recorded(request, update)),
          leadName: request.leadContact.name,
          partnershipName: action.strategy.partnership.name,
          coordinatorEmail: action.strategy.partnership.coordinatorEmail,
          action: { ref: action.ref, title: action.title },
          periodKey: request.periodKey,
          formUrl,
        }),
    });
  }
}

const confirmationKey = (update: { id: string }) => `update/${update.id}/confirmation`;

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
