import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { CommonException, HttpExceptionFilter } from '@vt/common';
import type { Request } from 'express';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { isDatabaseUnavailable } from '../database-unavailable';
import { SOURCE_HOLDER_ERROR_STATUS } from '../error-status';
import { RequestLogService } from './request-log.service';

const ANSWER_CLASS_BY_STATUS: Record<number, string> = {
  400: 'ONGELDIG_VERZOEK',
  404: 'NIET_GEVONDEN',
  409: 'CONFLICT',
  503: 'ONBESCHIKBAAR',
};

/** Nest keeps a handler's @HttpCode under this metadata key. */
const HTTP_CODE_METADATA = '__httpCode__';

/**
 * Writes the request's log entry (started by the guard, completed by the handler) before the
 * answer leaves: a success that cannot be logged becomes 503, so nothing is answered unlogged.
 * Failures after the guard (invalid body, unknown id, register down) are logged with their status;
 * an unreachable database answers 503, not 500.
 */
@Injectable()
export class RequestLogInterceptor implements NestInterceptor {
  private readonly statusOf = new HttpExceptionFilter(SOURCE_HOLDER_ERROR_STATUS);

  constructor(private readonly log: RequestLogService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const draft = req.requestLog;
    if (!draft) return next.handle();
    const success = (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? 200;
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          (async () => {
            if (!draft.written) {
              try {
                await this.log.write(draft, success);
              } catch {
                throw new CommonException(
                  'common.unavailable',
                  'Verzoeklog niet beschikbaar / request log unavailable',
                );
              }
            }
            return result;
          })(),
        ),
      ),
      catchError((caught: unknown) =>
        from(
          (async () => {
            const error = isDatabaseUnavailable(caught)
              ? new CommonException('common.unavailable', 'Tijdelijk niet beschikbaar / temporarily unavailable')
              : caught;
            if (!draft.written) {
              const status = this.statusOf.toBody(error, '').statusCode;
              draft.answerClass ??= ANSWER_CLASS_BY_STATUS[status] ?? 'FOUT';
              // Best effort: the original failure is what the caller needs to see.
              await this.log.write(draft, status).catch(() => undefined);
            }
            throw error;
          })(),
        ),
      ),
    );
  }
}
