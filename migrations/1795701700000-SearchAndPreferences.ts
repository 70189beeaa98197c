import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search within reach and e-mail preferences (issue 18). Names are found fuzzily and without
 * regard to accents through a trigram index on a folded name. `unaccent` is only STABLE (its
 * dictionary could change), so an index cannot use it directly; `fold_for_search` pins the
 * dictionary by schema and is declared IMMUTABLE, the usual way to index it. Both extensions are
 * trusted, so the owner creates them without being a superuser (docs/database-roles.md).
 */
export class SearchAndPreferences1795701700000 implements MigrationInterface {
  name = 'SearchAndPreferences1795701700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    await q.query(`
      CREATE FUNCTION fold_for_search(value text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT lower(public.unaccent('public.unaccent'::regdictionary, value))
      $$`);
    await q.query(
      `CREATE INDEX persons_name_trgm_idx ON persons USING gin (fold_for_search(first_name || ' ' || last_name) gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX persons_date_of_birth_idx ON persons (date_of_birth)`);
    // The unread badge counts a user's unread notifications on every page.
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (recipient_user_id) WHERE read_at IS NULL`);
    // Absent row: every kind by e-mail. Kinds listed in email_muted_kinds are not mailed; a kind
    // added later is mailed until its recipient mutes it.
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        email boolean NOT NULL DEFAULT true,
        email_muted_kinds text[] NOT NULL DEFAULT '{}' CHECK (cardinality(email_muted_kinds) <= 50),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`DROP INDEX notifications_unread_idx`);
    await q.query(`DROP INDEX persons_date_of_birth_idx`);
    await q.query(`DROP INDEX persons_name_trgm_idx`);
    await q.query(`DROP FUNCTION fold_for_search(text)`);
    await q.query(`DROP EXTENSION IF EXISTS unaccent`);
    await q.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
