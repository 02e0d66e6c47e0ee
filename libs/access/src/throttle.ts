import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { WaymarkConfig } from '@waymark/config';
import { AccessService } from './access.service';
import { CallerRequest, PUBLIC_KEY } from './caller';
import { bearerToken, hashToken } from './tokens';

/**
 * Named throttlers: `api` for the admin API, `public` (stricter) for the secure-link pages, `inbound` for the
 * inbound mail webhook (a mail provider posts every reply from a few addresses).
 */
export const API_THROTTLER = 'api';
export const PUBLIC_THROTTLER = 'public';
export const INBOUND_THROTTLER = 'inbound';

const INBOUND_KEY = 'waymark:inbound-limit';
/** The route takes inbound mail: limited by INBOUND_THROTTLER, not the public limit. */
export const InboundLimit = () => SetMetadata(INBOUND_KEY, true);

const marked = (key: string) => (context: ExecutionContext) =>
  [context.getHandler(), context.getClass()].some((target) => Reflect.getMetadata(key, target) === true);

/** Whether the route is `@Public()`: those get the `public` limit (or `inbound`), the rest the `api` limit. */
export const isPublicRoute = marked(PUBLIC_KEY);
const isInboundRoute = marked(INBOUND_KEY);

/** The three limits, each per minute, each applying to its own routes only (counted in RateLimitStore). */
export function throttlers(config: WaymarkConfig): ThrottlerOptions[] {
  return [
    {
      name: API_THROTTLER,
      ttl: 60_000,
      limit: config.RATE_LIMIT_API_PER_MINUTE,
      skipIf: isPublicRoute,
    },
    {
      name: PUBLIC_THROTTLER,
      ttl: 60_000,
      limit: config.RATE_LIMIT_PUBLIC_PER_MINUTE,
      skipIf: (context) => !isPublicRoute(context) || isInboundRoute(context),
    },
    {
      name: INBOUND_THROTTLER,
      ttl: 60_000,
      limit: config.RATE_LIMIT_MAIL_PER_MINUTE,
      skipIf: (context) => !isInboundRoute(context),
    },
  ];
}

/**
 * Rate limits per API token once it has authenticated (by its hash, never the token), per user on a signed-in
 * console page (its session middleware ran before the guards), else per client
 * address (as `TRUST_PROXY` lets Express read it): an invented Bearer header, or any header on a public
 * page, never gets a bucket of its own. The caller it authenticates is kept on the request, so the
 * AccessGuard does not look the token up again.
 */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly access: AccessService,
  ) {
    super(options, storage, reflector);
  }

  // The library passes the context too (its type declares only the request).
  protected override async getTracker(
    req: Record<string, unknown>,
    context?: ExecutionContext,
  ): Promise<string> {
    const address = `ip:${String(req.ip)}`;
    if (!context || isPublicRoute(context)) return address;
    // A console page: its session middleware has identified the user already.
    const signedIn = (req as CallerRequest).caller;
    if (signedIn) return `user:${signedIn.userId}`;
    const headers = req.headers as Record<string, string | undefined>;
    const token = bearerToken(headers.authorization);
    const caller = token ? await this.access.authenticate(token) : null;
    if (!token || !caller) return address;
    (req as CallerRequest).caller = caller;
    return `token:${hashToken(token)}`;
  }

  /** One count per tracker across every route (the library's default counts each route apart). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }
}
