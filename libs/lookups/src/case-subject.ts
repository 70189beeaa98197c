import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Case, CasePartner, CaseStore, DataProtection, sightOf } from '@vt/cases';
import { Principal } from '@vt/common';
import { ORGANISATION_KINDS, OrganisationKind } from '@vt/lookups-protocol';
import { LookupsException } from './lookups.exception';
import type { Requester } from './source-holder.client';

/** The case and person a lookup is about, as the caller may ask about them. */
export interface LookupSubject {
  case: Case;
  membership: CasePartner;
  personId: string;
  roles: string[];
  dateOfBirth: string | null;
  /** Opened in memory for this request only; never logged, stored or returned. */
  bsn: string;
  requester: Requester;
}

interface PersonRow {
  id: string;
  roles: string[];
  date_of_birth: string | null;
  bsn_ciphertext: Buffer | null;
  bsn_key_id: string | null;
}

/**
 * Who may ask about whom: the case must be visible to the caller through an active membership
 * with `basic` (else 404, like every case route), and the person must be one of that case's.
 */
@Injectable()
export class CaseSubjectResolver {
  constructor(
    private readonly store: CaseStore,
    private readonly protection: DataProtection,
  ) {}

  async resolve(principal: Principal, caseId: string, personId: string): Promise<LookupSubject> {
    const manager = this.store.dataSource.manager;
    // The three reads at once, as every lookup waits for them before anything is sent; the person
    // and the requester are only looked at once the case has been found visible.
    const [{ case: found, membership }, [person], requester] = await Promise.all([
      this.store.read(manager, CaseReach.of(principal), caseId),
      manager.query(
        `SELECT p.id, array_agg(cp.role ORDER BY cp.role) AS roles, p.date_of_birth::text AS date_of_birth,
                p.bsn_ciphertext, p.bsn_key_id
           FROM case_persons cp JOIN persons p ON p.id = cp.person_id
          WHERE cp.case_id = $1 AND cp.person_id = $2
          GROUP BY p.id`,
        [caseId, personId],
      ) as Promise<PersonRow[]>,
      this.requester(principal.organisationId).catch((error: unknown) => error as Error),
    ]);
    if (!sightOf(principal, found, membership).categories.has('basic')) throw LookupsException.notFound();
    // The purpose of a lookup is the case work; a closed case has none left.
    if (found.phase === 'closed') {
      throw LookupsException.conflict('Niet mogelijk in een gesloten casus / not allowed on a closed case', [
        { field: 'phase', message: found.phase },
      ]);
    }
    if (!person) throw LookupsException.notFound();
    if (!person.bsn_ciphertext || !person.bsn_key_id) throw LookupsException.noBsn();
    if (requester instanceof Error) throw requester;
    return {
      case: found,
      membership,
      personId: person.id,
      roles: person.roles,
      dateOfBirth: person.date_of_birth,
      bsn: this.protection.open({ ciphertext: person.bsn_ciphertext, keyId: person.bsn_key_id }, 'bsn'),
      requester,
    };
  }

  /**
   * Names of this case's persons by BSN, for the BSNs given (a custody answer names its holders by
   * BSN only). A BSN of nobody in the case gets no name: the hub names no one outside the case.
   */
  async namesInCase(caseId: string, bsns: string[]): Promise<Map<string, string>> {
    if (bsns.length === 0) return new Map();
    const byHash = new Map(bsns.map((bsn) => [this.protection.matchKey('bsn', bsn).toString('hex'), bsn]));
    const rows = (await this.store.dataSource.query(
      `SELECT DISTINCT p.first_name, p.last_name, encode(p.bsn_hash, 'hex') AS bsn_hash
         FROM case_persons cp JOIN persons p ON p.id = cp.person_id
        WHERE cp.case_id = $1 AND encode(p.bsn_hash, 'hex') = ANY ($2)`,
      [caseId, [...byHash.keys()]],
    )) as { first_name: string; last_name: string; bsn_hash: string }[];
    return new Map(rows.map((row) => [byHash.get(row.bsn_hash)!, `${row.first_name} ${row.last_name}`]));
  }

  async requester(organisationId: string): Promise<Requester> {
    const [org] = (await this.store.dataSource.query(`SELECT slug, kind FROM organisations WHERE id = $1`, [
      organisationId,
    ])) as { slug: string; kind: string }[];
    // The platform's own organisation is never a partner in a case, so it never gets this far.
    if (!org || !(ORGANISATION_KINDS as readonly string[]).includes(org.kind)) throw LookupsException.notFound();
    return { slug: org.slug, kind: org.kind as OrganisationKind };
  }
}
