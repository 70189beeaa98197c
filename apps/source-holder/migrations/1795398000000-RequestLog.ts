import { MigrationInterface, QueryRunner } from 'typeorm';

export class RequestLog1795398000000 implements MigrationInterface {
  name = 'RequestLog1795398000000';

  async up(q: QueryRunner): Promise<void> {
    // Refused requests are logged too, so all but the time and status may be unknown.
    await q.query(`
      CREATE TABLE request_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at timestamptz NOT NULL DEFAULT now(),
        transaction_id uuid,
        requesting_organisation text,
        purpose text,
        legal_basis text,
        subject_ref text,
        answer_class text,
        status int NOT NULL CHECK (status BETWEEN 100 AND 599)
      )`);
    // The hub and the source holder correlate their logs by transaction id.
    await q.query(`CREATE INDEX request_log_transaction_idx ON request_log (transaction_id)`);
    await q.query(`
      CREATE FUNCTION request_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'request_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER request_log_no_update_delete BEFORE UPDATE OR DELETE ON request_log
      FOR EACH ROW EXECUTE FUNCTION request_log_append_only()`);
    await q.query(`
      CREATE TRIGGER request_log_no_truncate BEFORE TRUNCATE ON request_log
      FOR EACH STATEMENT EXECUTE FUNCTION request_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE request_log`);
    await q.query(`DROP FUNCTION request_log_append_only()`);
  }
}
