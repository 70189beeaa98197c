import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = ['reporter_feedback', 'follow_up_check'];

/**
 * Feedback to a professional reporter, advice requests, follow-up after closing and the quarterly
 * figures (docs/feedback-and-follow-up.md, docs/figures.md): their tables, the deadline kinds
 * `reporter_feedback` and `follow_up_check`, and the indexes the figures read per quarter.
 */
export class FeedbackFollowUpFigures1795702000000 implements MigrationInterface {
  name = 'FeedbackFollowUpFigures1795702000000';

  async up(q: QueryRunner): Promise<void> {
    // Only that the report was taken up and the kind of follow-up: never case content.
    await q.query(`
      CREATE TABLE reporter_feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        report_id uuid NOT NULL UNIQUE REFERENCES reports(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        follow_up text NOT NULL CHECK (follow_up IN ('none','voluntary_help','investigation')),
        note text CHECK (char_length(note) <= 1000),
        email_status text NOT NULL CHECK (email_status IN ('none','pending','sent','failed','skipped')),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX reporter_feedback_case_idx ON reporter_feedback (case_id)`);
    await q.query(`
      CREATE TABLE advice_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial UNIQUE,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        asked_at timestamptz NOT NULL,
        anonymous boolean NOT NULL,
        requester_kind text NOT NULL CHECK (requester_kind IN ('professional','citizen','police')),
        requester_organisation_kind text CHECK (char_length(requester_organisation_kind) <= 50),
        requester_ciphertext bytea,
        requester_key_id text,
        subjects text[] NOT NULL CHECK (cardinality(subjects) BETWEEN 1 AND 20),
        question text NOT NULL CHECK (char_length(question) <= 4000),
        advice text NOT NULL CHECK (char_length(advice) <= 4000),
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 600),
        adviser_user_id uuid NOT NULL REFERENCES users(id),
        case_id uuid REFERENCES cases(id),
        reported_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (anonymous = (requester_ciphertext IS NULL)),
        CHECK ((case_id IS NULL) = (reported_at IS NULL))
      )`);
    await q.query(`CREATE INDEX advice_requests_organisation_idx ON advice_requests (organisation_id, asked_at)`);
    await q.query(`
      CREATE TABLE follow_up_checks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        interval text NOT NULL CHECK (interval ~ '^[0-9]{1,3}[dw]$'),
        due_at timestamptz NOT NULL,
        outcome text CHECK (outcome IN ('safe','concern','new_report_needed')),
        note text CHECK (char_length(note) <= 2000),
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((outcome IS NULL) = (recorded_at IS NULL))
      )`);
    await q.query(`CREATE INDEX follow_up_checks_case_idx ON follow_up_checks (case_id, due_at)`);
    // A report on a household while its closed case is in follow-up: flagged in the radar.
    await q.query(`
      CREATE TABLE follow_up_reports (
        case_id uuid NOT NULL REFERENCES cases(id),
        closed_case_id uuid NOT NULL REFERENCES cases(id),
        report_id uuid NOT NULL REFERENCES reports(id),
        flagged_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, closed_case_id, report_id)
      )`);
    await q.query(`CREATE INDEX follow_up_reports_closed_idx ON follow_up_reports (closed_case_id)`);
    // The figures: terms met per receiving organisation and quarter, closings per quarter.
    await q.query(
      `CREATE INDEX deadlines_met_statutory_idx ON deadlines (kind, completed_at, case_id)
        WHERE status = 'met' AND kind IN ('safety_assessment','investigation')`,
    );
    await q.query(
      `CREATE INDEX cases_organisation_closed_idx ON cases (organisation_id, closed_at) WHERE closed_at IS NOT NULL`,
    );
    await setDeadlineKinds(q, (kinds) => [...new Set([...kinds, ...KINDS])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM deadline_reminders WHERE deadline_id IN (SELECT id FROM deadlines WHERE kind = ANY($1))`,
      [KINDS],
    );
    await q.query(`DELETE FROM deadlines WHERE kind = ANY($1)`, [KINDS]);
    await setDeadlineKinds(q, (kinds) => kinds.filter((kind) => !KINDS.includes(kind)));
    await q.query(`DROP INDEX cases_organisation_closed_idx`);
    await q.query(`DROP INDEX deadlines_met_statutory_idx`);
    await q.query(`DROP TABLE follow_up_reports`);
    await q.query(`DROP TABLE follow_up_checks`);
    await q.query(`DROP TABLE advice_requests`);
    await q.query(`DROP TABLE reporter_feedback`);
  }
}

/**
 * Rewrites the check on deadlines.kind from the kinds it allows now, so migrations of other
 * features that add a kind of their own keep theirs whichever runs first.
 */
async function setDeadlineKinds(q: QueryRunner, change: (kinds: string[]) => string[]): Promise<void> {
  const [{ name, definition }] = (await q.query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE conrelid = 'deadlines'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%'`,
  )) as { name: string; definition: string }[];
  const kinds = change([...definition.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]));
  const list = kinds.map((kind) => `'${kind}'`).join(', ');
  await q.query(`ALTER TABLE deadlines DROP CONSTRAINT "${name}"`);
  await q.query(`ALTER TABLE deadlines ADD CONSTRAINT "${name}" CHECK (kind IN (${list}))`);
}
