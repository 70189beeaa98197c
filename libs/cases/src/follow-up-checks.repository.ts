import { Injectable } from '@nestjs/common';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DeepPartial } from 'typeorm';
import { FollowUpCheck } from './follow-up.entity';

/**
 * Follow-up checks and the reports flagged during follow-up, read and written on a case the
 * caller's membership already found (CaseStore), on the manager of that read or write.
 */
@Injectable()
export class FollowUpChecksRepository {
  createCheck(transaction: Transaction, check: DeepPartial<FollowUpCheck>): Promise<FollowUpCheck> {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(FollowUpCheck);
    return repository.save(repository.create(check));
  }

  saveCheck(transaction: Transaction, check: FollowUpCheck): Promise<FollowUpCheck> {
    const manager = managerOf(transaction);
    return manager.getRepository(FollowUpCheck).save(check);
  }

  /** One check of the case, locked for its outcome. */
  lockCheck(transaction: Transaction, caseId: string, checkId: string): Promise<FollowUpCheck | null> {
    const manager = managerOf(transaction);
    return manager
      .getRepository(FollowUpCheck)
      .createQueryBuilder('f')
      .setLock('pessimistic_write')
      .where('f.id = :checkId AND f.caseId = :caseId', { checkId, caseId })
      .getOne();
  }

  /** The case's checks, the soonest due first. */
  checks(transaction: Transaction, caseId: string): Promise<FollowUpCheck[]> {
    const manager = managerOf(transaction);
    return manager.getRepository(FollowUpCheck).find({ where: { caseId }, order: { dueAt: 'ASC' } });
  }

  /** The state of each check's term. */
  checkTerms(transaction: Transaction, caseId: string) {
    const manager = managerOf(transaction);
    return manager.query(
      `SELECT subject_id, status, breached_at FROM deadline_terms WHERE case_id = $1 AND kind = 'follow_up_check'`,
      [caseId],
    ) as Promise<{ subject_id: string; status: string; breached_at: Date | null }[]>;
  }

  /**
   * Flags the report on every closed case of the same receiving organisation that the radar links
   * to `caseId` and that still has a check to do; the flagged cases' ids.
   */
  async flagReport(
    transaction: Transaction,
    report: { caseId: string; reportId: string; organisationId: string },
    at: Date,
  ): Promise<string[]> {
    const manager = managerOf(transaction);
    const flagged = (await manager.query(
      `INSERT INTO follow_up_reports (case_id, closed_case_id, report_id, flagged_at)
       SELECT $1, c.id, $2, $3 FROM cases c
        WHERE c.id IN (SELECT related_case_id FROM case_links WHERE case_id = $1
                       UNION SELECT case_id FROM case_links WHERE related_case_id = $1)
          AND c.phase = 'closed' AND c.organisation_id = $4
          AND EXISTS (SELECT 1 FROM follow_up_checks f WHERE f.case_id = c.id AND f.outcome IS NULL)
       ON CONFLICT DO NOTHING RETURNING closed_case_id`,
      [report.caseId, report.reportId, at, report.organisationId],
    )) as { closed_case_id: string }[];
    return flagged.map((row) => row.closed_case_id);
  }

  /** The reports flagged on this closed case, in the order they came. */
  newReports(transaction: Transaction, closedCaseId: string) {
    const manager = managerOf(transaction);
    return manager.query(
      `SELECT f.case_id, c.reference, f.report_id, f.flagged_at FROM follow_up_reports f JOIN cases c ON c.id = f.case_id
        WHERE f.closed_case_id = $1 ORDER BY f.flagged_at`,
      [closedCaseId],
    ) as Promise<{ case_id: string; reference: string; report_id: string; flagged_at: Date }[]>;
  }
}
