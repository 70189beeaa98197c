import { Module } from '@nestjs/common';
import { AccessModule } from '@vt/access';
import { MailMetrics } from './mail-metrics.service';
import { MailOutboxRepository } from './mail-outbox.repository';
import { MailOutboxService } from './mail-outbox.service';
import { MailQueue } from './mail-queue.service';
import { MailSender } from './mail-sender.service';

/** E-mail about notifications: the outbox for the worker, its figures for the api's /metrics. */
@Module({
  imports: [AccessModule],
  providers: [MailSender, MailQueue, MailOutboxRepository, MailOutboxService, MailMetrics],
  exports: [MailOutboxService],
})
export class NotificationMailModule {}
