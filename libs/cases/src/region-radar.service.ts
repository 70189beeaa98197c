import { Injectable } from '@nestjs/common';
import { AuditService } from '@vt/audit';
import { EntityManager } from 'typeorm';
import { actorFields, CaseScope } from './case-store';

interface Hit {
  case_id: string;
  organisation_id: string;
  receiving_id: string;
  person_ids: string[];
}

const PURPOSE = 'radar over regio’s: melding over een bij een andere Veilig Thuis bekende persoon';

/**
 * The radar across regions. The hub holds no shared register: each Veilig Thuis organisation keeps
 * its own persons. A person of a new report is matched to the persons of the Veilig Thuis
 * organisations of other regions by the keyed hashes alone (BSN, or name with date of birth), and
 * each side learns only that the other knows someone of the case, and whom to call. Within its own
 * region an organisation has its own radar (case links).
 */
@Injectable()
export class RegionRadarService {
  constructor(private readonly audit: AuditService) {}

  /**
   * Records the hits both ways, so a case in the other region shows this organisation too, and
   * audits each new hit once for each organisation's privacy officer. Returns how many are new.
   */
  async match(tx: CaseScope): Promise<number> {
    const hits = (await tx.manager.query(
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
           JOIN organisations o ON o.id = t.organisation_id AND o.kind = 'veilig_thuis'
            AND o.region <> (SELECT region FROM organisations WHERE id = $2)
           JOIN case_persons cp ON cp.person_id = t.id
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
      [tx.case.id, tx.case.organisationId, tx.now],
    )) as Hit[];
    await this.auditHits(tx, hits);
    return hits.length;
  }

  /**
   * Whether a Veilig Thuis organisation of another region received a report, in the 12 months
   * before one of this case's reports, whose case has a victim and a suspect matching this case's
   * victim and suspect by the same keyed hashes as the hits: a repeat within 12 months, as one in
   * the organisation's own region is (IntakeService).
   */
  async repeatElsewhere(tx: CaseScope): Promise<boolean> {
    const [{ repeat }] = (await tx.manager.query(
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
           JOIN reports r ON r.case_id = v.case_id
           JOIN organisations o ON o.id = r.organisation_id AND o.kind = 'veilig_thuis'
            AND o.region <> (SELECT region FROM organisations WHERE id = $2)
           JOIN reports mr ON mr.case_id = $1
            AND r.received_at <= mr.received_at AND r.received_at >= mr.received_at - interval '12 months'
          WHERE victim.role = 'victim'
            AND EXISTS (SELECT 1 FROM case_persons s JOIN theirs suspect ON suspect.id = s.person_id
                         WHERE s.case_id = v.case_id AND s.role = 'suspect' AND suspect.role = 'suspect')
       ) AS repeat`,
      [tx.case.id, tx.case.organisationId],
    )) as { repeat: boolean }[];
    return repeat;
  }

  private async auditHits(tx: CaseScope, hits: Hit[]): Promise<void> {
    if (hits.length === 0) return;
    const actor = actorFields(tx.actor);
    await this.audit.recordManyWithin(
      tx.manager,
      hits.flatMap((hit) => [
        {
          action: 'search' as const,
          subjectType: 'RegionRadar',
          subjectId: hit.organisation_id,
          subjectOrganisationId: hit.receiving_id,
          caseId: hit.case_id,
          purpose: PURPOSE,
          outcome: 'success' as const,
          ...actor,
        },
        // The other organisation's privacy officer sees that its persons were matched, and by whom.
        {
          action: 'search' as const,
          subjectType: 'RegionRadar',
          subjectId: hit.receiving_id,
          subjectOrganisationId: hit.organisation_id,
          personRefs: hit.person_ids,
          purpose: PURPOSE,
          outcome: 'success' as const,
          ...actor,
        },
      ]),
    );
  }

  /** Other Veilig Thuis organisations that know a person of the case, with their contact point. */
  async otherRegions(manager: EntityManager, caseId: string) {
    const rows = (await manager.query(
      `SELECT o.id, o.name, o.contact FROM case_region_hits h JOIN organisations o ON o.id = h.organisation_id
        WHERE h.case_id = $1 ORDER BY o.name`,
      [caseId],
    )) as { id: string; name: string; contact: string | null }[];
    return rows.map((r) => ({ organisationId: r.id, organisationName: r.name, contact: r.contact }));
  }
}
