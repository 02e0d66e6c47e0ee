import { Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '@waymark/access';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import {
  ConsoleRequest,
  ConsoleSessions,
  CurrentSession,
  SessionCookie,
  SignedInSession,
} from '@waymark/sign-in';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';

const EVERY_ROLE = ['ADMIN', 'COORDINATOR', 'BOARD_VIEWER'] as const;

const METHOD_NAMES = { EMAIL_LINK: 'Email link', OIDC: 'Your council account' };

/** The signed-in user's account page, sign-out and sign-out everywhere: for every role. */
@ConsoleController()
export class AccountController {
  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly cookie: SessionCookie,
    private readonly pages: ConsolePages,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  @Get('account')
  async account(@CurrentSession() session: SignedInSession, @Res() res: Response): Promise<void> {
    this.pages.send(res, 'account', {
      method: session.method,
      methodNames: METHOD_NAMES,
      expiresAt: session.expiresAt,
      idleMinutes: this.config.CONSOLE_IDLE_MINUTES,
      live: await this.sessions.liveSessions(session.user.id),
    });
  }

  @Post('sign-out')
  @Roles(...EVERY_ROLE)
  async signOut(
    @CurrentSession() session: SignedInSession,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.sessions.signOut(session);
    this.signedOut(req, res, { everywhere: false, ended: 1 });
  }

  @Post('sign-out/everywhere')
  @Roles(...EVERY_ROLE)
  async signOutEverywhere(
    @CurrentSession() session: SignedInSession,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const ended = await this.sessions.signOutEverywhere(session);
    this.signedOut(req, res, { everywhere: true, ended });
  }

  private signedOut(req: ConsoleRequest, res: Response, context: { everywhere: boolean; ended: number }) {
    this.cookie.clear(res);
    // The page is for a signed-out visitor: no name, no navigation.
    req.consoleSession = undefined;
    this.pages.send(res, 'signed-out', context);
  }
}
