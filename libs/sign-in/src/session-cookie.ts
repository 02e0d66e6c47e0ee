import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { IssuedSession } from './console-sessions';

/**
 * The console's session cookie: HTTP-only, SameSite=Lax, path /, no domain. Over https (PUBLIC_BASE_URL) it
 * is Secure and named with the `__Host-` prefix, which browsers accept only so (never sent over http, never
 * set by a sub-domain); a local plain-http run has neither, or the browser would drop it.
 */
@Injectable()
export class SessionCookie {
  readonly name: string;
  private readonly options: CookieOptions;

  constructor(@Inject(WAYMARK_CONFIG) config: WaymarkConfig) {
    const secure = config.PUBLIC_BASE_URL.startsWith('https:');
    this.name = secure ? '__Host-waymark-console' : 'waymark-console';
    this.options = { httpOnly: true, secure, sameSite: 'lax', path: '/' };
  }

  /** Sets the cookie of a session just started (OIDC callback, email link): it lasts as long as the session may. */
  set(res: Response, session: IssuedSession): void {
    res.cookie(this.name, session.token, { ...this.options, expires: session.expiresAt });
  }

  clear(res: Response): void {
    res.clearCookie(this.name, this.options);
  }

  /** The session secret the request carries (cookie-parser has read the header), or undefined. */
  read(req: Request): string | undefined {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[this.name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
}
