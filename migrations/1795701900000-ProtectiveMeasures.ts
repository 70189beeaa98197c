import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Protection (docs/protection.md): a restraining order's whole course (the person it is imposed
 * on, Veilig Thuis's advice, the mayor's decision, its end and its breaches) and other protective
 * measures with an end date reminded like any deadline (kind `protective_measure_end`).
 */
export class ProtectiveMeasures1795701900000 implements MigrationInterface {
  name = 'ProtectiveMeasures1795701900000';

  async up(q: QueryRunner): Promise<void> {
    // Orders recorded before this migration have no subject; new ones always name one.
    await q.query(`
      ALTER TABLE restraining_orders
        ADD COLUMN subject_person_id uuid REFERENCES persons(id),
        ADD COLUMN advice text CHECK (advice IN ('extend', 'end')),
        ADD COLUMN advice_summary text CHECK (char_length(advice_summary) <= 4000),
        ADD COLUMN advised_at timestamptz,
        ADD COLUMN advised_by uuid REFERENCES users(id),
        ADD COLUMN decision text CHECK (decision IN ('extended', 'not_extended', 'lifted')),
        ADD COLUMN decided_at timestamptz,
        ADD COLUMN decided_by uuid REFERENCES users(id),
        ADD COLUMN ended_at timestamptz,
        ADD CONSTRAINT restraining_orders_advice_complete
          CHECK ((advice IS NULL) = (advised_at IS NULL) AND (advised_at IS NULL) = (advised_by IS NULL)
             AND (advice IS NULL) = (advice_summary IS NULL)),
        ADD CONSTRAINT restraining_orders_decision_complete
          CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL)),
        ADD CONSTRAINT restraining_orders_ended_complete
          CHECK ((ended_at IS NOT NULL) = (decision IS NOT NULL AND decision <> 'extended'))`);
    await q.query(`
      CREATE TABLE restraining_order_breaches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        order_id uuid NOT NULL REFERENCES restraining_orders(id),
        occurred_at timestamptz NOT NULL,
        description text NOT NULL CHECK (char_length(description) <= 4000),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX restraining_order_breaches_case_idx ON restraining_order_breaches (case_id, occurred_at)`,
    );
    await q.query(`
      CREATE TABLE protective_measures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        type text NOT NULL CHECK (type IN ('contact_ban', 'area_ban', 'electronic_monitoring', 'victim_alarm')),
        subject_person_id uuid REFERENCES persons(id),
        protected_person_id uuid REFERENCES persons(id),
        authority text NOT NULL CHECK (char_length(authority) <= 200),
        description text CHECK (char_length(description) <= 4000),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        status text NOT NULL CHECK (status IN ('active', 'ended')),
        end_reason text CHECK (char_length(end_reason) <= 1000),
        ended_at timestamptz,
        ended_by uuid REFERENCES users(id),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL,
        updated_by uuid NOT NULL REFERENCES users(id),
        updated_at timestamptz NOT NULL,
        CHECK (subject_person_id IS NOT NULL OR protected_person_id IS NOT NULL),
        CHECK (ends_at > starts_at),
        CHECK ((status = 'ended') = (ended_at IS NOT NULL) AND (ended_at IS NULL) = (ended_by IS NULL))
      )`);
    await q.query(`CREATE INDEX protective_measures_case_idx ON protective_measures (case_id, starts_at)`);
    await setDeadlineKinds(q, (kinds) => [...new Set([...kinds, 'protective_measure_end'])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM deadline_reminders WHERE deadline_id IN (SELECT id FROM deadlines WHERE kind = 'protective_measure_end')`,
    );
    await q.query(`DELETE FROM deadlines WHERE kind = 'protective_measure_end'`);
    await setDeadlineKinds(q, (kinds) => kinds.filter((kind) => kind !== 'protective_measure_end'));
    await q.query(`DROP TABLE protective_measures`);
    await q.query(`DROP TABLE restraining_order_breaches`);
    await q.query(`
      ALTER TABLE restraining_orders
        DROP COLUMN subject_person_id, DROP COLUMN advice, DROP COLUMN advice_summary, DROP COLUMN advised_at,
        DROP COLUMN advised_by, DROP COLUMN decision, DROP COLUMN decided_at, DROP COLUMN decided_by,
        DROP COLUMN ended_at`);
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
