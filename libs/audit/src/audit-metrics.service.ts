import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HUB_CONFIG, HubConfig, METRICS_REGISTRY, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { Gauge, Registry } from 'prom-client';

/** Where the worker's periodic check leaves, per chain, how many broken ranges it found. */
export function auditBrokenKey(prefix: string): string {
  return `${prefix}:audit-chain-broken`;
}

/** `audit_chain_broken{chain}` on /metrics: 0 for a whole chain, else its broken ranges at the last check. */
@Injectable()
export class AuditMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onModuleInit(): void {
    const { redis } = this;
    const key = auditBrokenKey(this.config.redisPrefix);
    new Gauge({
      name: 'audit_chain_broken',
      help: 'Broken ranges per audit chain at the last periodic verification (0: whole)',
      labelNames: ['chain'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [chain, ranges] of Object.entries(await redis.hgetall(key))) this.set({ chain }, Number(ranges));
      },
    });
  }

  /** Called by the periodic check with what it found for one chain. */
  async report(chainId: string, brokenRanges: number): Promise<void> {
    await this.redis.hset(auditBrokenKey(this.config.redisPrefix), chainId, String(brokenRanges));
  }
}
