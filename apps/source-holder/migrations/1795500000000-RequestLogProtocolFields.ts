import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the protocol endpoints record beyond the first request log: which operation, the token's
 * issuer and id, the requester's kind and role, reason, case reference, detail-request id, trace
 * id and why a request was refused. Still no answer content and no BSN.
 */
export class RequestLogProtocolFields1795500000000 implements MigrationInterface {
  name = 'RequestLogProtocolFields1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE request_log
        ADD COLUMN operation text,
        ADD COLUMN issuer text,
        ADD COLUMN token_id text,
        ADD COLUMN requesting_organisation_kind text,
        ADD COLUMN requester_role text,
        ADD COLUMN reason text,
        ADD COLUMN case_reference text,
        ADD COLUMN interaction_id uuid,
        ADD COLUMN trace_id text,
        ADD COLUMN denial_reason text,
        ADD COLUMN client_address text`);
    // A detail request's later polls and its review are found by its id.
    await q.query(`CREATE INDEX request_log_interaction_idx ON request_log (interaction_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX request_log_interaction_idx`);
    // The append-only trigger fires per row, not on ALTER TABLE, so the columns can go.
    await q.query(`
      ALTER TABLE request_log
        DROP COLUMN operation,
        DROP COLUMN issuer,
        DROP COLUMN token_id,
        DROP COLUMN requesting_organisation_kind,
        DROP COLUMN requester_role,
        DROP COLUMN reason,
        DROP COLUMN case_reference,
        DROP COLUMN interaction_id,
        DROP COLUMN trace_id,
        DROP COLUMN denial_reason,
        DROP COLUMN client_address`);
  }
}
