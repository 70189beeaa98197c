import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';

export const MAIL_QUEUE = 'mail';

/** One send job per notification: adding it again while it waits, retries or runs is a no-op. */
export function sendJobId(notificationId: string): string {
  return `mail-${notificationId}`;
}

/** The `mail` queue for adding jobs and reading its counts, connected on first use. */
@Injectable()
export class MailQueue implements OnApplicationShutdown {
  private connection?: Redis;
  private instance?: Queue;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  get queue(): Queue {
    if (!this.instance) {
      // Fails fast when Redis is away: the rows stay pending and the next sweep tries again.
      this.connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      this.connection.on('error', () => undefined);
      this.instance = new Queue(MAIL_QUEUE, { connection: this.connection, prefix: this.config.redisPrefix });
      this.instance.on('error', () => undefined);
    }
    return this.instance;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.instance?.close();
    await this.connection?.quit().catch(() => undefined);
  }
}
