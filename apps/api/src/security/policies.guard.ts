import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessException, defineAbilityFor } from '@vt/access';
import { AuditService } from '@vt/audit';
import type { Request } from 'express';
import { AUDIT_KEY, AuditSpec, Policy, POLICY_KEY } from './decorators';

/** Endpoint-level CASL check; finer checks on the record itself happen in the services (404). */
@Injectable()
export class PoliciesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.get<Policy | undefined>(POLICY_KEY, context.getHandler());
    const req = context.switchToHttp().getRequest<Request>();
    if (!policy || !req.principal) return true;
    if (defineAbilityFor(req.principal).can(policy.action, policy.subject)) return true;
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_KEY, context.getHandler());
    await this.audit.record({
      action: spec?.action ?? 'denied',
      subjectType: policy.subject,
      subjectId: spec?.idParam ? String(req.params[spec.idParam] ?? '') || null : null,
      outcome: 'denied',
      actorUserId: req.principal.userId,
      actorOrganisationId: req.principal.organisationId,
      actorRoles: req.principal.roles,
      requestId: req.requestId,
      clientAddress: req.ip ?? null,
    });
    throw AccessException.forbidden();
  }
}
