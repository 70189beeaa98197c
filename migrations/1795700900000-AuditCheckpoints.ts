import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chains, and the breaks the periodic check has already reported.
 * A checkpoint is the head of a chain (seq, hash) signed with a key held in configuration only and
 * handed to a witness outside this database; the row records what the witness answered. Both
 * tables are append-only, for the app role as for anyone short of the owner.
 */
export class AuditCheckpoints1795700900000 implements MigrationInterface {
  name = 'AuditCheckpoints1795700900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoints (
        chain_id uuid NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        hash text NOT NULL,
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL,
        witness_status text NOT NULL
          CHECK (witness_status IN ('stored', 'held', 'conflict', 'unavailable', 'not_configured')),
        PRIMARY KEY (chain_id, seq)
      )`);
    await q.query(`
      CREATE TABLE audit_break_alerts (
        chain_id uuid NOT NULL,
        from_seq bigint NOT NULL,
        to_seq bigint NOT NULL,
        reason text NOT NULL,
        notified_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, from_seq, to_seq, reason)
      )`);
    await q.query(`
      CREATE FUNCTION audit_table_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_checkpoints', 'audit_break_alerts']) {
      await q.query(`
        CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_table_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_table_append_only()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM vt_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_break_alerts`);
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP FUNCTION audit_table_append_only()`);
  }
}
