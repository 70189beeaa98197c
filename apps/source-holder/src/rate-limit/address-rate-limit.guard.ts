import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { addressKey, isRateLimited } from '@vt/common';
import type { Request, Response } from 'express';
import { RateLimiterService } from './rate-limiter.service';

/** Global, so before any token is verified: floods of bad tokens are limited too. */
@Injectable()
export class AddressRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiterService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    if (!isRateLimited(req)) return true;
    const refusal = await this.limiter.refusal(req, http.getResponse<Response>(), 'address', addressKey(req.ip));
    if (refusal) throw refusal;
    return true;
  }
}
