import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The role a timeline event's actor acted in (`regisseur` when they held regie, otherwise their
 * case role), kept with the event: roles change, and the timeline says who did what at the time.
 * Earlier events have none.
 */
export class TimelineActorRole1795702100000 implements MigrationInterface {
  name = 'TimelineActorRole1795702100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events ADD COLUMN actor_role text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events DROP COLUMN actor_role`);
  }
}
