import { Body, Controller, Get, Header, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@waymark/access';
import { AlreadyDecided, ReturnSignOff, SignOffLink } from '@waymark/annual-return';
import { LeadPages, LeadPagesFilter } from '../lead-form/lead-pages';
import { signOffView } from './sign-off.view';

/** The signatory's comments: enough to act on, and not a document. */
const COMMENTS_MAX = 5000;

/**
 * The secure link a return's signatory follows from the sign-off email (and the board chair's read-only
 * one): the whole return, every figure and where it came from, every check; then Approve (with a tick to
 * confirm) or Return with comments. Each works once; afterwards the page says what was decided. No account:
 * the token is the only credential, so pages are never cached or indexed.
 */
@ApiExcludeController()
@Public()
@UseFilters(LeadPagesFilter)
@Controller('sign-off/:token')
export class SignOffPageController {
  constructor(
    private readonly signOff: ReturnSignOff,
    private readonly pages: LeadPages,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const link = await this.pages.openLink(res, this.signOff.lookUp(token), (l) =>
      this.signOff.markOpened(l),
    );
    if (!link) return;
    await this.render(res, 200, token, link, {});
  }

  /**
   * The signatory's decision: `approve` (the confirmation ticked) or `return` (with comments), made once;
   * then the page again, which says what was decided. A decision already made, a second click or the chair's
   * read-only link changes nothing: the page says what happened.
   */
  @Post(':decision')
  @Header('Cache-Control', 'no-store')
  async decide(
    @Param('token') token: string,
    @Param('decision') decision: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    if (decision !== 'approve' && decision !== 'return') return this.pages.linkProblem(res, 'unknown');
    const link = await this.pages.openLink(res, this.signOff.lookUp(token));
    if (!link) return;
    if (link.role === 'signatory' && link.approval.state === 'PENDING') {
      const comments = typeof body?.comments === 'string' ? body.comments.trim() : '';
      const problem = decisionProblem(decision, body?.confirm === 'yes', comments);
      if (problem) return this.render(res, 400, token, link, problem, comments);
      try {
        if (decision === 'approve') await this.signOff.approve(link);
        else await this.signOff.returnWithComments(link, comments);
      } catch (error) {
        if (!(error instanceof AlreadyDecided)) throw error;
      }
    }
    res.redirect(303, `/sign-off/${token}`);
  }

  private async render(
    res: Response,
    status: number,
    token: string,
    link: SignOffLink,
    errors: Record<string, string>,
    typedComments = '',
  ): Promise<void> {
    const { approval, role } = link;
    const { annualReturn } = approval;
    const context = {
      partnershipName: annualReturn.partnership.name,
      coordinatorEmail: annualReturn.partnership.coordinatorEmail,
      financialYear: annualReturn.financialYear,
      role,
      token,
      signatoryName: approval.signatoryName,
      decidedAt: approval.decidedAt?.toISOString() ?? null,
    };
    if (approval.state !== 'PENDING') {
      this.pages.send(res, status, 'sign-off-decided', {
        ...context,
        outcome: approval.state === 'APPROVED' ? 'approved' : 'returned',
        comments: approval.comments,
        version: approval.version
          ? { number: approval.version.version, sha256: approval.version.sha256 }
          : null,
      });
      return;
    }
    const content = await this.signOff.pageContent(approval);
    const template = await this.signOff.templateOf(annualReturn.templateVersionId);
    const anchors: Record<string, string> = { confirm: 'confirm', comments: 'comments' };
    this.pages.send(res, status, 'sign-off', {
      ...context,
      templateTitle: template.title,
      templateVersion: content.template.version,
      amendmentReason: annualReturn.amendmentReason,
      ...signOffView(template, content),
      errors,
      errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${anchors[field]}` })),
      typedComments,
    });
  }
}

/** What stops a decision being made, by field: approving needs the tick; returning needs comments. */
function decisionProblem(
  decision: 'approve' | 'return',
  confirmed: boolean,
  comments: string,
): Record<string, string> | null {
  if (decision === 'approve')
    return confirmed
      ? null
      : { confirm: 'Tick the box to confirm that you approve this return for submission' };
  if (!comments)
    return { comments: 'Enter your comments: say what needs to change before you can approve the return' };
  if (comments.length > COMMENTS_MAX)
    return { comments: `Your comments must be ${COMMENTS_MAX.toLocaleString('en-GB')} characters or fewer` };
  return null;
}
