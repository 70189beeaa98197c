import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { addressKey, isRateLimited, throttled } from '@vt/common';
import type { Request, Response } from 'express';
import { AUDIT_KEY, AuditSpec } from './decorators';
import { RateLimiterService, RateLimitKind } from './rate-limiter.service';
import { RequestAuditService } from './request-audit.service';

/**
 * Refuses a request over its limit with 429 and `Retry-After`, audited as denied with purpose
 * `throttled`: under the caller's name once known (as the input guard does), else as a refused
 * token is.
 */
@Injectable()
abstract class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiterService,
    private readonly requestAudit: RequestAuditService,
  ) {}

  protected abstract readonly kind: RateLimitKind;

  /** Whom the request counts against; null when this limit does not apply to it. */
  protected abstract who(req: Request): string | null;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const who = isRateLimited(req) ? this.who(req) : null;
    if (who === null) return true;
    const seconds = await this.limiter.wait(this.kind, who);
    if (seconds === null) return true;
    const spec = req.principal ? this.reflector.get<AuditSpec | undefined>(AUDIT_KEY, context.getHandler()) : undefined;
    await this.requestAudit.record(req, spec, 'denied', { purpose: 'throttled' });
    throw throttled(context.switchToHttp().getResponse<Response>(), seconds);
  }
}

/** First of all guards, so floods without a (valid) token are limited too. */
@Injectable()
export class AddressRateLimitGuard extends RateLimitGuard {
  protected readonly kind = 'address';

  protected who(req: Request): string {
    return addressKey(req.ip);
  }
}

/** Right after authentication: each user has their own allowance, whoever shares their address. */
@Injectable()
export class UserRateLimitGuard extends RateLimitGuard {
  protected readonly kind = 'user';

  protected who(req: Request): string | null {
    return req.principal?.userId ?? null;
  }
}
