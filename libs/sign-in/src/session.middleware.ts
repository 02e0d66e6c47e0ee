import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { ConsoleRequest } from './console-request';
import { ConsoleSessions } from './console-sessions';
import { SessionCookie } from './session-cookie';

/**
 * On console routes, before the guards: a live session's user becomes `request.caller`, the same identity their
 * API token gives, so the AccessGuard's roles and `@Owns` partnership checks apply unchanged. No session: no
 * caller, and the AccessGuard refuses every page but the public sign-in ones (the console filter turns that
 * into a redirect to sign in). A cookie naming no live session is cleared.
 */
@Injectable()
export class ConsoleSessionMiddleware implements NestMiddleware {
  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly cookie: SessionCookie,
  ) {}

  async use(req: ConsoleRequest, res: Response, next: NextFunction): Promise<void> {
    const token = this.cookie.read(req);
    const session = token ? await this.sessions.authenticate(token) : null;
    if (session) {
      req.consoleSession = session;
      req.caller = session.caller;
    } else if (token) this.cookie.clear(res);
    next();
  }
}
