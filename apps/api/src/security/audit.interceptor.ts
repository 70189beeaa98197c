import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditOutcome } from '@vt/audit';
import { DomainException } from '@vt/common';
import type { Request } from 'express';
import { catchError, from, Observable, switchMap } from 'rxjs';
import { API_ERROR_STATUS } from '../error-status';
import { AUDIT_KEY, AuditSpec } from './decorators';
import { RequestAuditService } from './request-audit.service';

function outcomeOf(error: unknown): AuditOutcome {
  const status =
    error instanceof HttpException
      ? error.getStatus()
      : error instanceof DomainException
        ? (API_ERROR_STATUS[error.code as keyof typeof API_ERROR_STATUS] ?? 500)
        : 500;
  return status === 403 || status === 404 ? 'denied' : 'failure';
}

/**
 * Audits every authenticated request, reads included. The entry is committed before the response
 * leaves; when it cannot be written the request fails instead (nothing is served unaudited).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly requestAudit: RequestAuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_KEY, context.getHandler());
    const principal = req.principal;
    if (!principal || !spec) return next.handle();
    const write = (outcome: AuditOutcome) => this.requestAudit.record(req, spec, outcome);
    return next.handle().pipe(
      switchMap((body: unknown) => (spec.inService ? [body] : from(write('success').then(() => body)))),
      catchError((error: unknown) =>
        from(
          write(outcomeOf(error)).then(() => {
            throw error;
          }),
        ),
      ),
    );
  }
}
