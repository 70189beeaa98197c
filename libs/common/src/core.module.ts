import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Clock, CLOCK, systemClock } from './clock';
import { HUB_CONFIG, METRICS_REGISTRY, REDIS } from './tokens';
import type { HubConfig } from './hub-config';
import type Redis from 'ioredis';
import { createRedis } from './redis-connection';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per process with Node's default metrics; apps add their own to it. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Closes the shared Redis connection last, after the services that use it have stopped. */
@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Process-wide singletons: validated configuration, the clock, the Redis connection, the metrics registry. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: HubConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        {
          provide: REDIS,
          useFactory: () => createRedis(config, 'request'),
        },
        RedisCloser,
        {
          provide: METRICS_REGISTRY,
          useFactory: createMetricsRegistry,
        },
      ],
      exports: [HUB_CONFIG, CLOCK, REDIS, METRICS_REGISTRY],
    };
  }
}
