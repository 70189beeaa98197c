import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { CommonException, HttpExceptionFilter, isDatabaseUnavailable } from '@vt/common';
import type { Request } from 'express';
import { startRequestLog } from '../auth/protocol.guard';
import { RequestLogService } from './request-log.service';

const ANSWER_CLASS_BY_STATUS: Record<number, string> = {
  400: 'ONGELDIG_VERZOEK',
  401: 'NIET_GEAUTHENTICEERD',
  404: 'NIET_GEVONDEN',
  409: 'CONFLICT',
  413: 'TE_GROOT',
  503: 'ONBESCHIKBAAR',
};

/** Operations endpoints: probed every few seconds, and never about a person. */
const UNLOGGED = /^\/(health\/|metrics$)/;

/**
 * Every error answer of the source holder passes here, also those no guard or handler saw:
 * malformed JSON (400), a body over the limit (413) and unknown routes (404). Each gets its
 * request-log row before it leaves; when that write fails the caller gets 503 instead, as for a
 * success. An unreachable database answers 503, not 500.
 */
@Catch()
export class RequestLogExceptionFilter extends HttpExceptionFilter {
  constructor(
    statusByCode: Readonly<Record<string, number>>,
    private readonly log: RequestLogService,
    /** What an unreachable database answers: in custody mode the register is unavailable. */
    private readonly unavailable: () => Error,
  ) {
    super(statusByCode);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const error = isDatabaseUnavailable(exception) ? this.unavailable() : exception;
    if (UNLOGGED.test(req.path)) return super.catch(error, host);
    void this.logged(req, error).then((answer) => super.catch(answer, host));
  }

  /** The error to answer with: the original once its row is committed, else a 503. */
  private async logged(req: Request, error: unknown): Promise<unknown> {
    const draft = req.requestLog ?? startRequestLog(req);
    if (draft.written) return error;
    const status = this.toBody(error, '').statusCode;
    draft.answerClass ??= ANSWER_CLASS_BY_STATUS[status] ?? 'FOUT';
    if (!req.route) draft.denialReason ??= unroutedReason(error, status);
    try {
      await this.log.write(draft, status);
      return error;
    } catch {
      // A 503 says nothing either way, so the more precise one stands.
      if (status === 503) return error;
      return new CommonException('common.unavailable', 'Verzoeklog niet beschikbaar / request log unavailable');
    }
  }
}

/** Why a request was answered before any route took it: its body, or no such route. */
function unroutedReason(error: unknown, status: number): string {
  if (status === 404) return 'route';
  if (status === 413) return 'te_groot';
  if (error instanceof HttpException && error.cause instanceof SyntaxError) return 'body';
  return `http_${status}`;
}
