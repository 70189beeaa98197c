import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';

/** A new hit: the case it is recorded on, the organisation that knows a person, and whom. */
export interface RadarHit {
  case_id: string;
  organisation_id: string;
  receiving_id: string;
  person_ids: string[];
}

/**
 * The radar across regions: persons matched by their keyed hashes to the persons of Veilig Thuis
 * organisations of other regions (`elsewhere`, their ids, from the access context's directory), and
 * the hits recorded on both sides (case_region_hits). The matching crosses organisations by design;
 * the case it starts from was found through the reach.
 */
@Injectable()
export class RegionRadarRepository {
  /** Records the hits of the case both ways; answers the hits new on this case. */
  async recordHits(
    reach: CaseReach,
    transaction: Transaction,
    target: { id: string; organisationId: string },
    elsewhere: string[],
    at: Date,
  ): Promise<RadarHit[]> {
    const manager = managerOf(transaction);
    return (await manager.query(
      `WITH mine AS (
         SELECT p.bsn_hash, p.name_key, p.date_of_birth FROM case_persons cp JOIN persons p ON p.id = cp.person_id
          WHERE cp.case_id = $1
       ), theirs AS (
         SELECT other.id, other.organisation_id FROM mine JOIN persons other ON other.bsn_hash = mine.bsn_hash
          WHERE other.organisation_id <> $2
         UNION
         SELECT other.id, other.organisation_id FROM mine JOIN persons other ON other.name_key = mine.name_key
          WHERE mine.date_of_birth IS NOT NULL AND other.date_of_birth IS NOT NULL AND other.organisation_id <> $2
       ), known AS (
         SELECT t.organisation_id, array_agg(DISTINCT t.id) AS person_ids, array_agg(DISTINCT cp.case_id) AS case_ids
           FROM theirs t
           JOIN case_persons cp ON cp.person_id = t.id
          WHERE t.organisation_id = ANY ($4::uuid[])
          GROUP BY t.organisation_id
       ), here AS (
         INSERT INTO case_region_hits (case_id, organisation_id, matched_at)
         SELECT $1, organisation_id, $3 FROM known ORDER BY organisation_id ON CONFLICT DO NOTHING
         RETURNING case_id, organisation_id
       ), there AS (
         -- Runs whether or not the answer reads it, as every data-modifying WITH does. Rows in a
         -- fixed order, so two intakes touching the same cases cannot deadlock.
         INSERT INTO case_region_hits (case_id, organisation_id, matched_at)
         SELECT c, $2, $3 FROM (SELECT DISTINCT unnest(case_ids) AS c FROM known) other_cases ORDER BY c
         ON CONFLICT DO NOTHING
         RETURNING case_id
       )
       SELECT h.case_id, h.organisation_id, $2::uuid AS receiving_id, k.person_ids
         FROM here h JOIN known k USING (organisation_id)`,
      [target.id, target.organisationId, at, elsewhere],
    )) as RadarHit[];
  }

  /**
   * Whether another region received a report on this case's victim and suspect in the 12 months
   * before one of the case's reports.
   */
  async repeatElsewhere(
    reach: CaseReach,
    transaction: Transaction,
    target: { id: string; organisationId: string },
    elsewhere: string[],
  ): Promise<boolean> {
    const manager = managerOf(transaction);
    const [{ repeat }] = (await manager.query(
      `WITH mine AS (
         SELECT cp.role, p.bsn_hash, p.name_key, p.date_of_birth FROM case_persons cp JOIN persons p ON p.id = cp.person_id
          WHERE cp.case_id = $1 AND cp.role IN ('victim', 'suspect')
       ), theirs AS (
         SELECT mine.role, other.id FROM mine JOIN persons other ON other.bsn_hash = mine.bsn_hash
          WHERE other.organisation_id <> $2
         UNION
         SELECT mine.role, other.id FROM mine JOIN persons other ON other.name_key = mine.name_key
          WHERE mine.date_of_birth IS NOT NULL AND other.date_of_birth IS NOT NULL AND other.organisation_id <> $2
       )
       SELECT EXISTS (
         SELECT 1 FROM theirs victim
           JOIN case_persons v ON v.person_id = victim.id AND v.role = 'victim'
           JOIN reports r ON r.case_id = v.case_id AND r.organisation_id = ANY ($3::uuid[])
           JOIN reports mr ON mr.case_id = $1
            AND r.received_at <= mr.received_at AND r.received_at >= mr.received_at - interval '12 months'
          WHERE victim.role = 'victim'
            AND EXISTS (SELECT 1 FROM case_persons s JOIN theirs suspect ON suspect.id = s.person_id
                         WHERE s.case_id = v.case_id AND s.role = 'suspect' AND suspect.role = 'suspect')
       ) AS repeat`,
      [target.id, target.organisationId, elsewhere],
    )) as { repeat: boolean }[];
    return repeat;
  }

  /**
   * The organisations of other regions that know a person of the case. Its caller has no reach yet
   * to pass: it shows them to the receiving organisation only.
   */
  async otherRegions(transaction: Transaction, caseId: string): Promise<string[]> {
    const manager = managerOf(transaction);
    const rows = (await manager.query(`SELECT organisation_id AS id FROM case_region_hits WHERE case_id = $1`, [
      caseId,
    ])) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
