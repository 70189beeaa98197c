import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isCanonicalUuid } from './canonical-input';
import { isDatabaseUnavailable } from './database-unavailable';
import { DomainException, FieldError } from './domain.exception';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details: FieldError[];
  requestId: string;
}

/**
 * RFC 9457 problem details (`application/problem+json`), as the NL API Design Rules ask: `type`
 * names the problem by its code, `instance` the occurrence by its request id. The first round's
 * members stay beside them for existing clients.
 */
export interface ProblemDetails extends ErrorBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The occurrence, by its request id (absent in the rare answer given before one was assigned). */
  instance?: string;
}

export const PROBLEM_JSON = 'application/problem+json';

/**
 * What a 503 tells the client to wait (RFC 9110 `Retry-After`): long enough for a burst to drain
 * from the connection pool or for Redis to fail over, short enough for a person at a screen.
 */
export const RETRY_AFTER_SECONDS = 5;

export function problemDetails(body: ErrorBody): ProblemDetails {
  return {
    type: `urn:vt:problem:${body.code}`,
    title: body.message,
    status: body.statusCode,
    detail: body.details.length > 0 ? body.details.map((d) => `${d.field}: ${d.message}`).join('; ') : body.message,
    ...(isCanonicalUuid(body.requestId) ? { instance: `urn:uuid:${body.requestId}` } : {}),
    ...body,
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const GENERIC_MESSAGES: Record<number, string> = {
  400: 'Ongeldig verzoek / invalid request',
  401: 'Niet ingelogd / not authenticated',
  403: 'Geen toegang / forbidden',
  404: 'Niet gevonden / not found',
  413: 'Verzoek te groot / payload too large',
  429: 'Te veel verzoeken / too many requests',
  500: 'Interne fout / internal error',
  503: 'Tijdelijk niet beschikbaar / temporarily unavailable',
};

/**
 * The one global filter: domain codes map to HTTP through `statusByCode` (an exhaustive table
 * per app); nothing internal (stack, SQL) ever reaches the body.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly statusByCode: Readonly<Record<string, number>>) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toBody(exception, req.requestId ?? 'unknown');
    if (body.statusCode >= 500) {
      this.logger.error({
        msg: 'request failed',
        requestId: body.requestId,
        code: body.code,
        error: exception instanceof Error ? `${exception.name}: ${exception.message}` : 'unknown',
      });
    }
    if (res.headersSent) return;
    if (body.statusCode === 503 && !res.hasHeader('Retry-After'))
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res
      .status(body.statusCode)
      .type(PROBLEM_JSON)
      .send(JSON.stringify(problemDetails(body)));
  }

  toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof DomainException) {
      const status = this.statusByCode[exception.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
      return {
        statusCode: status,
        error: REASONS[status] ?? 'Error',
        code: exception.code,
        message: status >= 500 ? (GENERIC_MESSAGES[status] ?? GENERIC_MESSAGES[500]) : exception.message,
        details: exception.details,
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return {
        statusCode: status,
        error: REASONS[status] ?? 'Error',
        code: `http.${status}`,
        message: GENERIC_MESSAGES[status] ?? REASONS[status] ?? 'Error',
        details: [],
        requestId,
      };
    }
    // Refused, terminated, or no pooled connection in time: the database cannot serve now, which is
    // the client's cue to retry, not an internal error.
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: 503,
        error: REASONS[503],
        code: 'common.unavailable',
        message: GENERIC_MESSAGES[503],
        details: [],
        requestId,
      };
    }
    return {
      statusCode: 500,
      error: REASONS[500],
      code: 'internal',
      message: GENERIC_MESSAGES[500],
      details: [],
      requestId,
    };
  }
}
