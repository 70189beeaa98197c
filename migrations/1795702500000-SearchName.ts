import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The folded name a search matches, stored beside the name (issue 18's search benchmark): the
 * trigram index held it already, but every candidate row was folded again through `unaccent` to
 * check the match and once more to rank it, which cost more than the index scan itself.
 */
export class SearchName1795702500000 implements MigrationInterface {
  name = 'SearchName1795702500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE persons ADD COLUMN search_name text
         GENERATED ALWAYS AS (fold_for_search(first_name || ' ' || last_name)) STORED`,
    );
    await q.query(`CREATE INDEX persons_search_name_trgm_idx ON persons USING gin (search_name gin_trgm_ops)`);
    await q.query(`DROP INDEX persons_name_trgm_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX persons_name_trgm_idx ON persons USING gin (fold_for_search(first_name || ' ' || last_name) gin_trgm_ops)`,
    );
    await q.query(`DROP INDEX persons_search_name_trgm_idx`);
    await q.query(`ALTER TABLE persons DROP COLUMN search_name`);
  }
}
