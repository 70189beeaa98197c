import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The source's own records: persons it knows (by keyed hashes of their BSN, never the BSN),
 * contact points, the disclosure policy, detail requests and, in custody mode, the register.
 */
export class SourceRecords1795500100000 implements MigrationInterface {
  name = 'SourceRecords1795500100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact_points (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        phone text,
        email text
      )`);
    // pseudonym: HMAC under the key shared with the hub (known-by questions);
    // subject_key: HMAC under this source's own key (detail requests carry the BSN).
    await q.query(`
      CREATE TABLE known_persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pseudonym char(64) NOT NULL UNIQUE CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
        subject_key char(64) NOT NULL UNIQUE CHECK (subject_key ~ '^[0-9a-f]{64}$'),
        file_reference text NOT NULL,
        identity_confirmed boolean NOT NULL DEFAULT true,
        contact_point_id uuid NOT NULL REFERENCES contact_points (id),
        details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A null condition matches anything; one rule per combination of conditions.
    await q.query(`
      CREATE TABLE disclosure_rules (
        id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        organisation_kind text,
        requester_role text,
        reason text,
        legal_basis text,
        decision text NOT NULL CHECK (decision IN ('TOEKENNEN', 'WEIGEREN', 'BEOORDELEN')),
        categories text[] NOT NULL DEFAULT '{}',
        refusal_reason text,
        CHECK ((decision = 'TOEKENNEN') = (cardinality(categories) > 0)),
        CHECK ((decision = 'WEIGEREN') = (refusal_reason IS NOT NULL)),
        UNIQUE NULLS NOT DISTINCT (organisation_kind, requester_role, reason, legal_basis)
      )`);
    await q.query(`
      CREATE TABLE detail_requests (
        id uuid PRIMARY KEY,
        received_at timestamptz NOT NULL,
        transaction_id uuid NOT NULL,
        requesting_organisation text NOT NULL,
        requesting_organisation_kind text NOT NULL,
        requester_role text NOT NULL,
        reason text NOT NULL,
        purpose text NOT NULL,
        legal_basis text NOT NULL,
        case_reference text NOT NULL,
        questions text[],
        subject_pseudonym char(64) NOT NULL,
        person_id uuid REFERENCES known_persons (id) ON DELETE SET NULL,
        status text NOT NULL CHECK (status IN ('IN_BEHANDELING', 'TOEGEKEND', 'GEWEIGERD', 'FOUT')),
        granted_categories text[] NOT NULL DEFAULT '{}',
        refusal_code text,
        refusal_reason text,
        decided_at timestamptz,
        decided_by text,
        CHECK ((status = 'IN_BEHANDELING') = (decided_at IS NULL)),
        CHECK ((status = 'GEWEIGERD') = (refusal_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX detail_requests_status_idx ON detail_requests (status, received_at)`);
    await q.query(`
      CREATE TABLE custody_records (
        subject_key char(64) PRIMARY KEY CHECK (subject_key ~ '^[0-9a-f]{64}$'),
        custody jsonb NOT NULL CHECK (jsonb_typeof(custody) = 'array'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE custody_records`);
    await q.query(`DROP TABLE detail_requests`);
    await q.query(`DROP TABLE disclosure_rules`);
    await q.query(`DROP TABLE known_persons`);
    await q.query(`DROP TABLE contact_points`);
  }
}
