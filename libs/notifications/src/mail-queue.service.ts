import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, HubConfig, ProducerQueue } from '@vt/common';

export const MAIL_QUEUE = 'mail' as const;

/** One send job per notification: adding it again while it waits, retries or runs is a no-op. */
export function sendJobId(notificationId: string): string {
  return `mail-${notificationId}`;
}

/** The `mail` queue for adding jobs and reading its counts, connected on first use. */
@Injectable()
export class MailQueue extends ProducerQueue<typeof MAIL_QUEUE> implements OnApplicationShutdown {
  constructor(@Inject(HUB_CONFIG) config: HubConfig) {
    // Fails fast when Redis is away: the rows stay pending and the next sweep tries again.
    super(config, MAIL_QUEUE);
  }

  /** The one way send jobs are added: one per notification, retried as the mail settings say. */
  async send(notificationIds: string[]): Promise<void> {
    const { attempts, backoffMs } = this.config.mail;
    await this.addJobs(
      notificationIds.map((notificationId) => ({
        name: 'notification.send-email' as const,
        data: { notificationId },
        jobId: sendJobId(notificationId),
      })),
      {
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: true,
        // The row holds the outcome; a job lost for any reason is queued again by a later sweep.
        removeOnFail: true,
      },
    );
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
