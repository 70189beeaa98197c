import { Injectable } from '@nestjs/common';
import { CaseReach, OrganisationDirectory } from '@vt/access';
import { LookupSubjectCase, LookupSubjectsService } from '@vt/cases';
import { ORGANISATION_KINDS, OrganisationKind } from '@vt/lookups-protocol';
import { LookupsException } from './lookups.exception';
import type { Requester } from './source-holder.client';

/** The case and person a lookup is about, as the caller may ask about them. */
export interface LookupSubject {
  /** The caller's reach, for what more is read about the case. */
  reach: CaseReach;
  case: LookupSubjectCase['case'];
  membership: LookupSubjectCase['membership'];
  personId: string;
  roles: string[];
  dateOfBirth: string | null;
  /** Opened in memory for this request only; never logged, stored or returned. */
  bsn: string;
  requester: Requester;
}

/**
 * Who may ask about whom: the case must be visible to the caller through an active membership
 * with `basic` (else 404, like every case route), and the person must be one of that case's.
 */
@Injectable()
export class CaseSubjectResolver {
  constructor(
    private readonly cases: LookupSubjectsService,
    private readonly organisations: OrganisationDirectory,
  ) {}

  async resolve(reach: CaseReach, caseId: string, personId: string): Promise<LookupSubject> {
    const { principal } = reach;
    // The three reads at once, as every lookup waits for them before anything is sent; the person
    // and the requester are only looked at once the case has been found visible.
    const [{ case: found, membership, sight }, person, requester] = await Promise.all([
      this.cases.subjectCase(reach, caseId),
      this.cases.person(reach, caseId, personId),
      this.requester(principal.organisationId).catch((error: unknown) => error as Error),
    ]);
    if (!sight.categories.has('basic')) throw LookupsException.notFound();
    // The purpose of a lookup is the case work; a closed case has none left.
    if (found.phase === 'closed') {
      throw LookupsException.conflict('Niet mogelijk in een gesloten casus / not allowed on a closed case', [
        { field: 'phase', message: found.phase },
      ]);
    }
    if (!person) throw LookupsException.notFound();
    if (!person.openBsn) throw LookupsException.noBsn();
    if (requester instanceof Error) throw requester;
    return {
      reach,
      case: found,
      membership,
      personId: person.id,
      roles: person.roles,
      dateOfBirth: person.dateOfBirth,
      bsn: person.openBsn(),
      requester,
    };
  }

  /**
   * Names of this case's persons by BSN, for the BSNs given (a custody answer names its holders by
   * BSN only). A BSN of nobody in the case gets no name: the hub names no one outside the case.
   */
  namesInCase(reach: CaseReach, caseId: string, bsns: string[]): Promise<Map<string, string>> {
    return this.cases.namesByBsn(reach, caseId, bsns);
  }

  async requester(organisationId: string): Promise<Requester> {
    const org = await this.organisations.card(organisationId);
    // The platform's own organisation is never a partner in a case, so it never gets this far.
    if (!org || !(ORGANISATION_KINDS as readonly string[]).includes(org.kind)) throw LookupsException.notFound();
    return { slug: org.slug, kind: org.kind as OrganisationKind };
  }
}
