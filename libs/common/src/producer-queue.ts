import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { HubConfig } from './hub-config';
import { createRedis } from './redis-connection';

/**
 * A BullMQ queue for adding jobs, connected on first use. It fails fast when Redis is away instead
 * of queueing commands: the database holds the truth, and a sweep or reconciler adds what was lost.
 * Each caller logs its own failures, so the queue's reconnect noise is dropped (the connection
 * logs its loss and return once).
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
      this.connection = createRedis(this.config, 'producer');
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
