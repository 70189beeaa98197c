import { Queue } from 'bullmq';
import Redis from 'ioredis';
import type { HubConfig } from './hub-config';

/**
 * A BullMQ queue for adding jobs, connected on first use. It fails fast when Redis is away instead
 * of queueing commands: the database holds the truth, and a sweep or reconciler adds what was lost.
 * Each caller logs its own failures, so the queue's reconnect noise is dropped.
 */
export class ProducerQueue {
  private connection?: Redis;
  private instance?: Queue;

  constructor(
    private readonly config: HubConfig,
    readonly name: string,
  ) {}

  get queue(): Queue {
    if (!this.instance) {
      this.connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      this.connection.on('error', () => undefined);
      this.instance = new Queue(this.name, { connection: this.connection, prefix: this.config.redisPrefix });
      this.instance.on('error', () => undefined);
    }
    return this.instance;
  }

  async close(): Promise<void> {
    await this.instance?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
