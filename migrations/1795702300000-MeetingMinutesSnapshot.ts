import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The minutes as they stood when the chair closed the meeting: chair, participants, agenda items
 * with their decisions and actions (absolute due dates, status at closing). What happens to the
 * cases afterwards does not rewrite them. Meetings closed before this have none; their minutes
 * are still read from the live records.
 */
export class MeetingMinutesSnapshot1795702300000 implements MigrationInterface {
  name = 'MeetingMinutesSnapshot1795702300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meetings ADD COLUMN minutes jsonb`);
    await q.query(
      `ALTER TABLE meetings ADD CONSTRAINT meetings_minutes_closed CHECK (minutes IS NULL OR status = 'closed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meetings DROP COLUMN minutes`);
  }
}
