import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HUB_CONFIG, HubConfig, JobAttempt } from '@vt/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource, QueryRunner } from 'typeorm';
import { MailQueue } from './mail-queue.service';
import { mailFailure, MailSender } from './mail-sender.service';
import { notificationMail } from './notification-mail';
import { NotificationsException } from './notifications.exception';

export interface DispatchResult {
  /** Send jobs added (or found already waiting). */
  queued: number;
  /** Rows settled without mail: no SMTP configured, an inactive recipient or one without an address. */
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
 * SQL: whether the recipient wants the notification (alias `notification`) by e-mail, by their
 * preferences (alias `np`, left-joined on the recipient; no row: every kind).
 */
const wanted = (notification: string) =>
  `(np.user_id IS NULL OR (np.email AND NOT ${notification}.kind = ANY(np.email_muted_kinds)))`;
/** Mirrors the check in SQL below: something that can be an address at all. */
const ADDRESS = /^[^\s@]+@[^\s@]+$/;

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
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly sender: MailSender,
    private readonly mailQueue: MailQueue,
  ) {}

  /** One sweep: settles what cannot be mailed, queues the rest. */
  async dispatch(): Promise<DispatchResult> {
    const result: DispatchResult = { queued: 0, skipped: 0 };
    if (!this.sender.configured) {
      for (let i = 0; i < MAX_BATCHES; i++) {
        const skipped = await this.skipBatch();
        result.skipped += skipped;
        if (skipped < BATCH) break;
      }
    } else {
      result.skipped = await this.skipUnreachable();
      for (let i = 0; i < MAX_BATCHES; i++) {
        const ids = await this.claim();
        await this.enqueue(ids);
        result.queued += ids.length;
        if (ids.length < BATCH) break;
      }
    }
    if (result.queued + result.skipped > 0) this.logger.log({ msg: 'notification e-mail dispatched', ...result });
    return result;
  }

  /**
   * Mails one notification. The row stays locked from reading to recording, so a second job for
   * the same notification (a stalled one run again) waits and then finds it sent. A failed attempt
   * is recorded and thrown for the queue to retry with backoff; the last one, or a refusal for good,
   * marks the row `failed`.
   */
  async deliver(notificationId: string, attempt: JobAttempt): Promise<DeliveryOutcome> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const outcome = await this.deliverLocked(runner, notificationId, attempt);
      await runner.commitTransaction();
      return outcome;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async deliverLocked(runner: QueryRunner, id: string, attempt: JobAttempt): Promise<DeliveryOutcome> {
    // Title and body are not read: nothing from them can end up in the mail.
    const [row] = (await runner.query(
      `SELECT n.kind, n.email_status AS status, u.email, u.active, ${wanted('n')} AS wanted
         FROM notifications n JOIN users u ON u.id = n.recipient_user_id
         LEFT JOIN notification_preferences np ON np.user_id = u.id
        WHERE n.id = $1 FOR UPDATE OF n`,
      [id],
    )) as { kind: string; status: string; email: string; active: boolean; wanted: boolean }[];
    if (!row || row.status !== 'pending') return 'done-before';
    const reason = !this.sender.configured
      ? 'not_configured'
      : !row.active
        ? 'inactive'
        : !ADDRESS.test(row.email)
          ? 'no_address'
          : !row.wanted
            ? 'opted_out'
            : null;
    if (reason) {
      await runner.query(
        `UPDATE notifications SET email_status = 'skipped', email_error = $2, email_done_at = now() WHERE id = $1`,
        [id, reason],
      );
      return 'skipped';
    }
    try {
      await this.sender.send(row.email, notificationMail(row.kind, this.config.mail.appUrl));
    } catch (error) {
      const failure = mailFailure(error);
      const final = failure.permanent || attempt.attempt >= attempt.attempts;
      await runner.query(
        `UPDATE notifications
            SET email_attempts = email_attempts + 1, email_error = $2,
                email_status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END,
                email_done_at = CASE WHEN $3 THEN now() END
          WHERE id = $1`,
        [id, failure.code, final],
      );
      await runner.commitTransaction();
      const log = { notificationId: id, attempt: attempt.attempt, attempts: attempt.attempts, error: failure.code };
      if (final) this.logger.error({ msg: 'notification e-mail failed for good', ...log });
      else this.logger.warn({ msg: 'notification e-mail attempt failed', ...log });
      const exception = new NotificationsException('notifications.email_failed', `e-mail failed: ${failure.code}`);
      throw final ? new UnrecoverableError(exception.message) : exception;
    }
    await runner.query(
      `UPDATE notifications
          SET email_status = 'sent', email_attempts = email_attempts + 1, email_error = NULL, email_done_at = now()
        WHERE id = $1`,
      [id],
    );
    return 'sent';
  }

  /** Without SMTP: pending rows are settled as skipped, oldest first. */
  private async skipBatch(): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE notifications SET email_status = 'skipped', email_error = 'not_configured', email_done_at = now()
        WHERE id IN (SELECT id FROM notifications WHERE email_status = 'pending'
                      ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [BATCH],
    )) as [unknown[], number];
    return rows[1];
  }

  /**
   * Only active users with an address who want this kind by e-mail get mail; the rest are settled
   * here, without a job. Rows a send job or another sweep holds are left (no waiting on SMTP, no
   * lock-order deadlock).
   */
  private async skipUnreachable(): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE notifications n
          SET email_status = 'skipped', email_done_at = now(), email_error = s.reason
         FROM (SELECT p.id,
                      CASE WHEN NOT u.active THEN 'inactive'
                           WHEN u.email !~ '^[^[:space:]@]+@[^[:space:]@]+$' THEN 'no_address'
                           ELSE 'opted_out' END AS reason
                 FROM notifications p JOIN users u ON u.id = p.recipient_user_id
                 LEFT JOIN notification_preferences np ON np.user_id = u.id
                WHERE p.email_status = 'pending'
                  AND (NOT u.active OR u.email !~ '^[^[:space:]@]+@[^[:space:]@]+$' OR NOT ${wanted('p')})
                FOR UPDATE OF p SKIP LOCKED) s
        WHERE n.id = s.id
        RETURNING n.id`,
    )) as [unknown[], number];
    return rows[1];
  }

  /** Pending rows not queued yet (or long ago), marked queued now; rows another sweep holds are left to it. */
  private async claim(): Promise<string[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE notifications n SET email_queued_at = now()
         FROM (SELECT id FROM notifications
                WHERE email_status = 'pending'
                  AND (email_queued_at IS NULL OR email_queued_at < now() - make_interval(secs => $2))
                ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED) batch
        WHERE n.id = batch.id
        RETURNING n.id`,
      [BATCH, REQUEUE_AFTER_SECONDS],
    )) as [{ id: string }[], number];
    return rows.map((row) => row.id);
  }

  private async enqueue(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.mailQueue.send(ids);
    } catch (error) {
      // Not queued after all: the next sweep takes them at once instead of after the requeue delay.
      await this.dataSource.query(`UPDATE notifications SET email_queued_at = NULL WHERE id = ANY($1::uuid[])`, [ids]);
      throw error;
    }
  }
}
