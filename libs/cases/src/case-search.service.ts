import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { AuditInput, AuditService } from '@vt/audit';
import { isValidBsn } from '@vt/common';
import { isIsoDate } from '@vt/deadlines';
import { FoundCase, CaseSearchRepository } from './case-search.repository';
import { Actor, actorFields } from './case-store';
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
 * Search within reach: only cases in whose network the caller's organisation is an active
 * partner, found in SQL through the same membership rule as every case read (see
 * CaseSearchRepository). Every search is audited as `search`, with the kind of query as its
 * purpose and one entry per case found (so each case's privacy officer sees who found it); the
 * query itself is never written down.
 */
@Injectable()
export class CaseSearchService {
  constructor(
    private readonly repository: CaseSearchRepository,
    private readonly protection: DataProtection,
    private readonly audit: AuditService,
  ) {}

  async search(actor: Actor, q: string, limit: number): Promise<{ items: SearchHit[] }> {
    const query = searchQueryOf(q);
    const { reach } = actor;
    const rows = await this.find(reach, query, limit);
    await this.record(actor, query.match, rows);
    return {
      items: rows.map((r) => ({
        caseId: r.id,
        reference: r.reference,
        phase: r.phase,
        persons: r.persons ?? [],
        match: query.match,
      })),
    };
  }

  private find(reach: CaseReach, query: SearchQuery, limit: number): Promise<FoundCase[]> {
    switch (query.match) {
      case 'reference':
        return this.repository.byReference(reach, query.value, limit);
      case 'dateOfBirth':
        return this.repository.byDateOfBirth(reach, query.value, limit);
      case 'bsn':
        // The keyed hash intake stores; the BSN itself goes no further than this line.
        return this.repository.byBsnHash(reach, this.protection.matchKey('bsn', query.value), limit);
      case 'name':
        return this.repository.byName(reach, query.value, limit);
    }
  }

  /**
   * One entry per case found, in the receiving organisation's sight; one without a case when none
   * was. Through the audit log's group commit: all go to the caller's organisation's chain, where
   * they are appended together with the other requests' entries waiting for it.
   */
  private async record(actor: Actor, match: SearchMatch, rows: { id: string; organisation_id: string }[]) {
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
    await Promise.all(entries.map((entry) => this.audit.record(entry)));
  }
}
