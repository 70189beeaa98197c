import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail addresses are unique per organisation, not across the platform: an organisation's admin
 * creating a user can no longer learn that an address is in use at another organisation. Login by
 * e-mail then tries every active account with that address (docs/users-and-login.md).
 */
export class EmailPerOrganisation1795701250000 implements MigrationInterface {
  name = 'EmailPerOrganisation1795701250000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_email_key`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_organisation_email_key UNIQUE (organisation_id, email)`);
    // Login looks an address up across organisations.
    await q.query(`CREATE INDEX users_email_idx ON users (email)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ shared }] = (await q.query(
      `SELECT count(*)::int AS shared FROM (SELECT email FROM users GROUP BY email HAVING count(*) > 1) s`,
    )) as { shared: number }[];
    if (shared > 0) {
      throw new Error(
        `EmailPerOrganisation down: ${shared} e-mail address(es) belong to users of more than one organisation; ` +
          'give them distinct addresses before reverting to one address per platform',
      );
    }
    await q.query(`DROP INDEX users_email_idx`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_organisation_email_key`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)`);
  }
}
