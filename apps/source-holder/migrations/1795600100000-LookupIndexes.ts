import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the questions a source holder must answer about its own log: who asked about this
 * person (AVG art. 15, by pseudonym), what happened in a period (and, later, retention), and
 * which requests point at a person when the record is deleted (the ON DELETE SET NULL key).
 */
export class LookupIndexes1795600100000 implements MigrationInterface {
  name = 'LookupIndexes1795600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX request_log_subject_ref_idx ON request_log (subject_ref) WHERE subject_ref IS NOT NULL`,
    );
    await q.query(`CREATE INDEX request_log_received_at_idx ON request_log (received_at)`);
    await q.query(
      `CREATE INDEX detail_requests_person_id_idx ON detail_requests (person_id) WHERE person_id IS NOT NULL`,
    );
    // The review list without a status filter orders by arrival.
    await q.query(`CREATE INDEX detail_requests_received_at_idx ON detail_requests (received_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX detail_requests_received_at_idx`);
    await q.query(`DROP INDEX detail_requests_person_id_idx`);
    await q.query(`DROP INDEX request_log_received_at_idx`);
    await q.query(`DROP INDEX request_log_subject_ref_idx`);
  }
}
