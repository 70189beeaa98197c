import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessException } from '@vt/access';
import type { Request } from 'express';
import { reachOf } from './actor';
import { AUDIT_KEY, AuditSpec, Policy, POLICY_KEY } from './decorators';
import { RequestAuditService } from './request-audit.service';

/** Endpoint-level CASL check; finer checks on the record itself happen in the services (404). */
@Injectable()
export class PoliciesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly requestAudit: RequestAuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.get<Policy | undefined>(POLICY_KEY, context.getHandler());
    const req = context.switchToHttp().getRequest<Request>();
    if (!policy || !req.principal) return true;
    // The ability of the request's case reach: made once a request, for this check and every query after it.
    if (reachOf(req).ability.can(policy.action, policy.subject)) return true;
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_KEY, context.getHandler());
    await this.requestAudit.record(req, spec, 'denied', { subjectType: policy.subject });
    throw AccessException.forbidden();
  }
}
