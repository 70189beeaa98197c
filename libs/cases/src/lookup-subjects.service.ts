import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Phase } from './case.entity';
import { LegalBasis } from './case-partner.entity';
import { Sight, sightOf } from './case-sight';
import { CaseStore } from './case-store';
import { DataProtection } from './data-protection';
import { LookupSubjectsRepository } from './lookup-subjects.repository';

/** A person of a case as a lookup at the sources needs them. */
export interface LookupPerson {
  id: string;
  /** Their roles in the case, in alphabetical order. */
  roles: string[];
  dateOfBirth: string | null;
  /**
   * Opens the BSN in memory, for the one request that sends it; null when none is recorded. Left
   * sealed until the caller's own checks have passed.
   */
  openBsn: (() => string) | null;
}

/** What the case reference and receiving organisation of a case are, for a lookup's record. */
export interface LookupCase {
  reference: string;
  organisationId: string;
}

/** The case a lookup is about, with the reach's membership of it and what that lets it see. */
export interface LookupSubjectCase {
  case: { id: string; reference: string; organisationId: string; phase: Phase };
  /** Why the caller's organisation takes part in the case: every lookup names it. */
  membership: { legalBasis: LegalBasis; legalBasisRef: string };
  sight: Sight;
}

/**
 * The read model of cases for the lookups at the sources (known-by, custody, detail requests):
 * a case's persons and its reference, as far as the reach sees the case.
 */
@Injectable()
export class LookupSubjectsService {
  constructor(
    private readonly repository: LookupSubjectsRepository,
    private readonly protection: DataProtection,
    private readonly store: CaseStore,
  ) {}

  /** The case with the reach's membership and sight of it; 404 outside the reach. */
  async subjectCase(reach: CaseReach, caseId: string): Promise<LookupSubjectCase> {
    const { case: found, membership } = await this.store.read(this.store.reading, reach, caseId);
    return {
      case: { id: found.id, reference: found.reference, organisationId: found.organisationId, phase: found.phase },
      membership: { legalBasis: membership.legalBasis, legalBasisRef: membership.legalBasisRef },
      sight: sightOf(reach.principal, found, membership),
    };
  }

  /** One person of the case, or null when not of this case (or the case is out of reach). */
  async person(reach: CaseReach, caseId: string, personId: string): Promise<LookupPerson | null> {
    const row = await this.repository.person(reach, caseId, personId);
    if (!row) return null;
    const { bsn_ciphertext: ciphertext, bsn_key_id: keyId } = row;
    return {
      id: row.id,
      roles: row.roles,
      dateOfBirth: row.date_of_birth,
      openBsn: ciphertext && keyId ? () => this.protection.open({ ciphertext, keyId }, 'bsn') : null,
    };
  }

  /**
   * Names of this case's persons by BSN, for the BSNs given. A BSN of nobody in the case gets no
   * name: nobody outside the case is named.
   */
  async namesByBsn(reach: CaseReach, caseId: string, bsns: string[]): Promise<Map<string, string>> {
    if (bsns.length === 0) return new Map();
    const byHash = new Map(bsns.map((bsn) => [this.protection.matchKey('bsn', bsn).toString('hex'), bsn]));
    const rows = await this.repository.namesByBsnHash(reach, caseId, [...byHash.keys()]);
    return new Map(rows.map((row) => [byHash.get(row.bsn_hash)!, `${row.first_name} ${row.last_name}`]));
  }

  async lookupCase(reach: CaseReach, caseId: string): Promise<LookupCase | null> {
    const row = await this.repository.lookupCase(reach, caseId);
    return row ? { reference: row.reference, organisationId: row.organisation_id } : null;
  }
}
