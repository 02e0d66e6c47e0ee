import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  Post,
  Req,
  Res,
  UploadedFiles,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@waymark/access';
import { AnswerRecorder, FIGURE_PREFIX, RecordedAnswer, RecordedAnswers } from '@waymark/answers';
import type { Response } from 'express';
import { fieldErrors, leadUpdateSchema } from '@waymark/contracts';
import { isDatabaseUnavailable } from '@waymark/db';
import { EvidenceService, RecordedEvidence, describeEvidence, formatBytes } from '@waymark/evidence';
import { FormItem, KpiValuesRefused } from '@waymark/kpis';
import { RecordedUpdate, RequestForForm, UpdateRequestsService } from '@waymark/update-requests';
import {
  EvidenceUploadInterceptor,
  uploadProblemMessage,
  UploadRequest,
  UploadedFile,
} from './evidence-upload.interceptor';
import { TypedFigure, figureLabel, readFigures, typedFromHeld } from './figures';
import { LeadPages, LeadPagesFilter } from './lead-pages';
import { LinkNotOpenFilter, OpenLinkGuard } from './open-link.guard';

const FIELD_ORDER = [
  'status',
  'percentComplete',
  'commentary',
  'blockers',
  'proposedDueDateDay',
  'proposedDueDateMonth',
  'proposedDueDateYear',
  'proposedDueDateReason',
  'evidenceLinks',
] as const;
/** Where each error's link in the summary points, in the order of the page. */
const ERROR_ANCHORS: Record<string, string> = {
  status: 'status',
  percentComplete: 'percentComplete',
  commentary: 'commentary',
  blockers: 'blockers',
  proposedDueDate: 'proposedDueDate-day',
  proposedDueDateReason: 'proposedDueDateReason',
};
const EVIDENCE_ANCHORS = ['evidenceLinks', 'evidenceFiles'];

/**
 * The secure link a lead follows from the request email: a short form, no account. The token in the
 * URL is the only credential, so these pages are never cached or indexed and never leak the URL.
 */
@ApiExcludeController()
@Public()
@UseFilters(LeadPagesFilter)
@Controller('u/:token')
export class UpdateFormController {
  constructor(
    private readonly requests: UpdateRequestsService,
    private readonly answers: RecordedAnswers,
    private readonly recorder: AnswerRecorder,
    private readonly evidence: EvidenceService,
    private readonly pages: LeadPages,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token), (r) =>
      this.requests.markOpened(r.id),
    );
    if (!request) return;
    const latest = await this.requests.latestUpdate(request.id);
    const { items } = await this.answers.figuresAsked(request);
    // The form starts from the lead's own latest answer this period, so a revision changes only what differs.
    const values = {
      ...Object.fromEntries(FIELD_ORDER.map((f) => [f, ''])),
      status: latest?.status ?? '',
      percentComplete: (latest?.percentComplete ?? request.action.percentComplete)?.toString() ?? '',
      commentary: latest?.commentary ?? '',
      blockers: latest?.blockers ?? '',
    };
    const sentEarlier = await this.answers.evidenceSent(request);
    this.render(res, 200, token, request, {
      values,
      items,
      typed: typedFromHeld(items),
      revising: !!latest,
      sentEarlier,
    });
  }

  // The link is checked before multer reads the upload (guards run before interceptors).
  @Post()
  @Header('Cache-Control', 'no-store')
  @UseGuards(OpenLinkGuard)
  @UseFilters(LinkNotOpenFilter)
  @UseInterceptors(EvidenceUploadInterceptor)
  async submit(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @UploadedFiles() files: UploadedFile[] | undefined,
    @Req() req: UploadRequest,
    @Res() res: Response,
  ): Promise<void> {
    const values = Object.fromEntries(
      FIELD_ORDER.map((f) => [f, typeof body?.[f] === 'string' ? body[f] : '']),
    );
    try {
      await this.answer(token, values, body, files, req, res);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // Nothing was recorded (the answer is one transaction): the lead gets what they typed back, to send again.
      const figures = Object.entries(body ?? {}).flatMap(([name, value]) =>
        name.startsWith(`${FIGURE_PREFIX}-`) && typeof value === 'string' ? [{ name, value }] : [],
      );
      this.pages.unavailable(res, 'update-form', {
        values,
        errors: null,
        figures: [],
        keptFigures: figures,
        filesToSelectAgain: files?.length ?? 0,
        evidenceLimits: this.evidenceLimits(),
      });
    }
  }

  private async answer(
    token: string,
    values: Record<string, string>,
    body: Record<string, unknown>,
    files: UploadedFile[] | undefined,
    req: UploadRequest,
    res: Response,
  ): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    const { asked, items } = await this.answers.figuresAsked(request);
    const figures = readFigures(body, asked.length, FIGURE_PREFIX, { optional: true });
    const parsed = leadUpdateSchema.safeParse(values);
    const evidence = this.evidence.prepare({
      files: (files ?? []).map((file) => ({ fileName: file.originalname, content: file.buffer })),
      links: values.evidenceLinks.split(/\r?\n/),
    });
    const errors: Record<string, string> = {
      ...(parsed.success ? {} : fieldErrors(parsed.error)),
      ...figures.errors,
    };
    for (const problem of evidence.problems) {
      const field =
        problem.reason === 'bad-link' || problem.subject === 'links' ? 'evidenceLinks' : 'evidenceFiles';
      errors[field] = errors[field] ? `${errors[field]}. ${problem.message}` : problem.message;
    }
    if (req.uploadProblem) {
      const message = uploadProblemMessage(req.uploadProblem, this.evidence.limits);
      if (req.uploadProblem === 'too-long') errors.commentary = message;
      else errors.evidenceFiles = message;
    }

    let recorded: RecordedUpdate | null | undefined;
    if (parsed.success && Object.keys(errors).length === 0) {
      try {
        // Recorded, the workflow told and the confirmation emailed; or a figure refused.
        recorded = await this.recorder.recordForm(token, request, asked, {
          update: parsed.data,
          figures: figures.figures,
          evidence: evidence.accepted,
          rawSource: { channel: 'form', fields: values, figures: figures.typed },
        });
      } catch (error) {
        if (!(error instanceof KpiValuesRefused)) throw error;
        for (const problem of error.problems) errors[problem.field] ??= problem.message;
      }
      if (recorded === null) return this.pages.linkProblem(res, 'expired');
    }
    if (!recorded) {
      this.render(res, 400, token, request, {
        values,
        items,
        typed: figures.typed,
        errors,
        filesToSelectAgain: evidence.accepted.files.length,
        revising: false,
        sentEarlier: await this.answers.evidenceSent(request),
      });
      return;
    }
    res.redirect(303, `/u/${token}/confirmation`);
  }

  @Get('confirmation')
  @Header('Cache-Control', 'no-store')
  async confirmation(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    const latest = await this.requests.latestUpdate(request.id);
    if (!latest) {
      res.redirect(303, `/u/${token}`);
      return;
    }
    const recorded = await this.answers.recorded(request, latest);
    this.pages.send(res, 200, 'update-confirmation', {
      ...formContext(request),
      ...recorded,
      rows: summaryRows(recorded),
      formUrl: `/u/${token}`,
    });
  }

  private render(
    res: Response,
    status: number,
    token: string,
    request: RequestForForm,
    page: {
      values: Record<string, string>;
      items: FormItem[];
      typed: TypedFigure[];
      errors?: Record<string, string>;
      filesToSelectAgain?: number;
      revising: boolean;
      /** Evidence the lead sent with earlier answers this period. */
      sentEarlier: RecordedEvidence[];
    },
  ): void {
    const errors = page.errors ?? {};
    const fields = [
      ...Object.keys(ERROR_ANCHORS),
      ...page.items.flatMap((_item, i) =>
        ['value', 'note', 'reason'].map((f) => `${FIGURE_PREFIX}-${i}-${f}`),
      ),
      ...EVIDENCE_ANCHORS,
    ];
    const errorList = fields
      .filter((field) => errors[field])
      .map((field) => {
        const figure = figureLabel(page.items, FIGURE_PREFIX, field);
        return {
          text: figure ? `${figure}: ${errors[field]}` : errors[field],
          href: `#${ERROR_ANCHORS[field] ?? field}`,
        };
      });
    this.pages.send(res, status, 'update-form', {
      ...formContext(request),
      nameLeadUrl: `/u/${token}/lead`,
      values: page.values,
      figures: page.items.map((item, i) => ({ ...item, index: i, typed: page.typed[i] })),
      errors: errorList.length > 0 ? errors : null,
      errorList,
      filesToSelectAgain: page.filesToSelectAgain ?? 0,
      revising: page.revising,
      sentEarlier: page.sentEarlier.map(describeEvidence),
      evidenceLimits: this.evidenceLimits(),
    });
  }

  /** The limits the form states beside its file input. */
  private evidenceLimits() {
    const { maxFileBytes, maxFiles, allowedTypes } = this.evidence.limits;
    return { maxFiles, maxFileSize: formatBytes(maxFileBytes), allowedTypes };
  }
}

function summaryRows(recorded: RecordedAnswer) {
  return [...recorded.answers, ...recorded.figures].map((line) => ({
    key: { text: line.label },
    value: { text: line.value },
  }));
}

function formContext(request: RequestForForm) {
  const { action } = request;
  return {
    partnershipName: action.strategy.partnership.name,
    coordinatorEmail: action.strategy.partnership.coordinatorEmail,
    leadName: request.leadContact.name,
    // Asked as their organisation's default contact: they may name the right person instead.
    askedAsDefaultFor: action.leadContactId
      ? null
      : (request.leadContact.organisation?.name ?? 'your organisation'),
    respondBy: request.respondBy.toISOString(),
    periodKey: request.periodKey,
    action: {
      ref: action.ref,
      title: action.title,
      text: action.text,
      dueDate: action.dueDate?.toISOString() ?? null,
      dueDateText: action.dueDateText ?? null,
      measureText: action.measureText ?? null,
    },
  };
}
