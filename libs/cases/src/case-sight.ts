import type { Principal } from '@vt/common';
import { RECEIVING_ONLY_DEADLINE_KINDS } from '@vt/deadlines';
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

/**
 * The parts of a case beyond its basic summary, each revealed by one data category. Every read
 * and every write reply of case data, in any context, asks `reveals` rather than naming a category
 * itself (docs/access-projection.md).
 */
export const REVEALED_BY = {
  /** Violence types, red flags, risk level and reasons, reassessment, the safety assessment. */
  risk: 'safety',
  /** Actions and escalations, wherever they are shown (a meeting's decisions and preparation too). */
  safetyPlan: 'safety',
  /** Suspensions and extensions of the investigation. */
  investigation: 'safety',
  /** Restraining orders with their breaches, and protective measures. */
  protection: 'safety',
  /** The check of each child and the child protection board's referral. */
  children: 'safety',
  /** A supervisor's note on an approval's decision. */
  approvalNotes: 'safety',
  /** The reports' narratives, the assessment summary, the conclusion, a child's own words. */
  narrative: 'narrative',
} as const satisfies Record<string, DataCategory>;

export type RevealedPart = keyof typeof REVEALED_BY;

/** Whether the caller's sight reveals this part of a case. */
export function reveals(sight: Pick<Sight, 'categories'>, part: RevealedPart): boolean {
  return sight.categories.has(REVEALED_BY[part]);
}

/** Whether the caller sees a deadline of this kind: one only the receiving organisation sees, or any other. */
export function seesDeadline(sight: Pick<Sight, 'receiving'>, kind: string): boolean {
  return sight.receiving || !(RECEIVING_ONLY_DEADLINE_KINDS as readonly string[]).includes(kind);
}
