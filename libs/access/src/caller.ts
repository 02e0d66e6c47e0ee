import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { AuditCaller } from '@waymark/audit';
import { Role } from '@waymark/db';

/**
 * Who is calling the admin API: set by the AccessGuard from the bearer token. Controllers take it with
 * `@CurrentCaller()` and pass it to every service call that writes (the audit log names `userId`); the
 * caller's partnership is the only partnership a route works in.
 */
export interface Caller extends AuditCaller {
  partnershipId: string;
}

export const PUBLIC_KEY = 'waymark:public';
export const ROLES_KEY = 'waymark:roles';

/** The route needs no bearer token (health, docs, lead pages with their own request tokens, webhooks with their own secret). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the route. Without it, any authenticated role may read (GET) and ADMIN/COORDINATOR may write. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Readers and writers: the default for routes without `@Roles`. */
export const WRITERS: Role[] = ['ADMIN', 'COORDINATOR'];

export interface CallerRequest {
  caller?: Caller;
}

/** The authenticated caller of this request: `@CurrentCaller() caller: Caller`. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<CallerRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a public route');
  return caller;
});
