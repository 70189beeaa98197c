import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in through the organisation's own OpenID Connect provider: one provider per organisation,
 * and the provider's subject on the users it has signed in. The client secret is not stored: the
 * row names the environment variable that holds it (docs/oidc.md). `vt_app` gets its rights on the
 * new table through the default privileges of AppRole1795700850000.
 */
export class OidcSignIn1795701150000 implements MigrationInterface {
  name = 'OidcSignIn1795701150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation_identity_providers (
        organisation_id uuid PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
        issuer text NOT NULL CHECK (issuer ~ '^https?://'),
        client_id text NOT NULL CHECK (client_id <> ''),
        -- Only OIDC_… names, so a row can never make the api send another setting (a database URL) away.
        client_secret_env text NOT NULL CHECK (client_secret_env ~ '^OIDC_[A-Z0-9_]{1,100}$'),
        redirect_uri text NOT NULL CHECK (redirect_uri ~ '^https?://'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A subject is unique at its issuer only: a new provider's subjects never match the old one's links.
    await q.query(`
      ALTER TABLE users ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text,
        ADD CONSTRAINT users_oidc_link_check CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))`);
    await q.query(
      `CREATE UNIQUE INDEX users_oidc_subject_idx ON users (organisation_id, oidc_issuer, oidc_subject)
         WHERE oidc_subject IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_oidc_subject_idx`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_oidc_link_check`);
    await q.query(`ALTER TABLE users DROP COLUMN oidc_subject, DROP COLUMN oidc_issuer`);
    await q.query(`DROP TABLE organisation_identity_providers`);
  }
}
