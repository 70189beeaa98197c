import { Injectable } from '@nestjs/common';
import { AuditInput, AuditService } from '@vt/audit';
import { isValidBsn } from '@vt/common';
import { isIsoDate } from '@vt/deadlines';
import { Actor, actorFields, CASE_ALIAS, CaseStore, PARTNER_ALIAS } from './case-store';
import { Phase } from './case.entity';
import { CasesException } from './cases.exception';
import { DataProtection } from './data-protection';

export const SEARCH_MATCHES = ['reference', 'name', 'dateOfBirth', 'bsn'] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

export interface SearchQuery {
  match: SearchMatch;
  /** The query as searched: the reference in upper case, otherwise as given. */
  value: string;
}

export interface SearchHit {
  caseId: string;
  reference: string;
  phase: Phase;
  /** Empty where the caller may not see the case's persons. */
  persons: { firstName: string; lastName: string; dateOfBirth: string | null }[];
  match: SearchMatch;
}

const REFERENCE = /^VT-[0-9]{4}-[0-9]{6}$/i;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const NINE_DIGITS = /^[0-9]{9}$/;
const LETTER = /\p{L}/u;

/** Audit purposes: what kind of query it was, never the query (a name or BSN must not reach the log). */
const PURPOSE: Record<SearchMatch, string> = {
  reference: 'search_reference',
  name: 'search_name',
  dateOfBirth: 'search_date_of_birth',
  bsn: 'search_bsn',
};

/**
 * What a query is, from its form alone, so each query is searched one way: a case reference, a
 * date of birth, a BSN (nine digits, which must pass the elfproef) or otherwise a name.
 */
export function searchQueryOf(q: string): SearchQuery {
  const value = q.trim();
  if (REFERENCE.test(value)) return { match: 'reference', value: value.toUpperCase() };
  if (DATE.test(value)) {
    if (!isIsoDate(value)) throw CasesException.invalid('q', 'geen bestaande datum (JJJJ-MM-DD) / not a valid date');
    return { match: 'dateOfBirth', value };
  }
  if (NINE_DIGITS.test(value)) {
    if (!isValidBsn(value)) throw CasesException.invalid('q', 'geen geldig BSN (elfproef) / not a valid BSN');
    return { match: 'bsn', value };
  }
  if (!LETTER.test(value)) {
    throw CasesException.invalid(
      'q',
      'zoek op kenmerk, naam, geboortedatum (JJJJ-MM-DD) of BSN / search by reference, name, date of birth or BSN',
    );
  }
  return { match: 'name', value };
}

/**
 * Persons (names, dates of birth) are `basic` data: the regie organisation sees them, a partner
 * with the `basic` category does. Matching on a person is limited by the same rule, so a search
 * gives no hint about persons the caller may not see.
 */
const NAMES_VISIBLE = `('basic' = ANY(${PARTNER_ALIAS}.categories) OR ${CASE_ALIAS}.regie_organisation_id = :own)`;

/**
 * Search within reach: only cases in whose network the caller's organisation is an active
 * partner, found in SQL through the same membership rule as every case read. Every search is
 * audited as `search`, with the kind of query as its purpose and one entry per case found (so each
 * case's privacy officer sees who found it); the query itself is never written down.
 */
@Injectable()
export class CaseSearchService {
  constructor(
    private readonly store: CaseStore,
    private readonly protection: DataProtection,
    private readonly audit: AuditService,
  ) {}

  async search(actor: Actor, q: string, limit: number): Promise<{ items: SearchHit[] }> {
    const query = searchQueryOf(q);
    const manager = this.store.dataSource.manager;
    const qb = this.store
      .visibleCases(manager, actor.reach)
      .select(`${CASE_ALIAS}.id`, 'id')
      .addSelect(`${CASE_ALIAS}.reference`, 'reference')
      .addSelect(`${CASE_ALIAS}.phase`, 'phase')
      .addSelect(`${CASE_ALIAS}.organisation_id`, 'organisation_id')
      .addSelect(NAMES_VISIBLE, 'names_visible')
      .setParameter('own', actor.principal.organisationId);
    const byPerson = (condition: string, params: Record<string, unknown>) =>
      qb
        .andWhere(NAMES_VISIBLE)
        .andWhere(
          `${CASE_ALIAS}.id IN (SELECT cp.case_id FROM persons p JOIN case_persons cp ON cp.person_id = p.id WHERE ${condition})`,
          params,
        );
    switch (query.match) {
      case 'reference':
        // Through the organisations: one probe of the (organisation, reference) key each.
        qb.andWhere(`${CASE_ALIAS}.organisation_id IN (SELECT o.id FROM organisations o)`).andWhere(
          `${CASE_ALIAS}.reference = :reference`,
          { reference: query.value },
        );
        break;
      case 'dateOfBirth':
        byPerson('p.date_of_birth = :dateOfBirth', { dateOfBirth: query.value });
        break;
      case 'bsn':
        // The keyed hash intake stores; the BSN itself goes no further than this line.
        byPerson('p.organisation_id IN (SELECT o.id FROM organisations o) AND p.bsn_hash = :bsnHash', {
          bsnHash: this.protection.matchKey('bsn', query.value),
        });
        break;
      case 'name':
        // Each matching person once, from the trigram index on the stored folded name, and each
        // case ranked by its best matching person; word_similarity, so a surname finds the full name.
        qb.andWhere(NAMES_VISIBLE)
          .innerJoin(
            (hits) =>
              hits
                .select('cp.case_id', 'case_id')
                .addSelect('max(word_similarity(fold_for_search(:name), p.search_name))', 'score')
                .from('persons', 'p')
                .innerJoin('case_persons', 'cp', 'cp.person_id = p.id')
                .where('fold_for_search(:name) <% p.search_name')
                .groupBy('cp.case_id'),
            'hits',
            `hits.case_id = ${CASE_ALIAS}.id`,
            { name: query.value },
          )
          .addSelect('hits.score', 'score')
          .orderBy('score', 'DESC');
        break;
    }
    const rows = await qb
      .addOrderBy(`${CASE_ALIAS}.seq`, 'DESC')
      .limit(limit)
      .getRawMany<{ id: string; reference: string; phase: Phase; organisation_id: string; names_visible: boolean }>();
    const persons = await this.personsOf(rows.filter((r) => r.names_visible).map((r) => r.id));
    await this.record(actor, query.match, rows);
    return {
      items: rows.map((r) => ({
        caseId: r.id,
        reference: r.reference,
        phase: r.phase,
        persons: persons.get(r.id) ?? [],
        match: query.match,
      })),
    };
  }

  private async personsOf(caseIds: string[]): Promise<Map<string, SearchHit['persons']>> {
    const found = new Map<string, SearchHit['persons']>();
    if (caseIds.length === 0) return found;
    // One line per person, whatever roles they hold in the case.
    const rows = (await this.store.dataSource.query(
      `SELECT DISTINCT ON (cp.case_id, p.last_name, p.first_name, p.id)
              cp.case_id, p.first_name, p.last_name, p.date_of_birth::text AS date_of_birth
         FROM case_persons cp JOIN persons p ON p.id = cp.person_id
        WHERE cp.case_id = ANY($1::uuid[])
        ORDER BY cp.case_id, p.last_name, p.first_name, p.id`,
      [caseIds],
    )) as { case_id: string; first_name: string; last_name: string; date_of_birth: string | null }[];
    for (const row of rows) {
      const list = found.get(row.case_id) ?? [];
      list.push({ firstName: row.first_name, lastName: row.last_name, dateOfBirth: row.date_of_birth });
      found.set(row.case_id, list);
    }
    return found;
  }

  /** One entry per case found, in the receiving organisation's sight; one without a case when none was. */
  private async record(
    actor: Actor,
    match: SearchMatch,
    rows: { id: string; organisation_id: string }[],
  ): Promise<void> {
    const base: AuditInput = {
      action: 'search',
      subjectType: 'Case',
      purpose: PURPOSE[match],
      outcome: 'success',
      ...actorFields(actor),
    };
    const entries: AuditInput[] =
      rows.length === 0
        ? [{ ...base, subjectOrganisationId: actor.principal.organisationId }]
        : rows.map((r) => ({ ...base, subjectId: r.id, caseId: r.id, subjectOrganisationId: r.organisation_id }));
    await this.store.dataSource.transaction((manager) => this.audit.recordManyWithin(manager, entries));
  }
}
