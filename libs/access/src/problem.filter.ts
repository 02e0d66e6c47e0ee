import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '@waymark/db';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem detail. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
  /** Extension members: what else the error carries, e.g. a refused import's report. */
  [extension: string]: unknown;
}

interface HttpResponse {
  headersSent: boolean;
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  send(body: string): void;
}

/**
 * Every error under /api answers `application/problem+json` (RFC 9457); unknown errors are 500
 * without internals. Other paths (lead pages render their own HTML) keep Nest's default handling.
 */
@Catch()
export class ProblemFilter extends BaseExceptionFilter {
  private readonly log = new Logger(ProblemFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<{ originalUrl: string }>();
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (!request.originalUrl.startsWith('/api/')) return super.catch(exception, host);
    if (response.headersSent) return;
    const problem = toProblem(exception);
    if (problem.status >= 500)
      this.log.error(exception instanceof Error ? exception.stack : String(exception));
    problem.instance = request.originalUrl.split('?')[0];
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

export function toProblem(exception: unknown): Problem {
  if (exception instanceof ZodValidationException) {
    const error = exception.getZodError() as ZodError;
    return {
      ...base(HttpStatus.BAD_REQUEST),
      detail: 'The request is not valid',
      errors: error.issues.map((issue) => ({
        field: issue.path.join('.') || '(body)',
        message: issue.message,
      })),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const problem: Problem = base(status);
    if (typeof body === 'string') problem.detail = body;
    else {
      const { message, errors } = body as Record<string, unknown>;
      for (const [key, value] of Object.entries(body)) if (!NEST_KEYS.has(key)) problem[key] = value;
      if (typeof message === 'string') problem.detail = message;
      else if (Array.isArray(message)) problem.detail = message.join('; ');
      const fields = fieldProblems(errors);
      if (fields) problem.errors = fields;
    }
    return problem;
  }
  if (isClientError(exception)) return { ...base(exception.status), detail: exception.message };
  if (isDatabaseUnavailable(exception))
    return {
      ...base(HttpStatus.SERVICE_UNAVAILABLE),
      detail: 'The database is unavailable; try again in a minute',
    };
  return { ...base(HttpStatus.INTERNAL_SERVER_ERROR), detail: 'Something went wrong; it has been logged' };
}

/**
 * An error Express's body parsers raise (http-errors) for the client's request: a body over the limit (413),
 * a charset they cannot read (415). Its message is meant for the client (`expose`).
 */
function isClientError(exception: unknown): exception is Error & { status: number } {
  if (!(exception instanceof Error)) return false;
  const { status, expose } = exception as Error & { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

/** Keys of Nest's error bodies that the problem says otherwise; any other key is kept as an extension. */
const NEST_KEYS = new Set(['message', 'errors', 'statusCode', 'error']);

function base(status: number): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status };
}

/** Services raise field errors as `{ message, errors: [{ field, message }] }`. */
function fieldProblems(value: unknown): FieldProblem[] | undefined {
  return Array.isArray(value) ? (value as FieldProblem[]) : undefined;
}
