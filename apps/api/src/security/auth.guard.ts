import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessException, AuthService } from '@vt/access';
import type { Request } from 'express';
import { PUBLIC_KEY } from './decorators';
import { RequestAuditService } from './request-audit.service';

/** Authenticates every request unless marked @Public; a refused token is audited as denied. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly requestAudit: RequestAuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    try {
      if (!match) throw AccessException.unauthenticated();
      req.principal = await this.auth.authenticate(match[1]);
      return true;
    } catch (error) {
      await this.requestAudit.record(req, undefined, 'denied', {
        purpose: match ? 'invalid_token' : 'missing_token',
      });
      throw error;
    }
  }
}
