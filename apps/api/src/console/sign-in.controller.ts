import { Body, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { Public } from '@waymark/access';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { ConsoleRequest, EmailSignIn, OidcSignIn, SessionCookie, consoleReturnPath } from '@waymark/sign-in';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';

const emailSchema = z.email();
const LINK_PROBLEM_STATUS = { unknown: 404, used: 410, expired: 410 } as const;

/**
 * Signing in by email link: the address, then the link from the email, then a button that uses it. Public
 * (there is no session yet), so the public rate limit applies; the service itself caps links per user.
 */
@Public()
@ConsoleController('sign-in')
export class SignInController {
  constructor(
    private readonly emailSignIn: EmailSignIn,
    private readonly oidc: OidcSignIn,
    private readonly cookie: SessionCookie,
    private readonly pages: ConsolePages,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  @Get()
  show(@Query('returnTo') returnTo: unknown, @Req() req: ConsoleRequest, @Res() res: Response): void {
    const back = consoleReturnPath(returnTo);
    if (req.consoleSession) return res.redirect(303, back);
    this.pages.send(res, 'sign-in', {
      oidc: this.oidc.enabled,
      returnTo: back,
      email: '',
      errors: {},
      errorList: [],
      notice: back === '/console' ? '' : 'Sign in to see that page.',
    });
  }

  @Post()
  async requestLink(@Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const returnTo = consoleReturnPath(body.returnTo);
    if (!emailSchema.safeParse(email).success) {
      const message = email
        ? 'Enter an email address in the correct format, like name@council.gov.uk'
        : 'Enter your work email address';
      return this.pages.send(
        res,
        'sign-in',
        {
          oidc: this.oidc.enabled,
          returnTo,
          email,
          errors: { email: message },
          errorList: [{ text: message, href: '#email' }],
          notice: '',
        },
        400,
      );
    }
    await this.emailSignIn.requestLink(email, returnTo);
    this.pages.send(res, 'check-email', { email, minutes: this.config.CONSOLE_SIGN_IN_LINK_MINUTES });
  }

  @Get('link/:token')
  async showLink(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const state = await this.emailSignIn.check(token);
    res.set('Referrer-Policy', 'no-referrer');
    this.pages.send(
      res,
      'sign-in-link',
      { state, minutes: this.config.CONSOLE_SIGN_IN_LINK_MINUTES },
      state === 'open' ? 200 : LINK_PROBLEM_STATUS[state],
    );
  }

  @Post('link/:token')
  async useLink(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const result = await this.emailSignIn.redeem(token);
    res.set('Referrer-Policy', 'no-referrer');
    if (result.kind === 'signed-in') {
      this.cookie.set(res, result.session);
      return res.redirect(303, result.returnTo);
    }
    this.pages.send(
      res,
      'sign-in-link',
      { state: result.kind, minutes: this.config.CONSOLE_SIGN_IN_LINK_MINUTES },
      LINK_PROBLEM_STATUS[result.kind],
    );
  }
}
