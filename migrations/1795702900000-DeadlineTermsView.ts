import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deadlines context publishes a case's terms as a read-only view, `deadline_terms` (issue 15).
 * The work queue, the deadline list, the dashboard and the cases' checks order and filter cases by
 * their terms in the statement that reads the cases; copying a next due date onto the case would
 * let a statutory term and its copy disagree. The view keeps that one statement while the table
 * stays the deadlines context's: its columns are the contract, the timers' bookkeeping (version,
 * timestamps, the copied regie) stays out of it, and the app role may only read it.
 *
 * A plain projection of one table, so PostgreSQL folds it into each statement and the table's
 * indexes serve as before.
 */
export class DeadlineTermsView1795702900000 implements MigrationInterface {
  name = 'DeadlineTermsView1795702900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW deadline_terms AS
        SELECT id, case_id, kind, subject_id, status, starts_at, due_at, completed_at, breached_at,
               late_working_days
          FROM deadlines`);
    // A one-table view is updatable by default; through this one nobody writes.
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON deadline_terms FROM vt_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW deadline_terms`);
  }
}
