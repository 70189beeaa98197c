import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DeepPartial } from 'typeorm';
import { Case, RiskLevel } from './case.entity';
import { RiskAnswer } from './risk';
import { CaseRiskAssessment } from './risk-assessment.entity';

export interface AssessmentRow {
  id: string;
  case_id: string;
  reference: string;
  instrument_code: string;
  instrument_version: number;
  answers: Record<string, RiskAnswer>;
  score: number;
  calculated_level: RiskLevel;
  level: RiskLevel;
  reasons: string[];
  judgement_level: RiskLevel | null;
  judgement_reason: string | null;
  assessed_at: Date;
  assessed_by: string;
  assessor_organisation_id: string;
}

/** Risk assessments of cases and the case's mark for reassessment. */
@Injectable()
export class RiskAssessmentsRepository {
  saveAssessment(
    reach: CaseReach,
    transaction: Transaction,
    fields: DeepPartial<CaseRiskAssessment>,
  ): Promise<CaseRiskAssessment> {
    const manager = managerOf(transaction);
    const assessments = manager.getRepository(CaseRiskAssessment);
    return assessments.save(assessments.create(fields));
  }

  /** Whether an instrument ever assessed the case. */
  hasAssessment(reach: CaseReach, transaction: Transaction, caseId: string): Promise<boolean> {
    const manager = managerOf(transaction);
    return manager.getRepository(CaseRiskAssessment).existsBy({ caseId });
  }

  /** Adds the reasons the case does not carry yet, in their order, and marks it for reassessment. */
  async markReassessmentDue(reach: CaseReach, transaction: Transaction, caseId: string, reasons: string[]) {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE cases SET reassessment_due = true,
              reassessment_reasons = reassessment_reasons
                || ARRAY(SELECT r FROM unnest($2::text[]) WITH ORDINALITY AS n(r, i)
                          WHERE r <> ALL(reassessment_reasons) ORDER BY i)
        WHERE id = $1`,
      [caseId, reasons],
    );
  }

  /**
   * Cases the radar linked to this one, received before it, that the reach may relate to it: the
   * receiving organisation's own (`read_related`).
   */
  async earlierLinkedCases(reach: CaseReach, transaction: Transaction, target: Case) {
    const manager = managerOf(transaction);
    const params: unknown[] = [target.id, target.receivedAt];
    return (await manager.query(
      `SELECT c.id, c.organisation_id AS "organisationId"
         FROM (SELECT related_case_id AS id FROM case_links WHERE case_id = $1
               UNION SELECT case_id FROM case_links WHERE related_case_id = $1) l
         JOIN cases c ON c.id = l.id
        WHERE c.received_at <= $2 AND ${reach.sql('read_related', 'Case', 'c', params)}`,
      params,
    )) as { id: string; organisationId: string }[];
  }

  /** The assessments of these cases (or the one with `id`), newest first, with who assessed them (by id). */
  async assessments(
    reach: CaseReach,
    transaction: Transaction,
    caseIds: string[],
    id?: string,
  ): Promise<AssessmentRow[]> {
    const manager = managerOf(transaction);
    return (await manager.query(
      `SELECT a.id, a.case_id, c.reference, a.instrument_code, a.instrument_version, a.answers, a.score,
              a.calculated_level, a.level, a.reasons, a.judgement_level, a.judgement_reason, a.assessed_at,
              a.assessed_by, a.assessor_organisation_id
         FROM risk_assessments a
         JOIN cases c ON c.id = a.case_id
        WHERE a.case_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR a.id = $2)
        ORDER BY a.assessed_at DESC, a.seq DESC`,
      [caseIds, id ?? null],
    )) as AssessmentRow[];
  }

  /** The roles the case's persons are involved in. */
  async personRoles(reach: CaseReach, transaction: Transaction, caseId: string): Promise<string[]> {
    const manager = managerOf(transaction);
    const roles = (await manager.query(`SELECT DISTINCT role FROM case_persons WHERE case_id = $1`, [caseId])) as {
      role: string;
    }[];
    return roles.map((r) => r.role);
  }
}
