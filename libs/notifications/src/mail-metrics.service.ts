import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { METRICS_REGISTRY } from '@vt/common';
import { Gauge, Registry } from 'prom-client';
import { MailOutboxRepository } from './mail-outbox.repository';
import { MailQueue } from './mail-queue.service';

const JOB_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

/**
 * E-mail health on /metrics, read when scraped from the outbox rows (each count walks a partial
 * index) and the mail queue: notifications still to be mailed and the age of the oldest (above a
 * minute or so, mail is not flowing), those given up on, and send jobs per state.
 */
@Injectable()
export class MailMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly outbox: MailOutboxRepository,
    private readonly mailQueue: MailQueue,
  ) {}

  onModuleInit(): void {
    const { outbox, mailQueue, registry } = this;
    const figures = () => outbox.figures();
    new Gauge({
      name: 'vt_notification_emails',
      help: 'Notification e-mails still to be sent (pending) and given up on after their last attempt (failed)',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        const { pending, failed } = await figures();
        this.set({ status: 'pending' }, pending);
        this.set({ status: 'failed' }, failed);
      },
    });
    new Gauge({
      name: 'vt_notification_email_oldest_pending_seconds',
      help: 'Age of the oldest notification whose e-mail is still to be sent (0 when none)',
      registers: [registry],
      async collect() {
        this.set((await figures()).oldest);
      },
    });
    new Gauge({
      name: 'vt_notification_email_jobs',
      help: 'Notification e-mail jobs in the mail queue, by state',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const counts = await mailQueue.queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
  }
}
