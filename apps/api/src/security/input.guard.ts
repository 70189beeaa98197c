import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { inputRefusal } from '@vt/common';
import type { Request } from 'express';
import { AUDIT_KEY, AuditSpec } from './decorators';
import { RequestAuditService } from './request-audit.service';

/**
 * Refuses what the edge found unstorable (canonicalInputMiddleware) once the caller is known, so
 * the refusal is audited as denied under the caller's name and nothing else is written.
 */
@Injectable()
export class InputGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly requestAudit: RequestAuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.inputProblems) return true;
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_KEY, context.getHandler());
    await this.requestAudit.record(req, spec, 'denied', { purpose: 'invalid_input' });
    throw inputRefusal(req.inputProblems);
  }
}
