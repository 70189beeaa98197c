import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The second factor at sign-in (docs/second-factor.md): a TOTP secret per user (sealed with the
 * data encryption keys, like a BSN), passkeys (several per user) and single-use recovery codes
 * (hashed), and the `acr` value that makes an organisation's OpenID Connect sign-in count as
 * multi-factor. `vt_app` gets its rights through the default privileges of AppRole1795700850000.
 */
export class SecondFactor1795701300000 implements MigrationInterface {
  name = 'SecondFactor1795701300000';

  async up(q: QueryRunner): Promise<void> {
    // confirmed_at NULL: set up, but its first code not yet given, so it does not count.
    // last_time_step: the newest 30-second step a code was accepted for; older and equal are refused.
    await q.query(`
      CREATE TABLE user_totp (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret_ciphertext bytea NOT NULL,
        secret_key_id text NOT NULL,
        confirmed_at timestamptz,
        last_time_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE user_passkeys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        credential_id text NOT NULL UNIQUE CHECK (length(credential_id) BETWEEN 1 AND 1400),
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0 CHECK (counter >= 0),
        transports text[] NOT NULL DEFAULT '{}',
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX user_passkeys_user_idx ON user_passkeys (user_id)`);
    await q.query(`
      CREATE TABLE user_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, code_hash)
      )`);
    await q.query(`
      ALTER TABLE organisation_identity_providers
        ADD COLUMN mfa_acr text CHECK (mfa_acr IS NULL OR length(mfa_acr) BETWEEN 1 AND 200)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation_identity_providers DROP COLUMN mfa_acr`);
    await q.query(`DROP TABLE user_recovery_codes`);
    await q.query(`DROP TABLE user_passkeys`);
    await q.query(`DROP TABLE user_totp`);
  }
}
