import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { In } from 'typeorm';
import { Case } from './case.entity';
import { InvestigationSuspension } from './investigation.entity';

/** The case rows the deadline alerts ask after, read under the reach's `Deadline` rule. */
@Injectable()
export class DeadlineCaseFactsRepository {
  /** The named cases' reference, organisations and regisseur. */
  cases(reach: CaseReach, transaction: Transaction, caseIds: readonly string[]) {
    const manager = managerOf(transaction);
    const cases = manager.getRepository(Case);
    return cases
      .createQueryBuilder('c')
      .select(['c.id', 'c.reference', 'c.organisationId', 'c.regieOrganisationId', 'c.regisseurUserId'])
      .where({ id: In([...caseIds]) })
      .andWhere(reach.where('read', 'Deadline', 'c', cases.metadata))
      .getMany();
  }

  /** The cases with an investigation suspended now: one case, or those a regie organisation holds. */
  async suspendedCases(
    reach: CaseReach,
    transaction: Transaction,
    of: { regieOrganisationId: string } | { caseId: string },
  ): Promise<string[]> {
    const manager = managerOf(transaction);
    const qb = manager
      .getRepository(InvestigationSuspension)
      .createQueryBuilder('s')
      .select('s.caseId', 'caseId')
      .innerJoin(Case, 'c', 'c.id = s.caseId')
      .where('s.endedAt IS NULL')
      .andWhere(reach.where('read', 'Deadline', 'c', manager.getRepository(Case).metadata));
    if ('caseId' in of) qb.andWhere('s.caseId = :caseId', { caseId: of.caseId });
    else qb.andWhere('c.regieOrganisationId = :regie', { regie: of.regieOrganisationId });
    const rows = await qb.getRawMany<{ caseId: string }>();
    return rows.map((row) => row.caseId);
  }
}
