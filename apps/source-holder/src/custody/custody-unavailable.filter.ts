import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import { CommonException, isDatabaseUnavailable } from '@vt/common';
import type { Request, Response } from 'express';
import { startRequestLog } from '../auth/protocol.guard';
import { SOURCE_HOLDER_ERROR_STATUS } from '../error-status';
import { RequestLogExceptionFilter } from '../request-log/request-log.filter';
import { RequestLogService } from '../request-log/request-log.service';
import { SourceHolderException } from '../source-holder.exception';

/** The published 503 body of the BRP API Gezag: a JSON string. */
export const GEZAG_UNAVAILABLE_TEXT = 'Gegevensbron niet beschikbaar';

function isUnavailable(error: unknown): boolean {
  return (
    isDatabaseUnavailable(error) ||
    (error instanceof SourceHolderException && error.code === 'source_holder.register_unavailable') ||
    (error instanceof CommonException && error.code === 'common.unavailable')
  );
}

/**
 * The custody route's errors: a 503 answers as the BRP API Gezag publishes it (`application/json`,
 * a string), logged like every answer; every other error goes the source holder's usual way.
 */
@Catch()
@Injectable()
export class CustodyUnavailableFilter implements ExceptionFilter {
  private readonly others: RequestLogExceptionFilter;

  constructor(private readonly log: RequestLogService) {
    this.others = new RequestLogExceptionFilter(SOURCE_HOLDER_ERROR_STATUS, log, () =>
      SourceHolderException.registerUnavailable(),
    );
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (!isUnavailable(exception)) return this.others.catch(exception, host);
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    void this.logged(req).then(() => {
      res.status(503).type('application/json').send(JSON.stringify(GEZAG_UNAVAILABLE_TEXT));
    });
  }

  /** A 503 says nothing either way, so it is answered even when its row cannot be written. */
  private async logged(req: Request): Promise<void> {
    const draft = req.requestLog ?? startRequestLog(req);
    if (draft.written) return;
    draft.answerClass = 'ONBESCHIKBAAR';
    try {
      await this.log.write(draft, 503);
    } catch {
      // Nothing more to say than the 503 itself.
    }
  }
}
