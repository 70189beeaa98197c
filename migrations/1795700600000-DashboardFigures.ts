import { MigrationInterface, QueryRunner } from 'typeorm';

const LIVE = `('open','breached')`;
const LOCAL_DAY = (column: string) => `(${column} AT TIME ZONE 'Europe/Amsterdam')::date`;

/** The histogram per Amsterdam day of completion (for exports from and to a day) and per month. */
const HISTOGRAMS = [
  { table: 'lead_times_by_day', period: 'completed_on', of: (day: string) => day },
  { table: 'lead_times_by_month', period: 'month', of: (day: string) => `date_trunc('month', ${day})::date` },
];

/**
 * Adds the met deadlines of `source` (rows of deadlines with a column `sign`: 1 to add, -1 to take
 * off) to both histograms. Working days from start to completion are the difference of two
 * ordinals from working_day_ordinals, as GET /dashboard counted them before: one hash join for a
 * whole statement instead of counting holidays per row.
 */
const addLeadTimes = (source: string) => {
  const [byDay, byMonth] = HISTOGRAMS.map(
    ({ table, period, of }) => `
    INSERT INTO ${table} AS t (organisation_id, kind, ${period}, working_days, completed, within_term)
    SELECT organisation_id, kind, ${of('completed_on')}, working_days, sum(completed), sum(within_term)
      FROM bins
     GROUP BY 1, 2, 3, 4
    HAVING sum(completed) <> 0 OR sum(within_term) <> 0
     -- Rows locked in key order, so two statements cannot deadlock on the histogram.
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (organisation_id, kind, ${period}, working_days) DO UPDATE
       SET completed = t.completed + excluded.completed, within_term = t.within_term + excluded.within_term`,
  );
  return `
  WITH changed AS (${source}),
  spans AS (
    SELECT regie_organisation_id AS organisation_id, kind, sign, completed_at <= due_at AS on_time,
           ${LOCAL_DAY('starts_at')} AS started, ${LOCAL_DAY('completed_at')} AS completed
      FROM changed WHERE status = 'met' AND completed_at IS NOT NULL),
  ordinals AS (
    SELECT * FROM working_day_ordinals((SELECT least(min(started), min(completed)) FROM spans),
                                       (SELECT greatest(max(started), max(completed)) FROM spans))),
  bins AS (
    SELECT s.organisation_id, s.kind, s.completed AS completed_on, e.ordinal - b.ordinal AS working_days,
           sum(s.sign) AS completed, coalesce(sum(s.sign) FILTER (WHERE s.on_time), 0) AS within_term
      FROM spans s
      JOIN ordinals b ON b.on_day = s.started
      JOIN ordinals e ON e.on_day = s.completed
     GROUP BY 1, 2, 3, 4),
  by_month AS (${byMonth})
  ${byDay}`;
};

/**
 * Supervisor dashboard figures kept by the database (bench/README.md, "Supervisor dashboard").
 *
 * `deadlines.regie_organisation_id` copies the case's regie organisation while a deadline is open
 * or breached, so the counts are one index range scan without joining cases. When a deadline ends
 * (met or cancelled) the copy stays as it was: the organisation that held regie then.
 *
 * `lead_times_by_day` and `lead_times_by_month` are a histogram of met deadlines per organisation
 * (the one that held regie at completion), kind, Amsterdam day (or month) of completion and working
 * days from start to completion, with how many were met within the term. Medians and shares for
 * any span of days come from it: the dashboard reads months (some 700 rows for a year instead of
 * some 11,000 days), the export reads days, as it counts from and to a day.
 */
export class DashboardFigures1795700600000 implements MigrationInterface {
  name = 'DashboardFigures1795700600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines ADD COLUMN regie_organisation_id uuid`);
    await q.query(
      `UPDATE deadlines d SET regie_organisation_id = c.regie_organisation_id FROM cases c WHERE c.id = d.case_id`,
    );
    await q.query(`ALTER TABLE deadlines ALTER COLUMN regie_organisation_id SET NOT NULL`);
    await q.query(`COMMENT ON COLUMN deadlines.regie_organisation_id IS
      'Copy of cases.regie_organisation_id while open or breached; once ended, the organisation that held regie then. Written by triggers only.'`);
    await q.query(
      `CREATE INDEX deadlines_regie_live_idx ON deadlines (regie_organisation_id, status, kind, due_at) WHERE status IN ${LIVE}`,
    );
    // The counts read that index without the table only for pages vacuumed since they last changed;
    // the others cost a visit per entry: 10 ms became 20 ms after 1,000 changed rows and 40 ms after
    // 5,000, while a vacuum then took 0.3 s (bench/README.md). Vacuum after every 1,000 changed or
    // new rows, not after 20 % of the table.
    await q.query(`
      ALTER TABLE deadlines SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0,
                                 autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0)`);

    // The copy is taken from the case on insert, and again should a deadline move to another case
    // or become live again. FOR SHARE: a regie handover in progress on the case finishes first, so
    // its update of the case's live deadlines cannot miss this row.
    await q.query(`
      CREATE FUNCTION deadlines_copy_regie() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT c.regie_organisation_id INTO NEW.regie_organisation_id FROM cases c WHERE c.id = NEW.case_id FOR SHARE;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER deadlines_copy_regie_on_insert BEFORE INSERT ON deadlines
      FOR EACH ROW EXECUTE FUNCTION deadlines_copy_regie()`);
    await q.query(`
      CREATE TRIGGER deadlines_copy_regie_on_update BEFORE UPDATE OF case_id, status ON deadlines
      FOR EACH ROW WHEN (NEW.case_id IS DISTINCT FROM OLD.case_id
                         OR (NEW.status IN ${LIVE} AND OLD.status NOT IN ${LIVE}))
      EXECUTE FUNCTION deadlines_copy_regie()`);

    // A handover moves the case's live deadlines, and so its open counts, at once.
    await q.query(`
      CREATE FUNCTION cases_move_regie_of_deadlines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE deadlines SET regie_organisation_id = NEW.regie_organisation_id
         WHERE case_id = NEW.id AND status IN ${LIVE};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_move_regie_of_deadlines AFTER UPDATE OF regie_organisation_id ON cases
      FOR EACH ROW WHEN (NEW.regie_organisation_id IS DISTINCT FROM OLD.regie_organisation_id)
      EXECUTE FUNCTION cases_move_regie_of_deadlines()`);

    // For every day from first_day to last_day: the working days from first_day up to and including it.
    await q.query(`
      CREATE FUNCTION working_day_ordinals(first_day date, last_day date) RETURNS TABLE (on_day date, ordinal bigint)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT g::date, count(*) FILTER (WHERE extract(isodow FROM g) < 6 AND h.day IS NULL) OVER (ORDER BY g)
          FROM generate_series(first_day, last_day, interval '1 day') g
          LEFT JOIN non_working_days h ON h.day = g::date
      $$`);

    for (const { table, period } of HISTOGRAMS) {
      await q.query(`
        CREATE TABLE ${table} (
          organisation_id uuid NOT NULL,
          kind text NOT NULL,
          ${period} date NOT NULL,
          working_days integer NOT NULL,
          -- No CHECK (completed >= 0): ON CONFLICT checks the proposed row, which for a withdrawn completion is -1.
          completed integer NOT NULL,
          within_term integer NOT NULL,
          PRIMARY KEY (organisation_id, kind, ${period}, working_days)
        )`);
    }

    // Statement triggers see a whole set-based update at once (a batch of breaches costs one
    // look at its rows); an update that leaves met rows as they were adds and takes off the same.
    await q.query(`
      CREATE FUNCTION deadlines_count_lead_times() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'met') THEN
            ${addLeadTimes(`SELECT *, 1 AS sign FROM new_rows`)};
          END IF;
        ELSIF TG_OP = 'DELETE' THEN
          IF EXISTS (SELECT 1 FROM old_rows WHERE status = 'met') THEN
            ${addLeadTimes(`SELECT *, -1 AS sign FROM old_rows`)};
          END IF;
        ELSIF EXISTS (SELECT 1 FROM new_rows WHERE status = 'met') OR EXISTS (SELECT 1 FROM old_rows WHERE status = 'met') THEN
          ${addLeadTimes(`SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 AS sign FROM old_rows`)};
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER deadlines_lead_times_on_insert AFTER INSERT ON deadlines
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deadlines_count_lead_times()`);
    await q.query(`
      CREATE TRIGGER deadlines_lead_times_on_update AFTER UPDATE ON deadlines
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deadlines_count_lead_times()`);
    await q.query(`
      CREATE TRIGGER deadlines_lead_times_on_delete AFTER DELETE ON deadlines
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION deadlines_count_lead_times()`);

    // Counts again the completions from the month of a day on, from the deadlines themselves. The
    // locks make completions wait, so none is counted twice or missed.
    await q.query(`
      CREATE FUNCTION recount_lead_times(from_day date) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        first_day date := date_trunc('month', from_day)::date;
      BEGIN
        LOCK TABLE lead_times_by_day, lead_times_by_month IN EXCLUSIVE MODE;
        DELETE FROM lead_times_by_day WHERE completed_on >= first_day;
        DELETE FROM lead_times_by_month WHERE month >= first_day;
        ${addLeadTimes(
          `SELECT *, 1 AS sign FROM deadlines
            WHERE status = 'met' AND completed_at >= first_day::timestamp AT TIME ZONE 'Europe/Amsterdam'`,
        )};
      END $$`);
    await q.query(`SELECT recount_lead_times('-infinity')`);

    // A decree day added (at start-up, from configuration) changes the working days of the terms
    // that span it, as it did when the dashboard counted them per request.
    await q.query(`
      CREATE FUNCTION non_working_days_recount_lead_times() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM recount_lead_times(NEW.day);
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM recount_lead_times(OLD.day);
        ELSE
          PERFORM recount_lead_times(least(OLD.day, NEW.day));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER non_working_days_recount_lead_times AFTER INSERT OR UPDATE OR DELETE ON non_working_days
      FOR EACH ROW EXECUTE FUNCTION non_working_days_recount_lead_times()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER non_working_days_recount_lead_times ON non_working_days`);
    await q.query(`DROP FUNCTION non_working_days_recount_lead_times()`);
    await q.query(`DROP FUNCTION recount_lead_times(date)`);
    await q.query(`DROP TRIGGER deadlines_lead_times_on_delete ON deadlines`);
    await q.query(`DROP TRIGGER deadlines_lead_times_on_update ON deadlines`);
    await q.query(`DROP TRIGGER deadlines_lead_times_on_insert ON deadlines`);
    await q.query(`DROP FUNCTION deadlines_count_lead_times()`);
    await q.query(`DROP TABLE lead_times_by_month`);
    await q.query(`DROP TABLE lead_times_by_day`);
    await q.query(`DROP FUNCTION working_day_ordinals(date, date)`);
    await q.query(`DROP TRIGGER cases_move_regie_of_deadlines ON cases`);
    await q.query(`DROP FUNCTION cases_move_regie_of_deadlines()`);
    await q.query(`DROP TRIGGER deadlines_copy_regie_on_update ON deadlines`);
    await q.query(`DROP TRIGGER deadlines_copy_regie_on_insert ON deadlines`);
    await q.query(`DROP FUNCTION deadlines_copy_regie()`);
    await q.query(`
      ALTER TABLE deadlines RESET (autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor,
                                   autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor)`);
    await q.query(`DROP INDEX deadlines_regie_live_idx`);
    await q.query(`ALTER TABLE deadlines DROP COLUMN regie_organisation_id`);
  }
}
