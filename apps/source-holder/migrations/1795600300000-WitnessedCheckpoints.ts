import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hub's signed audit checkpoints this source holder witnesses, per hub (issuer) and chain.
 * Append-only like the hub's own audit table: a witness that could be rewritten would prove nothing.
 */
export class WitnessedCheckpoints1795600300000 implements MigrationInterface {
  name = 'WitnessedCheckpoints1795600300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE witnessed_checkpoints (
        issuer text NOT NULL,
        chain_id uuid NOT NULL,
        seq bigint NOT NULL CHECK (seq >= 0),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issuer, chain_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION witnessed_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'witnessed_checkpoints is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER witnessed_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON witnessed_checkpoints
      FOR EACH ROW EXECUTE FUNCTION witnessed_checkpoints_append_only()`);
    await q.query(`
      CREATE TRIGGER witnessed_checkpoints_no_truncate BEFORE TRUNCATE ON witnessed_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION witnessed_checkpoints_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE witnessed_checkpoints`);
    await q.query(`DROP FUNCTION witnessed_checkpoints_append_only()`);
  }
}
