import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { DataSource } from 'typeorm';

export interface LookupPersonRow {
  id: string;
  roles: string[];
  date_of_birth: string | null;
  bsn_ciphertext: Buffer | null;
  bsn_key_id: string | null;
}

/** The persons and cases a lookup is about, as far as the reach sees the case. */
@Injectable()
export class LookupSubjectsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async person(reach: CaseReach, caseId: string, personId: string): Promise<LookupPersonRow | undefined> {
    const params: unknown[] = [caseId, personId];
    const [row] = (await this.dataSource.query(
      `SELECT p.id, array_agg(cp.role ORDER BY cp.role) AS roles, p.date_of_birth::text AS date_of_birth,
              p.bsn_ciphertext, p.bsn_key_id
         FROM case_persons cp JOIN persons p ON p.id = cp.person_id
        WHERE cp.case_id = $1 AND cp.person_id = $2 AND ${visible(reach, 'cp.case_id', params)}
        GROUP BY p.id`,
      params,
    )) as LookupPersonRow[];
    return row;
  }

  /** Names of the case's persons whose BSN hash (hex) is among those given. */
  namesByBsnHash(
    reach: CaseReach,
    caseId: string,
    bsnHashes: string[],
  ): Promise<{ first_name: string; last_name: string; bsn_hash: string }[]> {
    const params: unknown[] = [caseId, bsnHashes];
    return this.dataSource.query(
      `SELECT DISTINCT p.first_name, p.last_name, encode(p.bsn_hash, 'hex') AS bsn_hash
         FROM case_persons cp JOIN persons p ON p.id = cp.person_id
        WHERE cp.case_id = $1 AND encode(p.bsn_hash, 'hex') = ANY ($2) AND ${visible(reach, 'cp.case_id', params)}`,
      params,
    );
  }

  async lookupCase(
    reach: CaseReach,
    caseId: string,
  ): Promise<{ reference: string; organisation_id: string } | undefined> {
    const params: unknown[] = [caseId];
    const [row] = (await this.dataSource.query(
      `SELECT c.reference, c.organisation_id FROM cases c WHERE c.id = $1 AND ${visible(reach, 'c.id', params)}`,
      params,
    )) as { reference: string; organisation_id: string }[];
    return row;
  }
}

/** The case (by the column given) is seen through a membership the reach may read. */
function visible(reach: CaseReach, caseColumn: string, params: unknown[]): string {
  return `EXISTS (SELECT 1 FROM case_partners pt
                   WHERE pt.case_id = ${caseColumn} AND ${reach.sql('read', 'CasePartner', 'pt', params)})`;
}
