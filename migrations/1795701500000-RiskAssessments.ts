import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Risk assessed over time (issue 16, items 3 and 5): dated assessments with an instrument, the
 * reassessment a new report, red flag or breached order calls for, and a waiting list ordered by
 * risk, then by time waited (docs/risk-assessments.md).
 */
export class RiskAssessments1795701500000 implements MigrationInterface {
  name = 'RiskAssessments1795701500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE risk_assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Orders assessments made at one clock reading (a test's fixed clock) as they were made.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        case_id uuid NOT NULL REFERENCES cases(id),
        instrument_code text NOT NULL,
        instrument_version integer NOT NULL,
        answers jsonb NOT NULL,
        score integer NOT NULL CHECK (score >= 0),
        calculated_level text NOT NULL CHECK (calculated_level IN ('low','elevated','high','critical')),
        level text NOT NULL CHECK (level IN ('low','elevated','high','critical')),
        reasons text[] NOT NULL,
        judgement_level text CHECK (judgement_level IN ('low','elevated','high','critical')),
        judgement_reason text,
        assessed_by uuid NOT NULL REFERENCES users(id),
        assessor_organisation_id uuid NOT NULL REFERENCES organisations(id),
        assessed_at timestamptz NOT NULL,
        CHECK ((judgement_level IS NULL) = (judgement_reason IS NULL)),
        CHECK (judgement_level IS NULL OR level = judgement_level)
      )`);
    await q.query(`CREATE INDEX risk_assessments_case_idx ON risk_assessments (case_id, assessed_at DESC, seq DESC)`);
    await q.query(`ALTER TABLE cases ADD COLUMN reassessment_due boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE cases ADD COLUMN reassessment_reasons text[] NOT NULL DEFAULT '{}'`);
    // The waiting list: highest risk first, then longest waiting (received first).
    await q.query(`
      CREATE INDEX cases_waiting_list_risk_idx ON cases (
        regie_organisation_id,
        array_position(ARRAY['critical','high','elevated','low']::text[], risk_level),
        received_at,
        id
      ) WHERE regisseur_user_id IS NULL AND phase <> 'closed'`);
    await q.query(`DROP INDEX cases_waiting_list_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX cases_waiting_list_idx ON cases (regie_organisation_id, received_at) WHERE regisseur_user_id IS NULL AND phase <> 'closed'`,
    );
    await q.query(`DROP INDEX cases_waiting_list_risk_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN reassessment_reasons`);
    await q.query(`ALTER TABLE cases DROP COLUMN reassessment_due`);
    await q.query(`DROP TABLE risk_assessments`);
  }
}
