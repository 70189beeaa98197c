import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { RateLimiterService } from './rate-limiter.service';

/**
 * Limits per requesting organisation, which only the verified hub token names. The protocol guard
 * is the controllers' own, and every guard runs before any interceptor, so this is the first place
 * that knows it; the handler has not run yet.
 */
@Injectable()
export class OrganisationRateLimitInterceptor implements NestInterceptor {
  constructor(private readonly limiter: RateLimiterService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    if (!req.hub) return next.handle();
    return from(this.limiter.refusal(req, http.getResponse<Response>(), 'organisation', req.hub.organisation)).pipe(
      switchMap((refusal) => {
        if (refusal) throw refusal;
        return next.handle();
      }),
    );
  }
}
