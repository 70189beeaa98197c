import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseReach } from '@vt/access';
import { DataSource } from 'typeorm';
import type { Phase } from './case.entity';
import { NUMBERING_ORGANISATIONS } from './case.repository';

/** A case found, with its persons where the caller may see them (null where not). */
export interface FoundCase {
  id: string;
  reference: string;
  phase: Phase;
  organisation_id: string;
  persons: { firstName: string; lastName: string; dateOfBirth: string | null }[] | null;
}

/**
 * Persons (names, dates of birth) are `basic` data: the regie organisation sees them, a partner
 * with the `basic` category does. Matching on a person is limited by the same rule, so a search
 * gives no hint about persons the caller may not see.
 */
function namesVisible(reach: CaseReach, params: unknown[]): string {
  return `('basic' = ANY(partner.categories) OR c.regie_organisation_id = $${params.push(reach.organisationId)})`;
}

/** How many nearest persons a name search reads at first for each case it answers with. */
const NEAREST_PER_CASE = 4;

/**
 * The search's SQL: cases of the caller's reach (their active membership of the case's network)
 * by reference, a person's date of birth, keyed BSN hash or name, each read with its persons in
 * the same statement.
 */
@Injectable()
export class CaseSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byReference(reach: CaseReach, reference: string, limit: number): Promise<FoundCase[]> {
    const params: unknown[] = [reference];
    return this.newestFirst(
      reach,
      limit,
      params,
      `c.organisation_id IN (${NUMBERING_ORGANISATIONS}) AND c.reference = $1`,
    );
  }

  byDateOfBirth(reach: CaseReach, dateOfBirth: string, limit: number): Promise<FoundCase[]> {
    return this.newestFirst(reach, limit, [dateOfBirth], byPerson('p.date_of_birth = $1'), true);
  }

  /**
   * By the keyed hash intake stores: the BSN itself never reaches the database. The radar's index
   * on the hash across organisations answers it in one probe.
   */
  byBsnHash(reach: CaseReach, bsnHash: Buffer, limit: number): Promise<FoundCase[]> {
    return this.newestFirst(reach, limit, [bsnHash], byPerson('p.bsn_hash = $1'), true);
  }

  /**
   * Fuzzy and accent-free: persons whose folded name is word-similar to the folded query (`<%`,
   * pg_trgm's threshold), nearest first in the GiST index's own distance order (`<<->`), kept when
   * in reach as they come, so only the nearest few are read however many names are alike. A case
   * is ranked by its nearest person, then newest first. Should the persons read fill fewer cases
   * than asked (several alike in one household) while more are left, more are read.
   */
  async byName(reach: CaseReach, name: string, limit: number): Promise<FoundCase[]> {
    for (let nearest = limit * NEAREST_PER_CASE; ; nearest *= NEAREST_PER_CASE) {
      const params: unknown[] = [name, nearest];
      const hits = `
        SELECT c.id, c.reference, c.phase, c.organisation_id, c.seq, true AS names_visible, hit.distance AS rank,
               sum(hit.persons) OVER () AS persons_read
          FROM (SELECT near.case_id, min(near.distance) AS distance, count(*) AS persons
                  FROM (SELECT cp.case_id, fold_for_search($1) <<-> p.search_name AS distance
                          FROM persons p
                          JOIN case_persons cp ON cp.person_id = p.id
                          JOIN cases c ON c.id = cp.case_id
                          JOIN case_partners partner ON partner.case_id = c.id
                         WHERE fold_for_search($1) <% p.search_name
                           AND ${reach.sql('read', 'CasePartner', 'partner', params)}
                           AND ${namesVisible(reach, params)}
                         ORDER BY distance
                         LIMIT $2) near
                 GROUP BY near.case_id) hit
          JOIN cases c ON c.id = hit.case_id
         ORDER BY hit.distance, c.seq DESC
         LIMIT $${params.push(limit)}`;
      const rows = await this.withPersons<{ persons_read: string }>(hits, params);
      if (rows.length === limit || rows.length === 0 || Number(rows[0].persons_read) < nearest) return rows;
    }
  }

  /** Cases in reach meeting `condition`, newest first, matched on their persons only where those are visible. */
  private newestFirst(
    reach: CaseReach,
    limit: number,
    params: unknown[],
    condition: string,
    onPersons = false,
  ): Promise<FoundCase[]> {
    const visible = namesVisible(reach, params);
    const hits = `
      SELECT c.id, c.reference, c.phase, c.organisation_id, c.seq, ${visible} AS names_visible, 0 AS rank
        FROM cases c
        JOIN case_partners partner ON partner.case_id = c.id
       WHERE ${reach.sql('read', 'CasePartner', 'partner', params)}
         AND ${condition}${onPersons ? ` AND ${visible}` : ''}
       ORDER BY c.seq DESC
       LIMIT $${params.push(limit)}`;
    return this.withPersons(hits, params);
  }

  /**
   * The `hits` (cases with `names_visible`, `rank` and `seq`) in their order, each with its persons
   * in the same statement: one line per person whatever roles they hold, where the caller sees them.
   */
  private async withPersons<Extra = object>(hits: string, params: unknown[]): Promise<(FoundCase & Extra)[]> {
    return (await this.dataSource.query(
      `SELECT hits.*, found.persons
         FROM (${hits}) hits
         LEFT JOIN LATERAL (
               SELECT json_agg(json_build_object('firstName', p.first_name, 'lastName', p.last_name,
                                                 'dateOfBirth', p.date_of_birth)
                               ORDER BY p.last_name, p.first_name, p.id) AS persons
                 FROM persons p
                WHERE hits.names_visible
                  AND p.id IN (SELECT cp.person_id FROM case_persons cp WHERE cp.case_id = hits.id)) found ON true
        ORDER BY hits.rank, hits.seq DESC`,
      params,
    )) as (FoundCase & Extra)[];
  }
}

/** A condition on the case's persons `p`. */
function byPerson(condition: string): string {
  return `c.id IN (SELECT cp.case_id FROM persons p JOIN case_persons cp ON cp.person_id = p.id WHERE ${condition})`;
}
