import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a person's releasable data last changed, so a granted detail request serves the data only
 * as it was when decided: a later change makes the answer `gewijzigd`, and the hub asks again.
 */
export class DetailAnswerLimits1795600000000 implements MigrationInterface {
  name = 'DetailAnswerLimits1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE known_persons ADD COLUMN details_changed_at timestamptz`);
    await q.query(`UPDATE known_persons SET details_changed_at = created_at`);
    await q.query(`
      ALTER TABLE known_persons
        ALTER COLUMN details_changed_at SET NOT NULL,
        ALTER COLUMN details_changed_at SET DEFAULT now()`);
    // clock_timestamp, not now(): a long transaction must not date its change before a decision.
    await q.query(`
      CREATE FUNCTION known_persons_details_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.details_changed_at := clock_timestamp();
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER known_persons_details_changed
        BEFORE UPDATE OF details, identity_confirmed ON known_persons
        FOR EACH ROW
        WHEN (OLD.details IS DISTINCT FROM NEW.details OR OLD.identity_confirmed IS DISTINCT FROM NEW.identity_confirmed)
        EXECUTE FUNCTION known_persons_details_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER known_persons_details_changed ON known_persons`);
    await q.query(`DROP FUNCTION known_persons_details_changed()`);
    await q.query(`ALTER TABLE known_persons DROP COLUMN details_changed_at`);
  }
}
