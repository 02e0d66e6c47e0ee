import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { ConsoleRequest } from './console-request';

/** The name of the hidden field every console form carries (`{% include "console/csrf.njk" %}`). */
export const CSRF_FIELD = '_csrf';

/** A form without its session's token: refused with a page that says so, not a generic 403. */
export class CsrfRefused extends ForbiddenException {
  constructor() {
    super('The form did not carry this session’s security token');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchronizer-token CSRF protection for the console: a signed-in request that changes anything must carry the
 * session's token, from the form's hidden field (or, for a multipart form, whose body the guard cannot read
 * before the upload is parsed, the form action's `?_csrf=`). Runs after the AccessGuard, on console controllers.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    if (SAFE_METHODS.has(req.method) || !req.consoleSession) return true;
    const body = req.body as Record<string, unknown> | undefined;
    const sent = body?.[CSRF_FIELD] ?? req.query[CSRF_FIELD];
    if (typeof sent === 'string' && sameSecret(sent, req.consoleSession.csrfToken)) return true;
    throw new CsrfRefused();
  }
}

function sameSecret(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
