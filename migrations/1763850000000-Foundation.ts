import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763850000000 implements MigrationInterface {
  name = 'Foundation1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('veilig_thuis','police','prosecution','probation',
          'child_protection_board','certified_institution','safety_house','shelter','municipality','platform')),
        region text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        name text NOT NULL,
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['caseworker','supervisor','medical',
          'chair','admin','privacy_officer','platform_admin']::text[]),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX users_organisation_idx ON users (organisation_id, id)`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        replaced_by uuid
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL`);

    // One hash chain per organisation (the nil uuid for anonymous events); appends lock the head row.
    await q.query(`
      CREATE TABLE audit_chain_heads (
        chain_id uuid PRIMARY KEY,
        last_seq bigint NOT NULL,
        last_hash text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE audit_entries (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        chain_id uuid NOT NULL,
        seq bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_user_id uuid,
        actor_organisation_id uuid,
        actor_roles text[] NOT NULL DEFAULT '{}',
        on_behalf_of text,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text,
        subject_organisation_id uuid,
        case_id uuid,
        person_refs text[] NOT NULL DEFAULT '{}',
        purpose text,
        legal_basis text,
        outcome text NOT NULL,
        request_id text,
        client_address text,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (chain_id, seq)
      )`);
    await q.query(`CREATE INDEX audit_actor_org_idx ON audit_entries (actor_organisation_id, id)`);
    await q.query(`CREATE INDEX audit_subject_org_idx ON audit_entries (subject_organisation_id, id)`);
    await q.query(`CREATE INDEX audit_case_idx ON audit_entries (case_id, id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_actor_user_idx ON audit_entries (actor_user_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entries`);
    await q.query(`DROP FUNCTION audit_entries_append_only()`);
    await q.query(`DROP TABLE audit_chain_heads`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE organisations`);
  }
}
