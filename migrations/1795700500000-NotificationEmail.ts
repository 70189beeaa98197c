import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail about notifications (issue 4): the notification row is its own outbox. Every producer's
 * plain INSERT leaves a row `pending`; the worker queues it, mails it (or skips it) and records the
 * outcome here, so a notification made while Redis is down is mailed once it is back.
 */
export class NotificationEmail1795700500000 implements MigrationInterface {
  name = 'NotificationEmail1795700500000';

  async up(q: QueryRunner): Promise<void> {
    // Rows from before e-mail existed are not mailed all at once when it is switched on: the
    // column is added as `skipped` for them, then new rows default to `pending`.
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN email_status text NOT NULL DEFAULT 'skipped'
          CHECK (email_status IN ('pending', 'sent', 'failed', 'skipped')),
        ADD COLUMN email_attempts integer NOT NULL DEFAULT 0 CHECK (email_attempts >= 0),
        ADD COLUMN email_queued_at timestamptz,
        ADD COLUMN email_done_at timestamptz,
        ADD COLUMN email_error text`);
    await q.query(`ALTER TABLE notifications ALTER COLUMN email_status SET DEFAULT 'pending'`);
    // The dispatcher's sweep walks only what is still to be mailed, oldest first.
    await q.query(`CREATE INDEX notifications_email_pending_idx ON notifications (seq) WHERE email_status = 'pending'`);
    // Failures stay few; /metrics counts them on every scrape.
    await q.query(`CREATE INDEX notifications_email_failed_idx ON notifications (seq) WHERE email_status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_email_failed_idx`);
    await q.query(`DROP INDEX notifications_email_pending_idx`);
    await q.query(`
      ALTER TABLE notifications
        DROP COLUMN email_error,
        DROP COLUMN email_done_at,
        DROP COLUMN email_queued_at,
        DROP COLUMN email_attempts,
        DROP COLUMN email_status`);
  }
}
