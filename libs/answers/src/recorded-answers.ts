import { Injectable } from '@nestjs/common';
import { STATUS_LABELS } from '@waymark/contracts';
import { PrismaService, Update } from '@waymark/db';
import { EvidenceService, RecordedEvidence, describeEvidence } from '@waymark/evidence';
import { AskedFigure, FormItem, KpiValueRequestsService } from '@waymark/kpis';
import { formatUkDate } from '@waymark/mail';
import { RequestForForm } from '@waymark/update-requests';

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

/** What a lead is asked with an update request, and what their answer recorded: for the form and its confirmation. */
@Injectable()
export class RecordedAnswers {
  constructor(
    private readonly kpiRequests: KpiValueRequestsService,
    private readonly evidence: EvidenceService,
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
}
