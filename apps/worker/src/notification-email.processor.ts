import { Injectable } from '@nestjs/common';
import { ReporterFeedbackService } from '@vt/cases';
import { JobAttempt, JobDataMap, JobHandler } from '@vt/common';
import { MailOutboxService } from '@vt/notifications';

/**
 * The mail sweep: queues a send job for every notification still to be mailed, and attempts the
 * reporters' feedback mails that are due (a first attempt that failed, or never ran).
 */
@Injectable()
export class NotificationEmailDispatchProcessor implements JobHandler<'notification.dispatch-email'> {
  readonly name = 'notification.dispatch-email' as const;

  constructor(
    private readonly outbox: MailOutboxService,
    private readonly feedback: ReporterFeedbackService,
  ) {}

  async handle(): Promise<void> {
    await this.outbox.dispatch();
    await this.feedback.deliverDue();
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
