import { Injectable, NestMiddleware } from '@nestjs/common';
import { runInRequestContext } from './request-context';

/**
 * Runs each request in its own context (after body parsing, so the context is not lost in the body's
 * stream), where the AccessGuard records the caller and `AuditLog.record` finds it.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(_request: unknown, _response: unknown, next: () => void): void {
    runInRequestContext(next);
  }
}
