import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role } from '@waymark/db';
import { AccessService } from './access.service';
import { CallerRequest, PUBLIC_KEY, ROLES_KEY, WRITERS } from './caller';
import { OWNS_KEY, OwnedRef, Scope } from './scope';
import { bearerToken } from './tokens';

interface HttpRequest extends CallerRequest, Partial<Record<OwnedRef['in'], unknown>> {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Global guard (APP_GUARD): every route needs a valid bearer token unless marked `@Public()`.
 * Roles: `@Roles(...)` when given; otherwise reads (GET/HEAD) are open to every role and writes
 * to ADMIN and COORDINATOR, so board viewers read only. Then `@Owns(...)`: records the request
 * names must be the caller's partnership's, else 404.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
    private readonly scope: Scope,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const header = request.headers.authorization;
    const token = bearerToken(typeof header === 'string' ? header : undefined);
    // The rate limiter authenticates the token first (it keys by token only once it has), and keeps the caller.
    const caller = request.caller ?? (token ? await this.access.authenticate(token) : null);
    if (!caller) throw new UnauthorizedException('A valid bearer token is required');
    request.caller = caller;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed(caller.role, request.method, roles))
      throw new ForbiddenException(`The ${caller.role} role may not do this`);
    const owns = this.reflector.get<OwnedRef[] | undefined>(OWNS_KEY, context.getHandler());
    if (owns) await this.scope.check(caller, owns, request);
    return true;
  }
}

export function allowed(role: Role, method: string, roles: Role[] | undefined): boolean {
  if (roles) return roles.includes(role);
  return method === 'GET' || method === 'HEAD' || WRITERS.includes(role);
}
