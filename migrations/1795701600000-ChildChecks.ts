import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Children in a case (docs/children.md): one child check per case and child, the deadline kind
 * `child_check`, and the referral to the child protection board after (attempted) partner killing.
 */
export class ChildChecks1795701600000 implements MigrationInterface {
  name = 'ChildChecks1795701600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE child_checks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        seen boolean NOT NULL,
        spoken_to boolean NOT NULL,
        child_view text CHECK (char_length(child_view) <= 4000),
        involvement text NOT NULL CHECK (involvement IN ('victim','witness','both','unknown')),
        caregivers text CHECK (char_length(caregivers) <= 500),
        school_known boolean NOT NULL,
        school text CHECK (char_length(school) <= 200),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL,
        updated_by uuid NOT NULL REFERENCES users(id),
        updated_at timestamptz NOT NULL,
        UNIQUE (case_id, person_id)
      )`);
    await q.query(`
      CREATE TABLE child_protection_referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL UNIQUE REFERENCES cases(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        reason text NOT NULL CHECK (reason IN ('partner_killing','attempted_partner_killing')),
        referred_by uuid NOT NULL REFERENCES users(id),
        referred_at timestamptz NOT NULL
      )`);
    await this.setKinds(q, (kinds) => [...kinds.filter((k) => k !== 'child_check'), 'child_check']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM deadline_reminders WHERE deadline_id IN (SELECT id FROM deadlines WHERE kind = 'child_check')`,
    );
    await q.query(`DELETE FROM deadlines WHERE kind = 'child_check'`);
    await this.setKinds(q, (kinds) => kinds.filter((k) => k !== 'child_check'));
    await q.query(`DROP TABLE child_protection_referrals`);
    await q.query(`DROP TABLE child_checks`);
  }

  /**
   * Rewrites the deadline kind check from the kinds it holds now, so migrations that add other
   * kinds compose with this one in either order.
   */
  private async setKinds(q: QueryRunner, change: (kinds: string[]) => string[]): Promise<void> {
    const [{ def }] = (await q.query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = 'deadlines'::regclass AND conname = 'deadlines_kind_check'`,
    )) as { def: string }[];
    const kinds = change([...def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]));
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_kind_check`);
    await q.query(
      `ALTER TABLE deadlines ADD CONSTRAINT deadlines_kind_check CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`,
    );
  }
}
