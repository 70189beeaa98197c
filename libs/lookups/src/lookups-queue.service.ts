import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, HubConfig, JobDataMap } from '@vt/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';

export const LOOKUPS_QUEUE = 'lookups';

/**
 * One job per step of a detail request; the id carries the step so a lost job can be added again
 * by the sweep while a waiting one is never doubled (BullMQ keeps the first of an id).
 */
export function detailJobId(detailRequestId: string, step: number): string {
  return `detail-${detailRequestId}-${step}`;
}

/** The `lookups` queue, connected on first use. */
@Injectable()
export class LookupsQueue implements OnApplicationShutdown {
  private connection?: Redis;
  private instance?: Queue;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  get queue(): Queue {
    if (!this.instance) {
      // Fails fast when Redis is away: the request stays pending and the sweep queues it later.
      this.connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      this.connection.on('error', () => undefined);
      this.instance = new Queue(LOOKUPS_QUEUE, { connection: this.connection, prefix: this.config.redisPrefix });
      this.instance.on('error', () => undefined);
    }
    return this.instance;
  }

  async step(data: JobDataMap['lookup.detail-request'], step: number, delayMs: number): Promise<void> {
    await this.queue.add('lookup.detail-request', data, {
      jobId: detailJobId(data.detailRequestId, step),
      delay: delayMs,
      attempts: 1,
      // Neither kept: a kept job would block the sweep from adding its id again.
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.instance?.close();
    await this.connection?.quit().catch(() => undefined);
  }
}
