import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { CommonException } from '@vt/common';
import type { Request } from 'express';
import { from, mergeMap, Observable } from 'rxjs';
import { RequestLogService } from './request-log.service';

/** Nest keeps a handler's @HttpCode under this metadata key. */
const HTTP_CODE_METADATA = '__httpCode__';

/**
 * Writes a successful request's log entry (started by the guard, completed by the handler) before
 * the answer leaves: a success that cannot be logged becomes 503, so nothing is answered unlogged.
 * Error answers are logged by `RequestLogExceptionFilter`.
 */
@Injectable()
export class RequestLogInterceptor implements NestInterceptor {
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
    );
  }
}
