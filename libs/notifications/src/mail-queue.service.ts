import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, HubConfig, ProducerQueue } from '@vt/common';

export const MAIL_QUEUE = 'mail';

/** One send job per notification: adding it again while it waits, retries or runs is a no-op. */
export function sendJobId(notificationId: string): string {
  return `mail-${notificationId}`;
}

/** The `mail` queue for adding jobs and reading its counts, connected on first use. */
@Injectable()
export class MailQueue extends ProducerQueue implements OnApplicationShutdown {
  constructor(@Inject(HUB_CONFIG) config: HubConfig) {
    // Fails fast when Redis is away: the rows stay pending and the next sweep tries again.
    super(config, MAIL_QUEUE);
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
