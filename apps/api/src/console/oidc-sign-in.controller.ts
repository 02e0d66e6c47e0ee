import { Get, Inject, Logger, NotFoundException, Query, Req, Res } from '@nestjs/common';
import type { CookieOptions, Response } from 'express';
import { Public } from '@waymark/access';
import { AuditLog } from '@waymark/audit';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import {
  ConsoleRequest,
  ConsoleSessions,
  OIDC_CALLBACK_PATH,
  OidcRefusalReason,
  OidcRefused,
  OidcSignIn,
  SessionCookie,
  consoleReturnPath,
} from '@waymark/sign-in';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';

/** The HTTP status of each refusal's page: the person's account → 403; the sign-in itself → 400. */
const REFUSAL_STATUS: Record<OidcRefusalReason, number> = {
  'not-configured': 404,
  'provider-unavailable': 503,
  'provider-error': 400,
  expired: 400,
  replayed: 400,
  'state-mismatch': 400,
  'nonce-mismatch': 400,
  'no-email': 403,
  'email-not-verified': 403,
  'unknown-user': 403,
  'archived-user': 403,
};

/** Refusals whose `detail` names no person (the others quote the email address): only these are recorded. */
const DETAIL_RECORDED = new Set<OidcRefusalReason>([
  'provider-unavailable',
  'provider-error',
  'expired',
  'replayed',
  'state-mismatch',
  'nonce-mismatch',
]);

const SEVERAL_PARTNERSHIPS =
  'Your email address belongs to Waymark users in more than one partnership, and signing in with your ' +
  'council account cannot yet ask which one you mean. Sign in with an email link instead: it is sent for ' +
  'each partnership, and the one you open decides.';

/**
 * Signing in with the council's account (OpenID Connect, `OidcSignIn`): the start sends the browser to the
 * provider with the attempt's key in a short-lived cookie; the callback checks what the provider sends back
 * against it, and starts a fresh console session for the one Waymark user with the verified email. Public
 * (there is no session yet), so the public rate limit applies. Answers 404 where OIDC is not configured.
 */
@Public()
@ConsoleController('sign-in/oidc')
export class OidcSignInController {
  private readonly log = new Logger(OidcSignInController.name);
  /** The pending sign-in's cookie: as the session cookie (HTTP-only, SameSite=Lax, `__Host-` over https). */
  private readonly cookieName: string;
  private readonly cookieOptions: CookieOptions;

  constructor(
    private readonly oidc: OidcSignIn,
    private readonly sessions: ConsoleSessions,
    private readonly sessionCookie: SessionCookie,
    private readonly audit: AuditLog,
    private readonly pages: ConsolePages,
    @Inject(WAYMARK_CONFIG) config: WaymarkConfig,
  ) {
    const secure = config.PUBLIC_BASE_URL.startsWith('https:');
    this.cookieName = secure ? '__Host-waymark-oidc' : 'waymark-oidc';
    this.cookieOptions = { httpOnly: true, secure, sameSite: 'lax', path: '/' };
  }

  @Get()
  async start(@Query('returnTo') returnTo: unknown, @Res() res: Response): Promise<void> {
    this.requireEnabled();
    try {
      const { redirectUrl, pending, expiresAt } = await this.oidc.begin(consoleReturnPath(returnTo));
      res.cookie(this.cookieName, pending, {
        ...this.cookieOptions,
        maxAge: Math.max(0, expiresAt.getTime() - Date.now()),
      });
      res.redirect(303, redirectUrl);
    } catch (error) {
      await this.refuse(res, error);
    }
  }

  // The path is OIDC_CALLBACK_PATH: the redirect URI registered with the provider.
  @Get(OIDC_CALLBACK_PATH.slice('/console/sign-in/oidc/'.length))
  async callback(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.requireEnabled();
    const pending = (req.cookies as Record<string, unknown> | undefined)?.[this.cookieName];
    res.clearCookie(this.cookieName, this.cookieOptions);
    res.set('Referrer-Policy', 'no-referrer');
    let subject: string | undefined;
    try {
      const identity = await this.oidc.finish(
        req.originalUrl,
        typeof pending === 'string' ? pending : undefined,
      );
      subject = identity.subject;
      const users = await this.oidc.usersFor(identity);
      if (users.length > 1) {
        await this.recordFailure('several-partnerships', { subject, users: users.length });
        return this.pages.send(
          res,
          'problem',
          { kind: 'sign-in-refused', detail: SEVERAL_PARTNERSHIPS },
          409,
        );
      }
      // Always a new session (never one the browser brought: session fixation).
      const session = await this.sessions.startSession(users[0].id, 'OIDC');
      this.sessionCookie.set(res, session);
      res.redirect(303, consoleReturnPath(identity.returnTo ?? undefined));
    } catch (error) {
      await this.refuse(res, error, subject);
    }
  }

  private requireEnabled(): void {
    if (!this.oidc.enabled) throw new NotFoundException('OpenID Connect sign-in is not configured');
  }

  /** An `OidcRefused` as the page saying why, audited; anything else goes to the console's error page. */
  private async refuse(res: Response, error: unknown, subject?: string): Promise<void> {
    if (!(error instanceof OidcRefused)) throw error;
    // A provider's own error can quote the account (Entra's AADSTS50020 does): addresses are taken out.
    const detail = DETAIL_RECORDED.has(error.reason)
      ? error.detail?.replace(/[^\s'"<>()@]+@[^\s'"<>()@]+/g, '[address]')
      : undefined;
    this.log.warn(`OpenID Connect sign-in refused: ${error.reason}${detail ? ` (${detail})` : ''}`);
    await this.recordFailure(error.reason, { subject, detail });
    this.pages.send(
      res,
      'problem',
      { kind: 'sign-in-refused', detail: error.message },
      REFUSAL_STATUS[error.reason],
    );
  }

  /** `console.sign-in.failed`, with the provider's id for the person when known; never an email address. */
  private async recordFailure(
    reason: OidcRefusalReason | 'several-partnerships',
    extra: { subject?: string; detail?: string; users?: number },
  ): Promise<void> {
    await this.audit.record({
      partnershipId: null,
      actor: { type: 'SYSTEM' },
      event: 'console.sign-in.failed',
      entityType: 'OidcSignInAttempt',
      entityId: extra.subject ?? 'unknown',
      channel: 'console',
      after: { method: 'OIDC', reason, ...extra },
    });
  }
}
