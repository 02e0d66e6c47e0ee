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
  Injectable,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@waymark/access';
import { EvidenceService, formatBytes } from '@waymark/evidence';
import {
  EngagementRequestForForm,
  EngagementRequests,
  GateAlreadyDecided,
  GateDecisionInput,
  GateRoundForPage,
  ReviewGates,
} from '@waymark/strategy-review';
import {
  EvidenceUploadInterceptor,
  UploadRequest,
  UploadedFile,
  uploadProblemMessage,
} from '../lead-form/evidence-upload.interceptor';
import { LeadPages, LeadPagesFilter } from '../lead-form/lead-pages';
import { LinkGuard, LinkNotOpenFilter } from '../lead-form/open-link.guard';

/** An answer or a comment: enough to say what matters, and not a document. */
const TEXT_MAX = 20000;
const NAME_MAX = 200;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** An engagement contact's link (`/e/:token`), checked before the form's upload is read. */
@Injectable()
export class OpenEngagementLinkGuard extends LinkGuard {
  constructor(private readonly requests: EngagementRequests) {
    super();
  }

  protected lookUp(token: string) {
    return this.requests.lookUp(token);
  }
}

/**
 * The secure link an engagement activity's contact follows from the request: the activity's questions,
 * one box each. No account; the token is the only credential. Every send is kept as a response; a send
 * after the closing date is kept too, marked late.
 */
@ApiExcludeController()
@Public()
@UseFilters(LeadPagesFilter)
@Controller('e/:token')
export class EngagementFormController {
  constructor(
    private readonly requests: EngagementRequests,
    private readonly evidence: EvidenceService,
    private readonly pages: LeadPages,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    this.render(res, 200, request, {}, {});
  }

  // The link is checked before multer reads the upload (guards run before interceptors).
  @Post()
  @Header('Cache-Control', 'no-store')
  @UseGuards(OpenEngagementLinkGuard)
  @UseFilters(LinkNotOpenFilter)
  @UseInterceptors(EvidenceUploadInterceptor)
  async submit(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @UploadedFiles() uploaded: UploadedFile[] | undefined,
    @Req() req: UploadRequest,
    @Res() res: Response,
  ): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    const questions = this.requests.questionsOf(request);
    const files = this.evidence.prepare({
      files: (uploaded ?? []).map((file) => ({ fileName: file.originalname, content: file.buffer })),
    });
    const typed: Record<string, string> = {};
    const errors: Record<string, string> = {};
    questions.forEach((_, i) => {
      typed[`answer-${i + 1}`] = text(body?.[`answer-${i + 1}`]);
      if (typed[`answer-${i + 1}`].length > TEXT_MAX)
        errors[`answer-${i + 1}`] =
          `Your answer must be ${TEXT_MAX.toLocaleString('en-GB')} characters or fewer`;
    });
    const answers = questions
      .map((question, i) => ({ question, answer: typed[`answer-${i + 1}`] }))
      .filter((a) => a.answer);
    const problems = files.problems.map((p) => p.message);
    if (req.uploadProblem) problems.push(uploadProblemMessage(req.uploadProblem, this.evidence.limits));
    if (problems.length) errors.files = problems.join('. ');
    if (!answers.length && !files.accepted.files.length && !Object.keys(errors).length)
      errors['answer-1'] = 'Answer at least one question, or attach a file, before sending';
    if (Object.keys(errors).length)
      return this.render(res, 400, request, typed, errors, files.accepted.files.length);
    const kept = await this.requests.respond(request.id, answers, {
      channel: 'form',
      enteredBy: request.contactId,
      actor: { type: 'LEAD', id: request.contactId },
      files: files.accepted.files,
    });
    if (!kept) return this.pages.linkProblem(res, 'expired');
    res.redirect(303, `/e/${token}/confirmation`);
  }

  @Get('confirmation')
  @Header('Cache-Control', 'no-store')
  async confirmation(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    if (request.state !== 'ANSWERED') return res.redirect(303, `/e/${token}`);
    this.pages.send(res, 200, 'engagement-confirmation', {
      partnershipName: request.review.partnership.name,
      contactName: request.contact.name,
      group: request.activity.groupName,
      late: request.responses[0]?.late ?? false,
      formUrl: `/e/${token}`,
    });
  }

  private render(
    res: Response,
    status: number,
    request: EngagementRequestForForm,
    typed: Record<string, string>,
    errors: Record<string, string>,
    filesToSelectAgain = 0,
  ): void {
    const { maxFiles, maxFileBytes, allowedTypes } = this.evidence.limits;
    const questions = this.requests.questionsOf(request).map((question, i) => ({
      text: question,
      field: `answer-${i + 1}`,
      id: `answer-${i + 1}`,
      typed: typed[`answer-${i + 1}`] ?? '',
    }));
    this.pages.send(res, status, 'engagement-form', {
      partnershipName: request.review.partnership.name,
      coordinatorEmail: request.review.partnership.coordinatorEmail,
      group: request.activity.groupName,
      aim: request.activity.aim,
      respondBy: request.respondBy.toISOString(),
      late: new Date() > request.respondBy,
      answeredBefore: request.answeredAt !== null,
      questions,
      fileLimits: { maxFiles, maxFileSize: formatBytes(maxFileBytes), allowedTypes },
      filesToSelectAgain,
      errors,
      errorList: Object.entries(errors).map(([id, message]) => ({ text: message, href: `#${id}` })),
    });
  }
}

const DECISIONS: Record<string, GateDecisionInput['decision']> = {
  approve: 'APPROVED',
  'approve-with-conditions': 'APPROVED_WITH_CONDITIONS',
  'send-back': 'SENT_BACK',
  comment: 'COMMENTED',
};

const OUTCOMES: Record<GateDecisionInput['decision'], string> = {
  APPROVED: 'Approved',
  APPROVED_WITH_CONDITIONS: 'Approved with conditions',
  SENT_BACK: 'Sent back with comments',
  COMMENTED: 'Formal comment recorded',
};

/**
 * The secure link a gate's approver follows (or the coordinator, recording a body's decision made in a
 * meeting): approve, approve with conditions, or send back with comments; for a formal comment, the
 * comment. Each round is decided once; afterwards the page says what was decided. A round superseded by a
 * resubmission has expired: the approver has a new link.
 */
@ApiExcludeController()
@Public()
@UseFilters(LeadPagesFilter)
@Controller('g/:token')
export class GateDecisionController {
  constructor(
    private readonly gates: ReviewGates,
    private readonly pages: LeadPages,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const round = await this.pages.openLink(res, this.gates.lookUp(token));
    if (!round) return;
    this.render(res, 200, round, {}, {});
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  async decide(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const round = await this.pages.openLink(res, this.gates.lookUp(token));
    if (!round) return;
    if (!round.decision) {
      const typed = {
        decision: text(body?.decision),
        comments: text(body?.comments),
        conditions: text(body?.conditions),
        decidedBy: text(body?.decidedBy),
      };
      const formalComment = round.gate.kind === 'FORMAL_COMMENT';
      const errors = decisionProblems(typed, formalComment);
      if (Object.keys(errors).length) return this.render(res, 400, round, typed, errors);
      try {
        await this.gates.decide(round, {
          decision: DECISIONS[typed.decision],
          decidedBy: typed.decidedBy,
          comments: typed.comments || null,
          conditions: typed.decision === 'approve-with-conditions' ? typed.conditions : null,
        });
      } catch (error) {
        if (!(error instanceof GateAlreadyDecided)) throw error;
      }
    }
    res.redirect(303, `/g/${token}`);
  }

  private render(
    res: Response,
    status: number,
    round: GateRoundForPage,
    typed: Record<string, string>,
    errors: Record<string, string>,
  ): void {
    const { gate } = round;
    const context = {
      partnershipName: gate.review.partnership.name,
      coordinatorEmail: gate.review.partnership.coordinatorEmail,
      reviewTitle: gate.review.title,
      body: gate.body,
      approves: gate.approves,
    };
    if (round.decision) {
      this.pages.send(res, status, 'gate-decided', {
        ...context,
        outcome: OUTCOMES[round.decision],
        decidedBy: round.decidedBy,
        decidedAt: round.decidedAt!.toISOString(),
        comments: round.comments,
        conditions: round.conditions,
      });
      return;
    }
    this.pages.send(res, status, 'gate-decision', {
      ...context,
      formalComment: gate.kind === 'FORMAL_COMMENT',
      recordingFor: gate.approver ? null : gate.body,
      previous: gate.rounds
        .filter((r) => r.round < round.round && r.decision === 'SENT_BACK')
        .map((r) => ({ ...r, decidedAt: r.decidedAt!.toISOString() })),
      note: round.note,
      typed: { decision: '', comments: '', conditions: '', decidedBy: '', ...typed },
      errors,
      errorList: Object.entries(errors).map(([id, message]) => ({ text: message, href: `#${id}` })),
    });
  }
}

/** What stops a decision being recorded, by field. */
function decisionProblems(typed: Record<string, string>, formalComment: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  const decision = formalComment ? 'comment' : typed.decision;
  if (
    formalComment
      ? typed.decision !== 'comment'
      : !['approve', 'approve-with-conditions', 'send-back'].includes(decision)
  )
    errors.decision = 'Choose approve, approve with conditions, or send back with comments';
  if (decision === 'approve-with-conditions' && !typed.conditions)
    errors.conditions = 'Enter the conditions of your approval';
  if ((decision === 'send-back' || decision === 'comment') && !typed.comments)
    errors.comments =
      decision === 'comment' ? 'Enter your formal comment' : 'Enter your comments: say what needs to change';
  for (const field of ['comments', 'conditions'])
    if (typed[field].length > TEXT_MAX)
      errors[field] = `This must be ${TEXT_MAX.toLocaleString('en-GB')} characters or fewer`;
  if (!typed.decidedBy) errors.decidedBy = 'Enter your name and role, as the decision should record it';
  else if (typed.decidedBy.length > NAME_MAX)
    errors.decidedBy = `Your name and role must be ${NAME_MAX} characters or fewer`;
  return errors;
}
