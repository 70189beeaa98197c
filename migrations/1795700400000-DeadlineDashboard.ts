import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervisor dashboard (issue 4): a working-day count in SQL, so waiting times are counted by the database,
 * and indexes that read an organisation's deadlines through the cases it holds regie over.
 */
export class DeadlineDashboard1795700400000 implements MigrationInterface {
  name = 'DeadlineDashboard1795700400000';

  async up(q: QueryRunner): Promise<void> {
    // WorkingDayCalendar.workingDaysBetween in SQL: working days d with from_day < d <= to_day.
    // Weekdays are counted from Monday 1970-01-05 by arithmetic; listed days on a weekday are taken off.
    await q.query(`
      CREATE FUNCTION working_days_between(from_day date, to_day date) RETURNS integer
      LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
        SELECT sign(to_day - from_day)::integer * (
          ((greatest(from_day, to_day) - date '1970-01-05') / 7 * 5
            + least((greatest(from_day, to_day) - date '1970-01-05') % 7 + 1, 5))
          - ((least(from_day, to_day) - date '1970-01-05') / 7 * 5
            + least((least(from_day, to_day) - date '1970-01-05') % 7 + 1, 5))
          - (SELECT count(*)::integer FROM non_working_days h
              WHERE h.day > least(from_day, to_day) AND h.day <= greatest(from_day, to_day)
                AND extract(isodow FROM h.day) < 6))
      $$`);
    await q.query(`CREATE INDEX cases_regie_organisation_idx ON cases (regie_organisation_id, id)`);
    // Open and breached deadlines per case with what the counts need, read without the table.
    await q.query(
      `CREATE INDEX deadlines_live_case_idx ON deadlines (case_id, kind, status, due_at) WHERE status IN ('open','breached')`,
    );
    // GET /deadlines pages by (due_at, id); walking this index stops after one page.
    await q.query(`CREATE INDEX deadlines_due_id_idx ON deadlines (due_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deadlines_due_id_idx`);
    await q.query(`DROP INDEX deadlines_live_case_idx`);
    await q.query(`DROP INDEX cases_regie_organisation_idx`);
    await q.query(`DROP FUNCTION working_days_between(date, date)`);
  }
}
