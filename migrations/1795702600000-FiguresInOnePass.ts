import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quarterly figures in one pass over each organisation's reports (issue 17's benchmark: 100,000
 * cases within 500 ms). "With children" was a probe into case_persons per report; the case now
 * carries the fact (`has_child`, set by a trigger whenever a child is added, so every way in keeps
 * it), and the reports' index carries what they are counted by, so the scan never reads the table.
 * Repeat reports are few: a partial index holds only them. The terms come from the lead-time
 * histogram, so the index FeedbackFollowUpFigures made for counting met terms is read by nothing and
 * only slows every deadline write: it goes.
 */
export class FiguresInOnePass1795702600000 implements MigrationInterface {
  name = 'FiguresInOnePass1795702600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN has_child boolean NOT NULL DEFAULT false`);
    await q.query(
      `UPDATE cases SET has_child = true WHERE id IN (SELECT case_id FROM case_persons WHERE role = 'child')`,
    );
    await q.query(`
      CREATE FUNCTION case_persons_mark_child() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE cases SET has_child = true WHERE id = NEW.case_id AND NOT has_child;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_persons_mark_child AFTER INSERT OR UPDATE OF role ON case_persons
      FOR EACH ROW WHEN (NEW.role = 'child') EXECUTE FUNCTION case_persons_mark_child()`);
    await q.query(`CREATE INDEX cases_with_child_idx ON cases (organisation_id) INCLUDE (id) WHERE has_child`);
    await q.query(
      `CREATE INDEX reports_figures_idx ON reports (organisation_id, received_at)
         INCLUDE (reporter_kind, violence_types, case_id)`,
    );
    await q.query(`DROP INDEX reports_organisation_received_idx`);
    await q.query(
      `CREATE INDEX cases_repeat_idx ON cases (organisation_id, received_at) WHERE repeat_within_12_months`,
    );
    await q.query(`DROP INDEX deadlines_met_statutory_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX deadlines_met_statutory_idx ON deadlines (kind, completed_at, case_id)
        WHERE status = 'met' AND kind IN ('safety_assessment','investigation')`,
    );
    await q.query(`DROP INDEX cases_repeat_idx`);
    await q.query(`CREATE INDEX reports_organisation_received_idx ON reports (organisation_id, received_at)`);
    await q.query(`DROP INDEX reports_figures_idx`);
    await q.query(`DROP INDEX cases_with_child_idx`);
    await q.query(`DROP TRIGGER case_persons_mark_child ON case_persons`);
    await q.query(`DROP FUNCTION case_persons_mark_child()`);
    await q.query(`ALTER TABLE cases DROP COLUMN has_child`);
  }
}
