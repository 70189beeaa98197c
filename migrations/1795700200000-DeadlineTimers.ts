import { MigrationInterface, QueryRunner } from 'typeorm';

/** Timers (issue 4): which reminders went out, so a job that runs twice reminds once. */
export class DeadlineTimers1795700200000 implements MigrationInterface {
  name = 'DeadlineTimers1795700200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deadline_reminders (
        deadline_id uuid NOT NULL REFERENCES deadlines(id),
        version integer NOT NULL,
        index integer NOT NULL CHECK (index >= 0),
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (deadline_id, version, index)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deadline_reminders`);
  }
}
