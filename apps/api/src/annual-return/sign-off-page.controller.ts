import { Body, Controller, Get, Header, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@waymark/access';
import { AlreadyDecided, ReturnSignOff, SignOffLink } from '@waymark/annual-return';
import { LeadPages, LeadPagesThrottledFilter } from '../lead-form/lead-pages';
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
@UseFilters(LeadPagesThrottledFilter)
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

  @Post('approve')
  @Header('Cache-Control', 'no-store')
  async approve(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const link = await this.pages.openLink(res, this.signOff.lookUp(token));
    if (!link) return;
    if (link.role === 'signatory' && link.approval.state === 'PENDING' && body?.confirm !== 'yes')
      return this.render(res, 400, token, link, {
        confirm: 'Tick the box to confirm that you approve this return for submission',
      });
    await this.decided(res, token, link, () => this.signOff.approve(link));
  }

  @Post('return')
  @Header('Cache-Control', 'no-store')
  async returnWithComments(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const link = await this.pages.openLink(res, this.signOff.lookUp(token));
    if (!link) return;
    const comments = typeof body?.comments === 'string' ? body.comments.trim() : '';
    if (link.role === 'signatory' && link.approval.state === 'PENDING') {
      const problem = !comments
        ? 'Enter your comments: say what needs to change before you can approve the return'
        : comments.length > COMMENTS_MAX
          ? `Your comments must be ${COMMENTS_MAX.toLocaleString('en-GB')} characters or fewer`
          : null;
      if (problem) return this.render(res, 400, token, link, { comments: problem }, comments);
    }
    await this.decided(res, token, link, () => this.signOff.returnWithComments(link, comments));
  }

  /**
   * Makes the signatory's decision, then shows the page again (which says what was decided). A decision
   * already made, a second click or the chair's read-only link changes nothing: the page says what happened.
   */
  private async decided(
    res: Response,
    token: string,
    link: SignOffLink,
    decide: () => Promise<unknown>,
  ): Promise<void> {
    if (link.role === 'signatory' && link.approval.state === 'PENDING') {
      try {
        await decide();
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
