import { Injectable } from '@nestjs/common';
import { AuditOutcome, AuditService } from '@vt/audit';
import { CaseQueryService } from '@vt/cases';
import { isCanonicalUuid } from '@vt/common';
import type { Request } from 'express';
import type { AuditSpec } from './decorators';

/** A route parameter that is an id; anything else (refused with 400) is never recorded as typed. */
function idParam(req: Request, name: string | undefined): string | null {
  const value: unknown = name ? req.params[name] : undefined;
  return isCanonicalUuid(value) ? value : null;
}

/**
 * The one way an HTTP request is written to the audit log, whichever layer ends it (input guard,
 * policy guard, handler): the same subject, case and owning organisation every time, so the
 * case's privacy officer sees a refusal as well as a read.
 */
@Injectable()
export class RequestAuditService {
  constructor(
    private readonly audit: AuditService,
    private readonly cases: CaseQueryService,
  ) {}

  async record(
    req: Request,
    spec: AuditSpec | undefined,
    outcome: AuditOutcome,
    overrides: { subjectType?: string; purpose?: string } = {},
  ): Promise<void> {
    const principal = req.principal;
    const caseId = idParam(req, spec?.caseParam);
    await this.audit.record({
      action: spec?.action ?? 'denied',
      subjectType: overrides.subjectType ?? spec?.subjectType ?? 'Request',
      // Without a spec the route pattern names what was asked, never the path as typed.
      subjectId: spec
        ? idParam(req, spec.idParam)
        : `${req.method} ${req.route ? String(req.route.path) : 'unmatched'}`,
      subjectOrganisationId:
        (caseId ? await this.cases.receivingOrganisationOf(caseId) : null) ??
        idParam(req, 'orgId') ??
        principal?.organisationId ??
        null,
      caseId,
      outcome,
      purpose: overrides.purpose ?? null,
      actorUserId: principal?.userId ?? null,
      actorOrganisationId: principal?.organisationId ?? null,
      actorRoles: principal?.roles ?? [],
      requestId: req.requestId,
      clientAddress: req.ip ?? null,
    });
  }
}
