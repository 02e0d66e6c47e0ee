import {
  ArgumentsHost,
  CanActivate,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  HttpException,
  Injectable,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '@waymark/db';
import { UpdateRequestsService } from '@waymark/update-requests';
import { LeadPages } from './lead-pages';

/** A secure link that is unknown (404) or no longer works (410), found before the request's body is read. */
export class LinkNotOpen extends HttpException {
  constructor(readonly kind: 'unknown' | 'expired') {
    super(kind === 'unknown' ? 'No such link' : 'This link no longer works', kind === 'unknown' ? 404 : 410);
  }
}

/**
 * Checks a secure link (`:token`) before anything reads the request's body: guards run before interceptors,
 * so the multipart parser (multer) never starts on a link that does not work, and a stranger cannot make
 * Waymark read megabytes for a made-up token. Each kind of link gives its own look-up. While the database is
 * unreachable no link can be checked, and none lets anything be recorded: the request goes on to its page.
 */
export abstract class LinkGuard implements CanActivate {
  protected abstract lookUp(token: string): Promise<{ kind: 'open' | 'unknown' | 'expired' }>;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { token } = context.switchToHttp().getRequest<Request>().params;
    try {
      const found = await this.lookUp(String(token ?? ''));
      if (found.kind !== 'open') throw new LinkNotOpen(found.kind);
    } catch (error) {
      // The database unreachable: the body is read (within the upload limits) so that the page can give the
      // lead back what they typed with "try again in a minute" (LeadPagesFilter); nothing is recorded.
      if (!isDatabaseUnavailable(error)) throw error;
    }
    return true;
  }
}

/** A lead's link (`/u/:token`). */
@Injectable()
export class OpenLinkGuard extends LinkGuard {
  constructor(private readonly requests: UpdateRequestsService) {
    super();
  }

  protected lookUp(token: string) {
    return this.requests.lookUp(token);
  }
}

/**
 * The friendly link-problem page for a link the guard refused, sent at once: the connection is closed after
 * it, so the body the client is still sending is never read.
 */
@Catch(LinkNotOpen)
export class LinkNotOpenFilter implements ExceptionFilter {
  constructor(private readonly pages: LeadPages) {}

  catch(exception: LinkNotOpen, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.set('Connection', 'close');
    this.pages.linkProblem(res, exception.kind);
  }
}
