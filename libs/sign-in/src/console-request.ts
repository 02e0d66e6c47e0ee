import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { CallerRequest } from '@waymark/access';
import { SignedInSession } from './console-sessions';

/** A console request: the session middleware sets both when the cookie names a live session. */
export interface ConsoleRequest extends Request, CallerRequest {
  consoleSession?: SignedInSession;
}

/** The console session of a signed-in route: `@CurrentSession() session: SignedInSession`. */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): SignedInSession => {
  const session = ctx.switchToHttp().getRequest<ConsoleRequest>().consoleSession;
  if (!session) throw new Error('CurrentSession used on a route without a console session');
  return session;
});
