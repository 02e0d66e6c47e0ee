import { Body, Controller, Get, Header, Logger, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { STATUS_LABELS, fieldErrors, leadUpdateSchema } from '@waymark/contracts';
import { ActionWorkflows } from '@waymark/temporal';
import { RequestForForm, UpdateRequestsService } from '@waymark/update-requests';
import { LeadPages } from './lead-pages';

const FIELD_ORDER = [
  'status',
  'percentComplete',
  'commentary',
  'blockers',
  'proposedDueDateDay',
  'proposedDueDateMonth',
  'proposedDueDateYear',
  'proposedDueDateReason',
] as const;
/** Where each error's link in the summary points. */
const ERROR_ANCHORS: Record<string, string> = {
  status: 'status',
  percentComplete: 'percentComplete',
  commentary: 'commentary',
  blockers: 'blockers',
  proposedDueDate: 'proposedDueDate-day',
  proposedDueDateReason: 'proposedDueDateReason',
};

/**
 * The secure link a lead follows from the request email: a short form, no account. The token in the
 * URL is the only credential, so these pages are never cached or indexed and never leak the URL.
 */
@ApiExcludeController()
@Controller('u/:token')
export class UpdateFormController {
  private readonly logger = new Logger(UpdateFormController.name);

  constructor(
    private readonly requests: UpdateRequestsService,
    private readonly workflows: ActionWorkflows,
    private readonly pages: LeadPages,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const found = await this.requests.lookUp(token);
    if (found.kind !== 'open') return this.pages.linkProblem(res, found.kind);
    await this.requests.markOpened(found.request.id);
    const latest = await this.requests.latestUpdate(found.request.id);
    // The form starts from the lead's own latest answer this period, so a revision changes only what differs.
    const values = {
      ...Object.fromEntries(FIELD_ORDER.map((f) => [f, ''])),
      status: latest?.status ?? '',
      percentComplete: (latest?.percentComplete ?? found.request.action.percentComplete)?.toString() ?? '',
      commentary: latest?.commentary ?? '',
      blockers: latest?.blockers ?? '',
    };
    this.pages.send(res, 200, 'update-form', {
      ...formContext(found.request),
      values,
      errors: null,
      revising: !!latest,
    });
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  async submit(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const found = await this.requests.lookUp(token);
    if (found.kind !== 'open') return this.pages.linkProblem(res, found.kind);
    const values = Object.fromEntries(
      FIELD_ORDER.map((f) => [f, typeof body?.[f] === 'string' ? body[f] : '']),
    );

    const parsed = leadUpdateSchema.safeParse(values);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const list = Object.keys(ERROR_ANCHORS)
        .filter((f) => errors[f])
        .map((f) => ({ text: errors[f], href: `#${ERROR_ANCHORS[f]}` }));
      this.pages.send(res, 400, 'update-form', {
        ...formContext(found.request),
        values,
        errors,
        errorList: list,
        revising: false,
      });
      return;
    }

    const recorded = await this.requests.recordLeadUpdate(token, parsed.data, {
      channel: 'form',
      fields: values,
    });
    if (!recorded) return this.pages.linkProblem(res, 'expired');
    try {
      await this.workflows.updateSubmitted(recorded.actionId, {
        updateId: recorded.updateId,
        requestId: recorded.requestId,
        status: recorded.status,
        percentComplete: recorded.percentComplete,
        submittedAt: recorded.submittedAt,
        proposedDueDate: recorded.proposedDueDate,
      });
    } catch (error) {
      // The update is safely recorded; the workflow reads the request's state from the database too.
      this.logger.warn(`Could not signal action ${recorded.actionId}: ${(error as Error).message}`);
    }
    res.redirect(303, `/u/${token}/confirmation`);
  }

  @Get('confirmation')
  @Header('Cache-Control', 'no-store')
  async confirmation(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const found = await this.requests.lookUp(token);
    if (found.kind !== 'open') return this.pages.linkProblem(res, found.kind);
    const latest = await this.requests.latestUpdate(found.request.id);
    if (!latest) {
      res.redirect(303, `/u/${token}`);
      return;
    }
    this.pages.send(res, 200, 'update-confirmation', {
      ...formContext(found.request),
      update: {
        status: STATUS_LABELS[latest.status],
        percentComplete: latest.percentComplete === null ? 'Not given' : `${latest.percentComplete}%`,
        commentary: latest.commentary ?? '',
        blockers: latest.blockers ?? 'None',
        proposedDueDate: latest.proposedDueDate?.toISOString() ?? null,
        proposedDueDateReason: latest.proposedDueDateReason ?? null,
        submittedAt: latest.submittedAt.toISOString(),
      },
      formUrl: `/u/${token}`,
    });
  }
}

function formContext(request: RequestForForm) {
  const { action } = request;
  return {
    partnershipName: action.strategy.partnership.name,
    coordinatorEmail: action.strategy.partnership.coordinatorEmail,
    leadName: request.leadContact.name,
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
