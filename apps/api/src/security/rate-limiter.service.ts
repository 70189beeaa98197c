import { Inject, Injectable, Logger } from '@nestjs/common';
import { HUB_CONFIG, HubConfig, METRICS_REGISTRY, rateLimitWait, RedisRateCounter, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { Counter, Registry } from 'prom-client';

export type RateLimitKind = 'user' | 'address';

/**
 * The hub's request limits, counted in Redis under the deployment's prefix so every api replica
 * counts together. When Redis cannot be asked the request goes through unchecked, with one warning
 * per outage and a metric: authentication, authorisation and audit still apply to it, the login
 * throttle (against password guessing) still fails closed, and refusing every request would turn a
 * Redis failover into an outage of the whole api.
 */
@Injectable()
export class RateLimiterService {
  private readonly logger = new Logger('RateLimit');
  private readonly counter: RedisRateCounter;
  private readonly refusals: Counter<'limit'>;
  private readonly unchecked: Counter;
  private failing = false;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(REDIS) redis: Redis,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    this.counter = new RedisRateCounter(redis);
    this.refusals = new Counter({
      name: 'rate_limit_refusals_total',
      help: 'Requests refused with 429, by the limit they exceeded',
      labelNames: ['limit'],
      registers: [metrics],
    });
    this.unchecked = new Counter({
      name: 'rate_limit_unchecked_total',
      help: 'Requests let through unchecked because Redis could not count them',
      registers: [metrics],
    });
  }

  /** Counts the request; the seconds to wait when `who` is over its limit, else null. */
  async wait(kind: RateLimitKind, who: string): Promise<number | null> {
    const { perCaller, perAddress, windowSeconds } = this.config.rateLimit;
    const key = `${this.config.redisPrefix}:rate:${kind}:${who}`;
    let seconds: number | null;
    try {
      seconds = await rateLimitWait(this.counter, key, kind === 'user' ? perCaller : perAddress, windowSeconds);
    } catch (error) {
      this.unchecked.inc();
      if (!this.failing) {
        this.logger.warn({
          msg: 'rate limits unchecked: redis unavailable',
          error: error instanceof Error ? error.message : 'unknown',
        });
      }
      this.failing = true;
      return null;
    }
    if (this.failing) this.logger.log({ msg: 'rate limits counted again' });
    this.failing = false;
    if (seconds !== null) this.refusals.inc({ limit: kind });
    return seconds;
  }
}
