import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The radar across regions: which other Veilig Thuis organisations know a person of a case (a hit
 * and a contact point, never their content), and each organisation's contact point for it.
 */
export class RegionRadar1795702200000 implements MigrationInterface {
  name = 'RegionRadar1795702200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations ADD COLUMN contact text CHECK (char_length(contact) <= 200)`);
    await q.query(`
      CREATE TABLE case_region_hits (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        matched_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, organisation_id)
      )`);
    // Persons are matched across organisations by their keyed hashes.
    await q.query(
      `CREATE INDEX persons_bsn_hash_any_organisation_idx ON persons (bsn_hash) WHERE bsn_hash IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX persons_name_key_any_organisation_idx ON persons (name_key) WHERE date_of_birth IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX persons_name_key_any_organisation_idx`);
    await q.query(`DROP INDEX persons_bsn_hash_any_organisation_idx`);
    await q.query(`DROP TABLE case_region_hits`);
    await q.query(`ALTER TABLE organisations DROP COLUMN contact`);
  }
}
