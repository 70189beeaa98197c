import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reporter's feedback e-mail is retried until it is delivered (issue 17): a relay that was
 * down, or an api that stopped between the commit and the send, no longer leaves a professional
 * without the feedback the law owes them. The address is kept sealed on the row only until the
 * mail is delivered or given up, so the worker never opens the report's reporter details.
 */
export class FeedbackMailRetry1795702700000 implements MigrationInterface {
  name = 'FeedbackMailRetry1795702700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reporter_feedback
        ADD COLUMN email_ciphertext bytea,
        ADD COLUMN email_key_id text,
        ADD COLUMN email_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN email_error text CHECK (char_length(email_error) <= 100),
        ADD COLUMN email_next_at timestamptz,
        ADD CONSTRAINT reporter_feedback_email_sealed CHECK ((email_ciphertext IS NULL) = (email_key_id IS NULL))`);
    await q.query(
      `CREATE INDEX reporter_feedback_email_due_idx ON reporter_feedback (email_next_at) WHERE email_status = 'pending'`,
    );
    // A pending row from before has no address to retry with: it was lost with the api that held it.
    await q.query(
      `UPDATE reporter_feedback SET email_status = 'failed', email_error = 'lost_before_retry' WHERE email_status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reporter_feedback_email_due_idx`);
    await q.query(`
      ALTER TABLE reporter_feedback
        DROP CONSTRAINT reporter_feedback_email_sealed,
        DROP COLUMN email_next_at,
        DROP COLUMN email_error,
        DROP COLUMN email_attempts,
        DROP COLUMN email_key_id,
        DROP COLUMN email_ciphertext`);
  }
}
