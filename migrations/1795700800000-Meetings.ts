import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Meetings (issue 6): Actie-overleg, ZSM, MDA++ and safety-house case meetings. The meeting keeps
 * its agenda and its decisions; what a decision sets in motion (actions, deadlines, regie) lives
 * in the case and is only linked from here.
 */
export class Meetings1795700800000 implements MigrationInterface {
  name = 'Meetings1795700800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        kind text NOT NULL CHECK (kind IN ('action_meeting', 'zsm', 'mda', 'safety_house')),
        -- The chair's organisation holds the meeting; its chairs run it.
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        chair_user_id uuid NOT NULL REFERENCES users(id),
        scheduled_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_at timestamptz,
        closed_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE meeting_participants (
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        PRIMARY KEY (meeting_id, organisation_id)
      )`);
    // The list of a participant's meetings starts from its organisation.
    await q.query(
      `CREATE INDEX meeting_participants_organisation_idx ON meeting_participants (organisation_id, meeting_id)`,
    );
    await q.query(`
      CREATE TABLE meeting_items (
        -- The opaque id every participant sees, also those outside the case's network.
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        case_id uuid NOT NULL REFERENCES cases(id),
        position integer NOT NULL,
        added_by uuid NOT NULL REFERENCES users(id),
        added_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (meeting_id, case_id),
        UNIQUE (meeting_id, position)
      )`);
    await q.query(`CREATE INDEX meeting_items_case_idx ON meeting_items (case_id)`);
    await q.query(`
      CREATE TABLE meeting_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        item_id uuid NOT NULL REFERENCES meeting_items(id) ON DELETE CASCADE,
        case_id uuid NOT NULL REFERENCES cases(id),
        text text NOT NULL,
        regisseur_user_id uuid REFERENCES users(id),
        decided_by uuid NOT NULL REFERENCES users(id),
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX meeting_decisions_item_idx ON meeting_decisions (item_id, decided_at)`);
    await q.query(`
      CREATE TABLE meeting_decision_actions (
        decision_id uuid NOT NULL REFERENCES meeting_decisions(id) ON DELETE CASCADE,
        action_id uuid NOT NULL REFERENCES case_actions(id),
        position integer NOT NULL,
        PRIMARY KEY (decision_id, action_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE meeting_decision_actions`);
    await q.query(`DROP TABLE meeting_decisions`);
    await q.query(`DROP TABLE meeting_items`);
    await q.query(`DROP TABLE meeting_participants`);
    await q.query(`DROP TABLE meetings`);
  }
}
