import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four eyes on closing (docs/approvals.md): a close, or a safety assessment that closes a case of
 * high or critical risk, waits in `approvals` until a supervisor of the regie organisation other
 * than the requester decides; its term is a deadline of kind `approval`.
 */
export class Approvals1795701400000 implements MigrationInterface {
  name = 'Approvals1795701400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE approvals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        case_id uuid NOT NULL REFERENCES cases(id),
        operation text NOT NULL CHECK (operation IN ('close', 'record_safety_assessment')),
        reason text,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        requested_by uuid NOT NULL REFERENCES users(id),
        requested_at timestamptz NOT NULL,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        note text,
        CHECK ((status = 'pending') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL)),
        CHECK (decided_by IS DISTINCT FROM requested_by)
      )`);
    // One pending approval per case, also under concurrent requests.
    await q.query(`CREATE UNIQUE INDEX approvals_pending_key ON approvals (case_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX approvals_case_idx ON approvals (case_id, seq)`);
    await q.query(`CREATE INDEX approvals_status_idx ON approvals (status, seq)`);
    await setDeadlineKinds(q, (kinds) => [...new Set([...kinds, 'approval'])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM deadline_reminders WHERE deadline_id IN (SELECT id FROM deadlines WHERE kind = 'approval')`,
    );
    await q.query(`DELETE FROM deadlines WHERE kind = 'approval'`);
    await setDeadlineKinds(q, (kinds) => kinds.filter((kind) => kind !== 'approval'));
    await q.query(`DROP TABLE approvals`);
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
