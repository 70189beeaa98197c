import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';

/** A case as the deadline alerts read it. */
export interface DeadlineCaseRow {
  id: string;
  reference: string;
  organisation_id: string;
  regie_organisation_id: string;
  regisseur_user_id: string | null;
}

/**
 * The case rows the deadline alerts ask after, read under the reach's `Deadline` rule. Plain
 * statements, no entities: a burst reads hundreds of cases per breach transaction.
 */
@Injectable()
export class DeadlineCaseFactsRepository {
  /** The named cases' reference, organisations and regisseur. */
  cases(reach: CaseReach, transaction: Transaction, caseIds: readonly string[]): Promise<DeadlineCaseRow[]> {
    const params: unknown[] = [caseIds];
    return managerOf(transaction).query(
      `SELECT c.id, c.reference, c.organisation_id, c.regie_organisation_id, c.regisseur_user_id
         FROM cases c WHERE c.id = ANY($1::uuid[]) AND ${reach.sql('read', 'Deadline', 'c', params)}`,
      params,
    );
  }

  /** The cases with an investigation suspended now: one case, or those a regie organisation holds. */
  async suspendedCases(
    reach: CaseReach,
    transaction: Transaction,
    of: { regieOrganisationId: string } | { caseId: string },
  ): Promise<string[]> {
    const params: unknown[] = ['caseId' in of ? of.caseId : of.regieOrganisationId];
    const rows = (await managerOf(transaction).query(
      `SELECT s.case_id FROM investigation_suspensions s JOIN cases c ON c.id = s.case_id
        WHERE s.ended_at IS NULL AND ${'caseId' in of ? 's.case_id' : 'c.regie_organisation_id'} = $1
          AND ${reach.sql('read', 'Deadline', 'c', params)}`,
      params,
    )) as { case_id: string }[];
    return rows.map((row) => row.case_id);
  }
}
