import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Source-held lookups (issue 5): the registry of source holders and the detail requests the hub
 * sends them. Known-by and custody answers are never stored. A detail request's answer is held
 * only sealed (AES-256-GCM) until the requesting organisation has read it or it has expired.
 */
export class Lookups1795700700000 implements MigrationInterface {
  name = 'Lookups1795700700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE source_holders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- The source holder's own id: the audience of the hub's tokens.
        source_id text NOT NULL UNIQUE CHECK (source_id ~ '^[a-z0-9-]{1,40}$'),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        base_url text NOT NULL CHECK (base_url ~ '^https?://'),
        capabilities text[] NOT NULL
          CHECK (cardinality(capabilities) > 0 AND capabilities <@ ARRAY['known_by', 'detail', 'custody']),
        -- The pseudonym key shared with this one source, sealed under DATA_ENCRYPTION_KEYS.
        pseudonym_key_ciphertext bytea NOT NULL,
        pseudonym_key_key_id text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX source_holders_organisation_idx ON source_holders (organisation_id)`);
    await q.query(`
      CREATE TABLE detail_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        source_holder_id uuid NOT NULL REFERENCES source_holders(id),
        requesting_organisation_id uuid NOT NULL REFERENCES organisations(id),
        requested_by uuid NOT NULL REFERENCES users(id),
        requester_role text NOT NULL,
        reason_code text NOT NULL,
        legal_basis text NOT NULL,
        questions text[] NOT NULL DEFAULT '{}',
        request_id text,
        transaction_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'granted', 'refused', 'failed')),
        -- The source's id of the request once it accepted it (interactieId).
        interaction_id text,
        polls integer NOT NULL DEFAULT 0,
        next_poll_at timestamptz NOT NULL DEFAULT now(),
        failure_code text,
        answer_ciphertext bytea,
        answer_key_id text,
        answer_expires_at timestamptz,
        answer_read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        CHECK ((answer_ciphertext IS NULL) = (answer_key_id IS NULL))
      )`);
    await q.query(`CREATE INDEX detail_requests_case_idx ON detail_requests (case_id)`);
    // The worker's sweep: requests still waiting for the source, and answers to delete.
    await q.query(
      `CREATE INDEX detail_requests_pending_idx ON detail_requests (next_poll_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX detail_requests_answer_idx ON detail_requests (answer_expires_at) WHERE answer_ciphertext IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE detail_requests`);
    await q.query(`DROP TABLE source_holders`);
  }
}
