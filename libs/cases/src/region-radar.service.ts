import { Injectable } from '@nestjs/common';
import { CaseReach, OrganisationDirectory } from '@vt/access';
import { AuditService } from '@vt/audit';
import { Transaction } from '@vt/database';
import { actorFields, CaseScope } from './case-store';
import { RadarHit, RegionRadarRepository } from './region-radar.repository';

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
  constructor(
    private readonly audit: AuditService,
    private readonly repository: RegionRadarRepository,
    private readonly directory: OrganisationDirectory,
  ) {}

  /**
   * Records the hits both ways, so a case in the other region shows this organisation too, and
   * audits each new hit once for each organisation's privacy officer. Returns how many are new.
   */
  async match(reach: CaseReach, tx: CaseScope): Promise<number> {
    const hits = await this.repository.recordHits(reach, tx.manager, tx.case, await this.elsewhere(tx), tx.now);
    await this.auditHits(tx, hits);
    return hits.length;
  }

  /**
   * Whether a Veilig Thuis organisation of another region received a report, in the 12 months
   * before one of this case's reports, whose case has a victim and a suspect matching this case's
   * victim and suspect by the same keyed hashes as the hits: a repeat within 12 months, as one in
   * the organisation's own region is (IntakeService).
   */
  async repeatElsewhere(reach: CaseReach, tx: CaseScope): Promise<boolean> {
    return this.repository.repeatElsewhere(reach, tx.manager, tx.case, await this.elsewhere(tx));
  }

  /** The Veilig Thuis organisations outside the region of the case's receiving organisation. */
  private elsewhere(tx: CaseScope): Promise<string[]> {
    return this.directory.ofKind('veilig_thuis', { otherThan: tx.case.organisationId }, tx.manager);
  }

  private async auditHits(tx: CaseScope, hits: RadarHit[]): Promise<void> {
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
  async otherRegions(manager: Transaction, caseId: string) {
    const desks = await this.directory.desks(await this.repository.otherRegions(manager, caseId), manager);
    return desks.map((desk) => ({ organisationId: desk.id, organisationName: desk.name, contact: desk.contact }));
  }
}
