import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditOutcome, AuditService } from '@vt/audit';
import { CaseQueryService } from '@vt/cases';
import { DomainException } from '@vt/common';
import type { Request } from 'express';
import { catchError, from, Observable, switchMap } from 'rxjs';
import { API_ERROR_STATUS } from '../error-status';
import { AUDIT_KEY, AuditSpec } from './decorators';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route parameter for a uuid column; a malformed one (refused with 400) is not an id to record. */
function uuidParam(req: Request, name: string | undefined): string | null {
  const value = name ? (req.params[name] as string | undefined) : undefined;
  return value !== undefined && UUID.test(value) ? value : null;
}

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
    private readonly audit: AuditService,
    private readonly cases: CaseQueryService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_KEY, context.getHandler());
    const principal = req.principal;
    if (!principal || !spec) return next.handle();
    const caseId = uuidParam(req, spec.caseParam);
    const write = async (outcome: AuditOutcome) =>
      this.audit.record({
        action: spec.action,
        subjectType: spec.subjectType,
        subjectId: spec.idParam ? ((req.params[spec.idParam] as string | undefined) ?? null) : null,
        // Who read a case, or tried to, is the receiving organisation's privacy officer's business.
        subjectOrganisationId:
          (caseId ? await this.cases.receivingOrganisationOf(caseId) : null) ??
          uuidParam(req, 'orgId') ??
          principal.organisationId,
        caseId,
        outcome,
        actorUserId: principal.userId,
        actorOrganisationId: principal.organisationId,
        actorRoles: principal.roles,
        requestId: req.requestId,
        clientAddress: req.ip ?? null,
      });
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
