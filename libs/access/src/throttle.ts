import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { PUBLIC_KEY } from './caller';
import { bearerToken, hashToken } from './tokens';

/** Named throttlers: `api` for token holders, `public` (stricter) for lead pages and webhooks. */
export const API_THROTTLER = 'api';
export const PUBLIC_THROTTLER = 'public';

/** Whether the route is `@Public()`: those get the `public` limit, the rest the `api` limit. */
export function isPublicRoute(context: ExecutionContext): boolean {
  return [context.getHandler(), context.getClass()].some(
    (target) => Reflect.getMetadata(PUBLIC_KEY, target) === true,
  );
}

/** Rate limits per bearer token (its hash, never the token) when there is one, else per client IP. */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const headers = req.headers as Record<string, string | undefined>;
    const token = bearerToken(headers.authorization);
    return token ? `token:${hashToken(token)}` : `ip:${String(req.ip)}`;
  }

  /** One count per tracker across every route (the library's default counts each route apart). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }
}
