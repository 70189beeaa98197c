import type { Principal } from '@vt/common';
import type { Case } from './case.entity';
import { CasePartner, DATA_CATEGORIES, DataCategory } from './case-partner.entity';

/** What the caller may see of a case: the membership's categories plus the two special ones. */
export interface Sight {
  categories: Set<DataCategory>;
  /** The receiving organisation: the reporter and the radar never leave it. */
  receiving: boolean;
  /** Medical notes: only medical users of the organisation that wrote them. */
  medicalOf: string | null;
}

export function sightOf(
  principal: Principal,
  target: Pick<Case, 'organisationId' | 'regieOrganisationId'>,
  membership: Pick<CasePartner, 'categories'>,
): Sight {
  // The organisation holding regie directs the case and sees all of it; its recorded membership
  // (and legal basis) stays as granted, for when regie moves on.
  const regie = principal.organisationId === target.regieOrganisationId;
  return {
    categories: new Set(regie ? DATA_CATEGORIES : membership.categories),
    receiving: principal.organisationId === target.organisationId,
    medicalOf: principal.roles.includes('medical') ? principal.organisationId : null,
  };
}
