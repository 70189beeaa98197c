import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a session last proved the second factor (docs/second-factor.md, step-up): at a sign-in with
 * it, at a confirmed factor and at a step-up. Changing an account's factors needs a recent proof, so
 * a stolen access token or a session left open cannot add its holder's own factor. Kept on the
 * refresh tokens of the session's family (the session has no row of its own); NULL: never proved,
 * as after a password alone.
 */
export class SessionSecondFactorAt1795703000000 implements MigrationInterface {
  name = 'SessionSecondFactorAt1795703000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens ADD COLUMN second_factor_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens DROP COLUMN second_factor_at`);
  }
}
