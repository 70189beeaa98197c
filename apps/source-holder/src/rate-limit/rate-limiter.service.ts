import { Inject, Injectable } from '@nestjs/common';
import { MemoryRateCounter, rateLimitWait, throttled } from '@vt/common';
import type { Request, Response } from 'express';
import { logRefusal, startRequestLog } from '../auth/protocol.guard';
import { RequestLogService } from '../request-log/request-log.service';
import { SourceHolderConfig } from '../source-holder-config';
import { SOURCE_HOLDER_CONFIG } from '../source-holder.tokens';

export type RateLimitKind = 'organisation' | 'address';

/**
 * The source holder's request limits, counted in this process: a source holder runs as one process
 * per organisation, so its counters are complete. Scaled out, each process would allow the full
 * limit (docs/rate-limits.md).
 */
@Injectable()
export class RateLimiterService {
  private readonly counter = new MemoryRateCounter();

  constructor(
    @Inject(SOURCE_HOLDER_CONFIG) private readonly config: SourceHolderConfig,
    private readonly log: RequestLogService,
  ) {}

  /**
   * Counts the request against `who`; over the limit it is logged as refused (429) and the
   * refusal to throw is returned, else null.
   */
  async refusal(req: Request, res: Response, kind: RateLimitKind, who: string): Promise<Error | null> {
    const { perCaller, perAddress, windowSeconds } = this.config.rateLimit;
    const limit = kind === 'organisation' ? perCaller : perAddress;
    const seconds = await rateLimitWait(this.counter, `${kind}:${who}`, limit, windowSeconds);
    if (seconds === null) return null;
    const draft = req.requestLog ?? startRequestLog(req);
    draft.answerClass = 'TE_VEEL_VERZOEKEN';
    draft.denialReason = kind === 'organisation' ? 'limiet_organisatie' : 'limiet_adres';
    await logRefusal(this.log, draft, 429);
    return throttled(res, seconds);
  }
}
