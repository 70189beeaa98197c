import { Inject, Injectable, Logger } from '@nestjs/common';
import { UsersService } from '@vt/access';
import { HUB_CONFIG, HubConfig, JobAttempt } from '@vt/common';
import type { Transaction } from '@vt/database';
import { UnrecoverableError } from 'bullmq';
import { MailOutboxRepository } from './mail-outbox.repository';
import { MailQueue } from './mail-queue.service';
import { MailFailure, mailFailure, MailSender } from './mail-sender.service';
import { notificationMail } from './notification-mail';
import { NotificationsException } from './notifications.exception';

export interface DispatchResult {
  /** Send jobs added (or found already waiting). */
  queued: number;
  /** Rows settled without mail: no SMTP configured, or a recipient inactive, without an address or opted out. */
  skipped: number;
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'done-before';

const BATCH = 500;
/** Bounds one sweep; the next, a few seconds later, takes the rest. */
const MAX_BATCHES = 20;
/**
 * A pending row queued longer ago than this is queued again. Its job id makes that a no-op while
 * the job still waits or retries; it brings back a job that Redis lost.
 */
const REQUEUE_AFTER_SECONDS = 600;

/**
 * E-mail for notifications through an outbox: every notification row is inserted `pending` by its
 * producer's own transaction (whatever SQL inserts it), the worker's periodic sweep queues a send
 * job per row, and the send job records the outcome on the row. Redis only carries the work, so a
 * notification made while Redis is down is mailed once it is back, and nothing waits on SMTP in a
 * request. Without SMTP_URL the sweep marks rows `skipped`: nothing is sent and nothing piles up.
 */
@Injectable()
export class MailOutboxService {
  private readonly logger = new Logger(MailOutboxService.name);

  constructor(
    private readonly outbox: MailOutboxRepository,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly sender: MailSender,
    private readonly mailQueue: MailQueue,
    private readonly users: UsersService,
  ) {}

  /** One sweep: settles what cannot be mailed, queues the rest. */
  async dispatch(): Promise<DispatchResult> {
    const result: DispatchResult = { queued: 0, skipped: 0 };
    if (!this.sender.configured) {
      for (let i = 0; i < MAX_BATCHES; i++) {
        // Without SMTP: pending rows are settled as skipped, oldest first.
        const skipped = await this.outbox.skipNotConfigured(BATCH);
        result.skipped += skipped;
        if (skipped < BATCH) break;
      }
    } else {
      // Only active users with an address who want this kind by e-mail get mail; the rest are
      // settled here, without a job.
      result.skipped = await this.skipUnreachable();
      for (let i = 0; i < MAX_BATCHES; i++) {
        const ids = await this.outbox.claim(BATCH, REQUEUE_AFTER_SECONDS);
        await this.enqueue(ids);
        result.queued += ids.length;
        if (ids.length < BATCH) break;
      }
    }
    if (result.queued + result.skipped > 0) this.logger.log({ msg: 'notification e-mail dispatched', ...result });
    return result;
  }

  /**
   * Settles the pending rows no mail goes to: the access context names the unreachable among their
   * recipients, then one statement settles theirs and those of a kind their recipient does not
   * want. A recipient who changes in between does no harm. One who became unreachable keeps their
   * rows pending, and the send job skips them, as it reads the address again under the row's lock
   * (`UsersService.mailAddress`, by the same rule). One who became reachable has only the rows
   * settled that were numbered before the question (up to `lastSeq`), as a sweep while they were
   * unreachable would have; a row made later goes to its send job.
   */
  private async skipUnreachable(): Promise<number> {
    const pending = await this.outbox.pendingRecipients();
    if (!pending) return 0;
    const unreachable = await this.users.unreachable(pending.userIds);
    return this.outbox.skipUnreachable(unreachable, pending.lastSeq);
  }

  /**
   * Mails one notification. The row stays locked from reading to recording, so a second job for
   * the same notification (a stalled one run again) waits and then finds it sent. A failed attempt
   * is recorded and thrown for the queue to retry with backoff; the last one, or a refusal for good,
   * marks the row `failed`.
   */
  async deliver(notificationId: string, attempt: JobAttempt): Promise<DeliveryOutcome> {
    const result = await this.outbox.transaction((manager) => this.deliverLocked(manager, notificationId, attempt));
    if (typeof result === 'string') return result;
    // The failed attempt is committed; the queue retries it, unless it was the last.
    const { failure, final } = result;
    const log = { notificationId, attempt: attempt.attempt, attempts: attempt.attempts, error: failure.code };
    if (final) this.logger.error({ msg: 'notification e-mail failed for good', ...log });
    else this.logger.warn({ msg: 'notification e-mail attempt failed', ...log });
    const exception = new NotificationsException('notifications.email_failed', `e-mail failed: ${failure.code}`);
    throw final ? new UnrecoverableError(exception.message) : exception;
  }

  /** The outcome, or the failure recorded on the row. */
  private async deliverLocked(
    manager: Transaction,
    id: string,
    attempt: JobAttempt,
  ): Promise<DeliveryOutcome | { failure: MailFailure; final: boolean }> {
    const row = await this.outbox.lockForDelivery(manager, id);
    if (!row || row.status !== 'pending') return 'done-before';
    // The row's lock makes one send per notification; the address, read after it in the same
    // transaction, needs none. A recipient no longer in the users table is unreachable, as inactive.
    const { email, unreachable } = (await this.users.mailAddress(manager, row.recipientUserId)) ?? {
      email: '',
      unreachable: 'inactive',
    };
    const reason = !this.sender.configured ? 'not_configured' : (unreachable ?? (row.wanted ? null : 'opted_out'));
    if (reason) {
      await this.outbox.markSkipped(manager, id, reason);
      return 'skipped';
    }
    try {
      await this.sender.send(email, notificationMail(row.kind, this.config.mail.appUrl, row.caseless));
    } catch (error) {
      const failure = mailFailure(error);
      const final = failure.permanent || attempt.attempt >= attempt.attempts;
      await this.outbox.recordFailedAttempt(manager, id, failure.code, final);
      return { failure, final };
    }
    await this.outbox.markSent(manager, id);
    return 'sent';
  }

  private async enqueue(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.mailQueue.send(ids);
    } catch (error) {
      // Not queued after all: the next sweep takes them at once instead of after the requeue delay.
      await this.outbox.unclaim(ids);
      throw error;
    }
  }
}
