import { MigrationInterface, QueryRunner } from 'typeorm';

/** Investigation suspensions and extensions, and restraining orders (issue 4). */
export class InvestigationAndOrders1795700300000 implements MigrationInterface {
  name = 'InvestigationAndOrders1795700300000';

  async up(q: QueryRunner): Promise<void> {
    // Opschorting: dated, with reason and who; working_days is what ending it gave back to the term.
    await q.query(`
      CREATE TABLE investigation_suspensions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        reason text NOT NULL,
        started_at timestamptz NOT NULL,
        started_by uuid NOT NULL REFERENCES users(id),
        ended_at timestamptz,
        ended_by uuid REFERENCES users(id),
        working_days integer CHECK (working_days >= 0),
        CHECK ((ended_at IS NULL) = (ended_by IS NULL) AND (ended_at IS NULL) = (working_days IS NULL)),
        CHECK (ended_at >= started_at)
      )`);
    // One open suspension per case, also under concurrent requests.
    await q.query(
      `CREATE UNIQUE INDEX investigation_suspensions_open_key ON investigation_suspensions (case_id) WHERE ended_at IS NULL`,
    );
    await q.query(`CREATE INDEX investigation_suspensions_case_idx ON investigation_suspensions (case_id, started_at)`);

    // Verlenging: the due date before and after, so the history explains every move.
    await q.query(`
      CREATE TABLE investigation_extensions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        weeks integer NOT NULL CHECK (weeks > 0),
        reason text NOT NULL,
        previous_due_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        extended_by uuid NOT NULL REFERENCES users(id),
        extended_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX investigation_extensions_case_idx ON investigation_extensions (case_id, extended_at)`);

    // Tijdelijk huisverbod: imposed by the mayor (imposed_by names who), registered by a caseworker.
    await q.query(`
      CREATE TABLE restraining_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        imposed_at timestamptz NOT NULL,
        imposed_by text NOT NULL,
        ends_at timestamptz NOT NULL,
        registered_by uuid NOT NULL REFERENCES users(id),
        registered_at timestamptz NOT NULL,
        extended_by uuid REFERENCES users(id),
        extended_at timestamptz,
        CHECK (ends_at > imposed_at),
        CHECK ((extended_at IS NULL) = (extended_by IS NULL))
      )`);
    await q.query(`CREATE INDEX restraining_orders_case_idx ON restraining_orders (case_id, imposed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['restraining_orders', 'investigation_extensions', 'investigation_suspensions']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
