import { MigrationInterface, QueryRunner } from 'typeorm';

/** Case work (issue 3): reports, persons, network, regie, safety plan, escalations, deadlines, timeline. */
export class CaseWork1795700100000 implements MigrationInterface {
  name = 'CaseWork1795700100000';

  async up(q: QueryRunner): Promise<void> {
    // Lets the database itself check that a regisseur belongs to the organisation holding regie.
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_id_organisation_key UNIQUE (id, organisation_id)`);

    // Gapless references per receiving organisation and year: the counter row is locked by the
    // intake transaction, so a rolled-back intake gives its number back.
    await q.query(`
      CREATE TABLE case_reference_counters (
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        year integer NOT NULL,
        last_number integer NOT NULL,
        PRIMARY KEY (organisation_id, year)
      )`);

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        reference text NOT NULL CHECK (reference ~ '^VT-[0-9]{4}-[0-9]{6}$'),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        phase text NOT NULL CHECK (phase IN ('triage','investigation','follow_up','closed')),
        acute boolean NOT NULL,
        received_at timestamptz NOT NULL,
        regie_organisation_id uuid NOT NULL REFERENCES organisations(id),
        regisseur_user_id uuid,
        violence_types text[] NOT NULL,
        red_flags text[] NOT NULL,
        risk_level text NOT NULL CHECK (risk_level IN ('low','elevated','high','critical')),
        risk_reasons text[] NOT NULL,
        repeat_within_12_months boolean NOT NULL DEFAULT false,
        predecessor_case_id uuid REFERENCES cases(id),
        assessment_outcome text CHECK (assessment_outcome IN ('acute_unsafe','structural_unsafe','safe')),
        assessment_decision text CHECK (assessment_decision IN ('close','follow_up','investigation')),
        assessment_summary text,
        assessed_at timestamptz,
        investigation_conclusion text,
        investigation_completed_at timestamptz,
        closed_at timestamptz,
        close_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- One column holds the one regisseur; the pair must be a user of the regie organisation.
        FOREIGN KEY (regisseur_user_id, regie_organisation_id) REFERENCES users(id, organisation_id),
        CHECK ((phase = 'closed') = (closed_at IS NOT NULL)),
        -- References count per receiving organisation: two regions both have a VT-2026-000001.
        UNIQUE (organisation_id, reference)
      )`);
    await q.query(
      `CREATE INDEX cases_regisseur_idx ON cases (regisseur_user_id, seq DESC) WHERE regisseur_user_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX cases_waiting_list_idx ON cases (regie_organisation_id, received_at) WHERE regisseur_user_id IS NULL AND phase <> 'closed'`,
    );
    await q.query(`CREATE INDEX cases_organisation_idx ON cases (organisation_id, received_at)`);

    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        received_at timestamptz NOT NULL,
        acute boolean NOT NULL,
        channel text NOT NULL CHECK (channel IN ('phone','email','police','professional','chat','other')),
        reporter_kind text NOT NULL CHECK (reporter_kind IN ('professional','citizen','police')),
        -- Who reported, encrypted; it never leaves the receiving organisation.
        reporter_ciphertext bytea NOT NULL,
        reporter_key_id text NOT NULL,
        violence_types text[] NOT NULL,
        red_flags text[] NOT NULL,
        narrative text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reports_case_idx ON reports (case_id, received_at)`);
    await q.query(`CREATE INDEX reports_organisation_received_idx ON reports (organisation_id, received_at)`);

    // Persons are known per receiving organisation: that is the scope of the radar.
    await q.query(`
      CREATE TABLE persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        first_name text NOT NULL,
        last_name text NOT NULL,
        date_of_birth date,
        bsn_ciphertext bytea,
        bsn_key_id text,
        bsn_hash bytea,
        name_key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((bsn_ciphertext IS NULL) = (bsn_hash IS NULL) AND (bsn_ciphertext IS NULL) = (bsn_key_id IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX persons_bsn_key ON persons (organisation_id, bsn_hash) WHERE bsn_hash IS NOT NULL`,
    );
    await q.query(`CREATE INDEX persons_name_key_idx ON persons (organisation_id, name_key)`);

    await q.query(`
      CREATE TABLE case_persons (
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        role text NOT NULL CHECK (role IN ('victim','suspect','child','other')),
        report_id uuid NOT NULL REFERENCES reports(id),
        PRIMARY KEY (case_id, person_id, role)
      )`);
    await q.query(`CREATE INDEX case_persons_person_idx ON case_persons (person_id, role)`);

    await q.query(`
      CREATE TABLE case_partners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        -- Copied from the case so an organisation's work queue is read in one index, newest first.
        case_seq bigint NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        legal_basis text NOT NULL CHECK (legal_basis IN ('statutory','consent')),
        legal_basis_ref text NOT NULL,
        categories text[] NOT NULL CHECK (categories <@ ARRAY['basic','safety','narrative']::text[] AND 'basic' = ANY(categories)),
        expires_at timestamptz,
        added_by uuid REFERENCES users(id),
        added_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz,
        removed_by uuid REFERENCES users(id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX case_partners_active_key ON case_partners (case_id, organisation_id) WHERE removed_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX case_partners_work_queue_idx ON case_partners (organisation_id, case_seq DESC) WHERE removed_at IS NULL`,
    );
    // A case's whole network, removed partners included (case view): the partial keys above cannot serve it.
    await q.query(`CREATE INDEX case_partners_case_idx ON case_partners (case_id, added_at)`);

    await q.query(`
      CREATE TABLE regie_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        from_user_id uuid REFERENCES users(id),
        from_organisation_id uuid NOT NULL REFERENCES organisations(id),
        to_user_id uuid NOT NULL REFERENCES users(id),
        to_organisation_id uuid NOT NULL REFERENCES organisations(id),
        assigned_by uuid NOT NULL REFERENCES users(id),
        reason text,
        assigned_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX regie_assignments_case_idx ON regie_assignments (case_id, assigned_at)`);

    await q.query(`
      CREATE TABLE case_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        assignee_organisation_id uuid NOT NULL REFERENCES organisations(id),
        description text NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open','done','blocked')),
        note text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_actions_case_idx ON case_actions (case_id, created_at)`);

    await q.query(`
      CREATE TABLE escalations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        action_id uuid REFERENCES case_actions(id),
        target_organisation_id uuid NOT NULL REFERENCES organisations(id),
        reason text NOT NULL,
        raised_by uuid NOT NULL REFERENCES users(id),
        raised_at timestamptz NOT NULL DEFAULT now(),
        resolution text,
        resolved_by uuid REFERENCES users(id),
        resolved_at timestamptz,
        CHECK ((resolved_at IS NULL) = (resolution IS NULL))
      )`);
    await q.query(`CREATE INDEX escalations_case_idx ON escalations (case_id, raised_at)`);

    await q.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('safety_assessment','investigation','restraining_order_advice',
          'restraining_order_end','action','escalation_response')),
        subject_id uuid,
        starts_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open','met','breached','cancelled')),
        completed_at timestamptz,
        late_working_days integer CHECK (late_working_days >= 0),
        breached_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX deadlines_case_idx ON deadlines (case_id, due_at)`);
    await q.query(`CREATE INDEX deadlines_open_due_idx ON deadlines (due_at, case_id) WHERE status = 'open'`);
    // Per case, only open deadlines: the work queue's deadline filters probe it once per candidate case.
    await q.query(`CREATE INDEX deadlines_open_case_idx ON deadlines (case_id, due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX deadlines_breached_idx ON deadlines (case_id) WHERE status = 'breached'`);
    await q.query(
      `CREATE UNIQUE INDEX deadlines_one_open_statutory_key ON deadlines (case_id, kind)
       WHERE status = 'open' AND kind IN ('safety_assessment','investigation')`,
    );

    // Notes whose category decides who reads them: medical notes only medical users of the writer's organisation.
    await q.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        category text NOT NULL CHECK (category IN ('safety','narrative','medical')),
        text text NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at)`);

    await q.query(`
      CREATE TABLE case_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        category text NOT NULL CHECK (category IN ('basic','safety','narrative','medical','reporter')),
        actor_user_id uuid REFERENCES users(id),
        actor_organisation_id uuid REFERENCES organisations(id),
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX case_events_case_idx ON case_events (case_id, id)`);

    await q.query(`
      CREATE TABLE case_links (
        case_id uuid NOT NULL REFERENCES cases(id),
        related_case_id uuid NOT NULL REFERENCES cases(id),
        reason text NOT NULL CHECK (reason IN ('shared_person','successor')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, related_case_id),
        CHECK (case_id <> related_case_id)
      )`);
    // Links are read from both ends (radar count, related cases).
    await q.query(`CREATE INDEX case_links_related_idx ON case_links (related_case_id)`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        recipient_user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL,
        case_id uuid REFERENCES cases(id),
        subject_id uuid,
        title text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_recipient_idx ON notifications (recipient_user_id, seq DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notifications',
      'case_links',
      'case_events',
      'case_notes',
      'deadlines',
      'escalations',
      'case_actions',
      'regie_assignments',
      'case_partners',
      'case_persons',
      'persons',
      'reports',
      'cases',
      'case_reference_counters',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_id_organisation_key`);
  }
}
