import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { RequestLogService } from '../request-log/request-log.service';
import { SourceHolderConfig } from '../source-holder-config';
import { SourceHolderException } from '../source-holder.exception';
import { SOURCE_HOLDER_CONFIG } from '../source-holder.tokens';
import { logRefusal, startRequestLog } from './protocol.guard';

/** The organisation recorded for the local review API's requests. */
export const ADMIN_ACTOR = 'beheer';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** The local review API (/beheer) takes the configured admin credential only; refusals are logged. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    @Inject(SOURCE_HOLDER_CONFIG) config: SourceHolderConfig,
    private readonly log: RequestLogService,
  ) {
    this.expected = digest(config.adminToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const draft = startRequestLog(req);
    draft.requestingOrganisation = ADMIN_ACTOR;
    const match = /^Bearer (\S+)$/.exec(req.header('authorization') ?? '');
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      draft.denialReason = match ? 'beheer_token' : 'geen_token';
      draft.answerClass = 'NIET_GEAUTHENTICEERD';
      await logRefusal(this.log, draft, 401);
      throw SourceHolderException.unauthenticated();
    }
    return true;
  }
}
