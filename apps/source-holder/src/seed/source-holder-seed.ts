import {
  DETAIL_CATEGORIES,
  DetailCategory,
  gezagResponseProblems,
  LEGAL_BASES,
  ORGANISATION_KINDS,
  REASON_CODES,
  REQUESTER_ROLES,
} from '@vt/lookups-protocol';
import { isValidBsn } from '@vt/common';
import type { StoredGezag } from '../custody/custody-record.entity';
import { DISCLOSURE_DECISIONS, DisclosureDecision } from '../detail-requests/disclosure-policy';
import { SubjectKeys } from '../records/subject-keys';
import { SeedCounts, SourceHolderSeedRepository } from './source-holder-seed.repository';

/**
 * What a source holder is seeded with. BSNs appear here only as input: the database receives
 * their keyed hashes (and, in a custody register, the holders named in an answer).
 */
export interface SourceHolderSeed {
  contactPoints: { code: string; naam: string; telefoon?: string; email?: string }[];
  persons: {
    bsn: string;
    dossierReferentie: string;
    contactpunt: string;
    /** False: known-by answers NIET_TE_BEPALEN (the source is unsure it is this person). */
    identiteitBevestigd?: boolean;
    gegevens: Partial<Record<DetailCategory, unknown>>;
  }[];
  policy: {
    organisationKind?: string;
    requesterRole?: string;
    reason?: string;
    legalBasis?: string;
    decision: DisclosureDecision;
    categories?: DetailCategory[];
    refusalReason?: string;
  }[];
  /** Each minor's gezag relations in the BRP API Gezag's form, without `minderjarige` (the row's own BSN). */
  custody: { bsn: string; gezag: StoredGezag[] }[];
}

function check(seed: SourceHolderSeed): void {
  const problems: string[] = [];
  const codes = new Set(seed.contactPoints.map((c) => c.code));
  for (const person of seed.persons) {
    if (!isValidBsn(person.bsn)) problems.push(`person ${person.dossierReferentie}: not a valid BSN`);
    if (!codes.has(person.contactpunt)) problems.push(`person ${person.dossierReferentie}: unknown contact point`);
    for (const category of Object.keys(person.gegevens)) {
      if (!DETAIL_CATEGORIES.includes(category as DetailCategory)) {
        problems.push(`person ${person.dossierReferentie}: unknown category ${category}`);
      }
    }
  }
  for (const [index, rule] of seed.policy.entries()) {
    const allowed: [string | undefined, readonly string[]][] = [
      [rule.organisationKind, ORGANISATION_KINDS],
      [rule.requesterRole, REQUESTER_ROLES],
      [rule.reason, REASON_CODES],
      [rule.legalBasis, LEGAL_BASES],
      [rule.decision, DISCLOSURE_DECISIONS],
      ...(rule.categories ?? []).map((category): [string, readonly string[]] => [category, DETAIL_CATEGORIES]),
    ];
    for (const [value, values] of allowed) {
      if (value !== undefined && !values.includes(value))
        problems.push(`policy rule ${index + 1}: unknown value ${value}`);
    }
  }
  for (const [index, row] of seed.custody.entries()) {
    if (!isValidBsn(row.bsn)) problems.push(`custody row ${index + 1}: not a valid BSN`);
    // Checked as the answer it becomes, against the published contract.
    const answer = { personen: [{ burgerservicenummer: row.bsn, gezag: row.gezag }] };
    for (const problem of gezagResponseProblems(answer)) problems.push(`custody row ${index + 1}: ${problem}`);
    const holders = row.gezag.flatMap((gezag) => [
      ...('ouders' in gezag ? gezag.ouders : []),
      ...('ouder' in gezag ? [gezag.ouder] : []),
      ...('derde' in gezag ? [gezag.derde] : []),
      ...('derden' in gezag ? gezag.derden : []),
    ]);
    if (holders.some((holder) => holder.burgerservicenummer && !isValidBsn(holder.burgerservicenummer))) {
      problems.push(`custody row ${index + 1}: a holder's BSN is not valid`);
    }
  }
  if (problems.length > 0) throw new Error(`invalid seed:\n  - ${problems.join('\n  - ')}`);
}

/** Adds what is missing and changes nothing that is there, so it can run on every start. */
export function seedSourceHolder(
  repository: SourceHolderSeedRepository,
  keys: SubjectKeys,
  seed: SourceHolderSeed,
): Promise<SeedCounts> {
  check(seed);
  return repository.addMissing({
    contactPoints: seed.contactPoints.map((c) => ({
      code: c.code,
      name: c.naam,
      phone: c.telefoon ?? null,
      email: c.email ?? null,
    })),
    persons: seed.persons.map((p) => ({
      pseudonym: keys.pseudonym(p.bsn),
      subjectKey: keys.subject(p.bsn),
      fileReference: p.dossierReferentie,
      identityConfirmed: p.identiteitBevestigd ?? true,
      contactPointCode: p.contactpunt,
      details: p.gegevens,
    })),
    rules: seed.policy.map((r) => ({
      organisationKind: r.organisationKind ?? null,
      requesterRole: r.requesterRole ?? null,
      reason: r.reason ?? null,
      legalBasis: r.legalBasis ?? null,
      decision: r.decision,
      categories: r.categories ?? [],
      refusalReason: r.refusalReason ?? null,
    })),
    custody: seed.custody.map((row) => ({ subjectKey: keys.subject(row.bsn), custody: row.gezag })),
  });
}
