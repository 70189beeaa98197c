import { Injectable } from '@nestjs/common';
import { JobAttempt, JobDataMap, JobHandler } from '@vt/common';
import { MailOutboxService } from '@vt/notifications';

/** The outbox sweep: queues a send job for every notification still to be mailed. */
@Injectable()
export class NotificationEmailDispatchProcessor implements JobHandler<'notification.dispatch-email'> {
  readonly name = 'notification.dispatch-email' as const;

  constructor(private readonly outbox: MailOutboxService) {}

  async handle(): Promise<void> {
    await this.outbox.dispatch();
  }
}

/** One notification's e-mail; a failed attempt throws so the queue retries it with backoff. */
@Injectable()
export class NotificationEmailSendProcessor implements JobHandler<'notification.send-email'> {
  readonly name = 'notification.send-email' as const;

  constructor(private readonly outbox: MailOutboxService) {}

  async handle(data: JobDataMap['notification.send-email'], attempt: JobAttempt): Promise<void> {
    await this.outbox.deliver(data.notificationId, attempt);
  }
}
