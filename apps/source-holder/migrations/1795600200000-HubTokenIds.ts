import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ids (`jti`) of hub tokens already used, kept until the token could no longer be accepted
 * anyway, so a token copied from a proxy or a log cannot be replayed.
 */
export class HubTokenIds1795600200000 implements MigrationInterface {
  name = 'HubTokenIds1795600200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hub_token_ids (
        issuer text NOT NULL,
        jti text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (issuer, jti)
      )`);
    await q.query(`CREATE INDEX hub_token_ids_expires_at_idx ON hub_token_ids (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hub_token_ids`);
  }
}
