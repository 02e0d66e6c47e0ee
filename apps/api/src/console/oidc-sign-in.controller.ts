import { createHmac, timingSafeEqual } from 'node:crypto';
import { Body, Get, Inject, Logger, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import type { CookieOptions, Response } from 'express';
import { Public } from '@waymark/access';
import { AuditLog } from '@waymark/audit';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import {
  ConsoleRequest,
  ConsoleSessions,
  OIDC_CALLBACK_PATH,
  OIDC_REFUSAL_MESSAGES,
  OidcRefusalReason,
  OidcRefused,
  OidcSignIn,
  SessionCookie,
  consoleReturnPath,
} from '@waymark/sign-in';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';
import { ROLE_NAMES } from './navigation';

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

/** How long the choice of partnership (an address held by users in several partnerships) stays open. */
const CHOICE_MINUTES = 5;

/** The users a sign-in may become, and where it goes next: kept in a signed, HTTP-only cookie. */
interface PartnershipChoice {
  userIds: string[];
  returnTo: string;
  expiresAt: number;
}

/**
 * Signing in with the council's account (OpenID Connect, `OidcSignIn`): the start sends the browser to the
 * provider with the attempt's key in a short-lived cookie; the callback checks what the provider sends back
 * against it, and starts a fresh console session for the Waymark user with the verified email (asking which
 * partnership first when several users have it). Public
 * (there is no session yet), so the public rate limit applies. Answers 404 where OIDC is not configured.
 */
@Public()
@ConsoleController('sign-in/oidc')
export class OidcSignInController {
  private readonly log = new Logger(OidcSignInController.name);
  /** The pending sign-in's cookie: as the session cookie (HTTP-only, SameSite=Lax, `__Host-` over https). */
  private readonly cookieName: string;
  /** The choice of partnership's cookie: the same options, lasting CHOICE_MINUTES. */
  private readonly choiceCookieName: string;
  private readonly cookieOptions: CookieOptions;
  private readonly secret: string;

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
    this.choiceCookieName = secure ? '__Host-waymark-oidc-choice' : 'waymark-oidc-choice';
    this.secret = config.LINK_SECRET;
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
      const returnTo = consoleReturnPath(identity.returnTo ?? undefined);
      if (users.length > 1) {
        // Which partnership: the users it may be are kept in a signed cookie, never taken from the form.
        const expiresAt = Date.now() + CHOICE_MINUTES * 60_000;
        const choice = { userIds: users.map((u) => u.id), returnTo, expiresAt };
        res.cookie(this.choiceCookieName, this.sign(choice), {
          ...this.cookieOptions,
          maxAge: CHOICE_MINUTES * 60_000,
        });
        const choices = users.map((user, index) => ({
          value: user.id,
          text: user.partnershipName,
          hint: { text: ROLE_NAMES[user.role] },
          checked: index === 0,
        }));
        return this.pages.send(res, 'sign-in-choose', { choices, minutes: CHOICE_MINUTES });
      }
      // Always a new session (never one the browser brought: session fixation).
      const session = await this.sessions.startSession(users[0].id, 'OIDC');
      this.sessionCookie.set(res, session);
      res.redirect(303, returnTo);
    } catch (error) {
      await this.refuse(res, error, subject);
    }
  }

  /**
   * The partnership chosen after a sign-in that matched users in several: only one of the users the signed
   * cookie names (a cross-site form cannot send that SameSite=Lax cookie, and no other site can set it).
   */
  @Post('choose')
  async choose(
    @Body() body: Record<string, unknown>,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    this.requireEnabled();
    const choice = this.verify((req.cookies as Record<string, unknown> | undefined)?.[this.choiceCookieName]);
    res.clearCookie(this.choiceCookieName, this.cookieOptions);
    const userId = typeof body.userId === 'string' ? body.userId : '';
    if (!choice || !choice.userIds.includes(userId)) {
      await this.recordFailure('choice-refused', {});
      return this.pages.send(
        res,
        'problem',
        { kind: 'sign-in-refused', detail: OIDC_REFUSAL_MESSAGES.expired },
        400,
      );
    }
    const session = await this.sessions.startSession(userId, 'OIDC');
    this.sessionCookie.set(res, session);
    res.redirect(303, choice.returnTo);
  }

  private sign(choice: PartnershipChoice): string {
    const payload = Buffer.from(JSON.stringify(choice)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The choice the cookie carries, if its signature is ours and it has not expired; otherwise null. */
  private verify(value: unknown): PartnershipChoice | null {
    if (typeof value !== 'string') return null;
    const [payload, mac] = value.split('.');
    if (!payload || !mac) return null;
    const expected = Buffer.from(this.mac(payload));
    const sent = Buffer.from(mac);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return null;
    const choice = JSON.parse(Buffer.from(payload, 'base64url').toString()) as PartnershipChoice;
    return choice.expiresAt > Date.now() ? choice : null;
  }

  private mac(payload: string): string {
    // Domain-separated from the secret's other uses (leads' links, workbooks).
    return createHmac('sha256', this.secret).update(`console-oidc-choice:${payload}`).digest('base64url');
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
    reason: OidcRefusalReason | 'choice-refused',
    extra: { subject?: string; detail?: string },
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
