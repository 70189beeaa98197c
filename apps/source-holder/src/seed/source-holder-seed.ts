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
import { DataSource } from 'typeorm';
import type { StoredGezag } from '../custody/custody-record.entity';
import { DISCLOSURE_DECISIONS, DisclosureDecision } from '../detail-requests/disclosure-policy';
import { SubjectKeys } from '../records/subject-keys';

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

export interface SeedCounts {
  contactPoints: number;
  persons: number;
  rules: number;
  custody: number;
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
export async function seedSourceHolder(
  dataSource: DataSource,
  keys: SubjectKeys,
  seed: SourceHolderSeed,
): Promise<SeedCounts> {
  check(seed);
  const counts: SeedCounts = { contactPoints: 0, persons: 0, rules: 0, custody: 0 };
  const added = (rows: unknown) => (rows as unknown[]).length;
  await dataSource.transaction(async (manager) => {
    for (const c of seed.contactPoints) {
      counts.contactPoints += added(
        await manager.query(
          `INSERT INTO contact_points (code, name, phone, email) VALUES ($1, $2, $3, $4)
           ON CONFLICT (code) DO NOTHING RETURNING id`,
          [c.code, c.naam, c.telefoon ?? null, c.email ?? null],
        ),
      );
    }
    for (const p of seed.persons) {
      counts.persons += added(
        await manager.query(
          `INSERT INTO known_persons (pseudonym, subject_key, file_reference, identity_confirmed, contact_point_id, details)
           SELECT $1, $2, $3, $4, id, $6 FROM contact_points WHERE code = $5
           ON CONFLICT DO NOTHING RETURNING id`,
          [
            keys.pseudonym(p.bsn),
            keys.subject(p.bsn),
            p.dossierReferentie,
            p.identiteitBevestigd ?? true,
            p.contactpunt,
            JSON.stringify(p.gegevens),
          ],
        ),
      );
    }
    for (const r of seed.policy) {
      counts.rules += added(
        await manager.query(
          `INSERT INTO disclosure_rules
             (organisation_kind, requester_role, reason, legal_basis, decision, categories, refusal_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
          [
            r.organisationKind ?? null,
            r.requesterRole ?? null,
            r.reason ?? null,
            r.legalBasis ?? null,
            r.decision,
            r.categories ?? [],
            r.refusalReason ?? null,
          ],
        ),
      );
    }
    for (const row of seed.custody) {
      counts.custody += added(
        await manager.query(
          `INSERT INTO custody_records (subject_key, custody) VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING subject_key`,
          [keys.subject(row.bsn), JSON.stringify(row.gezag)],
        ),
      );
    }
  });
  return counts;
}
