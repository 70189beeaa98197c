import { DynamicModule, Global, Module } from '@nestjs/common';
import { HUB_CONFIG, METRICS_REGISTRY, REDIS } from './tokens';
import type { HubConfig } from './hub-config';
import Redis from 'ioredis';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Process-wide singletons: validated configuration, the Redis connection, the metrics registry. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        {
          provide: REDIS,
          useFactory: () =>
            new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: false }),
        },
        {
          provide: METRICS_REGISTRY,
          useFactory: () => {
            const registry = new Registry();
            collectDefaultMetrics({ register: registry });
            return registry;
          },
        },
      ],
      exports: [HUB_CONFIG, REDIS, METRICS_REGISTRY],
    };
  }
}
