import { Injectable } from '@nestjs/common';
import { NotificationsService } from '@vt/notifications';
import { EntityManager } from 'typeorm';
import { Case, RiskLevel } from './case.entity';
import { Actor, CaseScope, CaseStore } from './case-store';
import { sightOf } from './case-sight';
import { CasesException } from './cases.exception';
import {
  answerErrors,
  prefilledAnswers,
  ProfessionalJudgement,
  RiskAnswer,
  RiskInstrument,
  scoreInstrument,
} from './risk';
import { CaseRiskAssessment } from './risk-assessment.entity';
import { RISK_INSTRUMENTS } from './risk-instruments';

export interface RiskAssessmentInput {
  instrument: string;
  items: Record<string, RiskAnswer>;
  professionalJudgement?: ProfessionalJudgement;
}

/** Why a case needs its risk assessed again. */
export const REASSESSMENT_REASONS = ['new_report', 'new_red_flag', 'order_breached'] as const;
export type ReassessmentReason = (typeof REASSESSMENT_REASONS)[number];

const REASSESSMENT_TEXT: Record<ReassessmentReason, string> = {
  new_report: 'er is een nieuwe melding binnengekomen',
  new_red_flag: 'er is een nieuwe rode vlag gemeld',
  order_breached: 'een huisverbod of andere maatregel is overtreden',
};

const instrumentView = (i: RiskInstrument) => ({
  code: i.code,
  version: i.version,
  name: i.name,
  description: i.description,
  items: i.items.map((item) => ({
    code: item.code,
    question: item.question,
    weight: item.weight,
    atLeast: item.atLeast ?? null,
    prefill: item.prefill,
  })),
  thresholds: i.thresholds,
});

interface AssessmentRow {
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
  assessor_name: string;
  assessor_organisation_id: string;
  assessor_organisation_name: string;
}

/**
 * Risk assessed over time: dated, repeatable assessments with an instrument (risk-instruments.ts).
 * The case's riskLevel is its latest assessment's level; a new report, a new red flag or a breached
 * order marks the case for reassessment until the next one. History is kept per household: the
 * case and the earlier cases the radar linked to it (docs/risk-assessments.md).
 */
@Injectable()
export class RiskAssessmentsService {
  constructor(
    private readonly store: CaseStore,
    private readonly notifications: NotificationsService,
  ) {}

  instruments() {
    return { items: RISK_INSTRUMENTS.map(instrumentView) };
  }

  /** Caseworkers of a network organisation that sees the safety category. */
  record(actor: Actor, caseId: string, input: RiskAssessmentInput) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'assess_risk', audit: { action: 'create', subjectType: 'RiskAssessment' } },
      async (tx) => {
        if (!sightOf(actor.principal, tx.case, tx.membership).categories.has('safety')) {
          throw CasesException.forbidden();
        }
        const instrument = RISK_INSTRUMENTS.find((i) => i.code === input.instrument);
        if (!instrument) {
          throw CasesException.invalid(
            'instrument',
            `onbekend instrument; bekend: ${RISK_INSTRUMENTS.map((i) => i.code).join(', ')} / unknown instrument`,
          );
        }
        const errors = answerErrors(instrument, input.items);
        if (errors.length > 0) throw new CasesException('cases.invalid', 'Ongeldige invoer / invalid input', errors);
        const scored = scoreInstrument(instrument, input.items, input.professionalJudgement);
        const repository = tx.manager.getRepository(CaseRiskAssessment);
        const saved = await repository.save(
          repository.create({
            caseId,
            instrumentCode: instrument.code,
            instrumentVersion: instrument.version,
            answers: input.items,
            score: scored.score,
            calculatedLevel: scored.calculatedLevel,
            level: scored.level,
            reasons: scored.reasons,
            judgementLevel: input.professionalJudgement?.level ?? null,
            judgementReason: input.professionalJudgement?.reason ?? null,
            assessedBy: actor.principal.userId,
            assessorOrganisationId: actor.principal.organisationId,
            assessedAt: tx.now,
          }),
        );
        await tx.manager.getRepository(Case).update(caseId, {
          riskLevel: scored.level,
          riskReasons: scored.reasons,
          reassessmentDue: false,
          reassessmentReasons: [],
          updatedAt: tx.now,
        });
        await tx.event('risk_assessment_recorded', 'safety', {
          assessmentId: saved.id,
          instrument: instrument.code,
          score: scored.score,
          level: scored.level,
          previousLevel: tx.case.riskLevel,
        });
        const [row] = await this.rows(tx.manager, [caseId], saved.id);
        return { result: this.view(row, caseId), subjectId: saved.id };
      },
    );
  }

  /**
   * The case's assessments and, for the receiving organisation (the radar never leaves it), those
   * of earlier cases linked to it, newest first. Each case whose assessments are shown gets its
   * own audit entry.
   */
  history(actor: Actor, caseId: string) {
    return this.store.transaction(async (manager) => {
      const { case: found, membership } = await this.store.read(manager, actor.reach, caseId);
      const sight = sightOf(actor.principal, found, membership);
      if (!sight.categories.has('safety')) throw CasesException.forbidden();
      const household = sight.receiving ? await this.earlierLinkedCases(manager, found) : [];
      const rows = await this.rows(manager, [caseId, ...household.map((c) => c.id)]);
      const audit = { action: 'read', subjectType: 'RiskAssessment' } as const;
      await this.store.recordAudit(manager, actor, audit, found, {});
      for (const other of household.filter((c) => rows.some((r) => r.case_id === c.id))) {
        await this.store.recordAudit(manager, actor, audit, other, {});
      }
      const roles = (await manager.query(`SELECT DISTINCT role FROM case_persons WHERE case_id = $1`, [caseId])) as {
        role: string;
      }[];
      const recorded = { redFlags: found.redFlags, personRoles: roles.map((r) => r.role) };
      return {
        items: rows.map((row) => this.view(row, caseId)),
        reassessmentDue: found.reassessmentDue,
        reassessmentReasons: found.reassessmentReasons,
        // What the intake already answers, per instrument, for the form of the next assessment.
        prefill: Object.fromEntries(RISK_INSTRUMENTS.map((i) => [i.code, prefilledAnswers(i, recorded)])),
      };
    });
  }

  /**
   * Marks the case for reassessment (a new report, a new red flag, a breached order), inside the
   * caller's transaction, and tells the regisseur once. The mark holds until the next assessment.
   */
  async markReassessmentDue(tx: CaseScope, ...reasons: ReassessmentReason[]): Promise<void> {
    await tx.manager.query(
      `UPDATE cases SET reassessment_due = true,
              reassessment_reasons = reassessment_reasons
                || ARRAY(SELECT r FROM unnest($2::text[]) WITH ORDINALITY AS n(r, i)
                          WHERE r <> ALL(reassessment_reasons) ORDER BY i)
        WHERE id = $1`,
      [tx.case.id, reasons],
    );
    let notified = 0;
    if (tx.case.regisseurUserId) {
      const why = reasons.map((reason) => REASSESSMENT_TEXT[reason]).join(' en ');
      notified = await this.notifications.notifyUser(tx.manager, tx.case.regisseurUserId, {
        kind: 'reassessment_due',
        caseId: tx.case.id,
        subjectId: null,
        title: `Risico opnieuw beoordelen: casus ${tx.case.reference}`,
        body: `Beoordeel het risico in casus ${tx.case.reference} opnieuw: ${why}.`,
      });
    }
    await tx.event('reassessment_due', 'safety', { reasons, notified });
  }

  /** Cases of the receiving organisation that the radar linked to this one, received before it. */
  private async earlierLinkedCases(manager: EntityManager, target: Case) {
    return (await manager.query(
      `SELECT c.id, c.organisation_id AS "organisationId"
         FROM (SELECT related_case_id AS id FROM case_links WHERE case_id = $1
               UNION SELECT case_id FROM case_links WHERE related_case_id = $1) l
         JOIN cases c ON c.id = l.id
        WHERE c.organisation_id = $2 AND c.received_at <= $3`,
      [target.id, target.organisationId, target.receivedAt],
    )) as { id: string; organisationId: string }[];
  }

  private async rows(manager: EntityManager, caseIds: string[], id?: string): Promise<AssessmentRow[]> {
    return (await manager.query(
      `SELECT a.id, a.case_id, c.reference, a.instrument_code, a.instrument_version, a.answers, a.score,
              a.calculated_level, a.level, a.reasons, a.judgement_level, a.judgement_reason, a.assessed_at,
              a.assessed_by, u.name AS assessor_name, a.assessor_organisation_id,
              o.name AS assessor_organisation_name
         FROM risk_assessments a
         JOIN cases c ON c.id = a.case_id
         JOIN users u ON u.id = a.assessed_by
         JOIN organisations o ON o.id = a.assessor_organisation_id
        WHERE a.case_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR a.id = $2)
        ORDER BY a.assessed_at DESC, a.seq DESC`,
      [caseIds, id ?? null],
    )) as AssessmentRow[];
  }

  private view(row: AssessmentRow, caseId: string) {
    return {
      id: row.id,
      caseId: row.case_id,
      caseReference: row.reference,
      // An assessment of an earlier case of the same household, shown in this case's history.
      fromLinkedCase: row.case_id !== caseId,
      instrument: row.instrument_code,
      instrumentVersion: row.instrument_version,
      items: row.answers,
      score: row.score,
      calculatedLevel: row.calculated_level,
      level: row.level,
      reasons: row.reasons,
      professionalJudgement: row.judgement_level ? { level: row.judgement_level, reason: row.judgement_reason } : null,
      assessedAt: row.assessed_at,
      assessedBy: {
        userId: row.assessed_by,
        name: row.assessor_name,
        organisationId: row.assessor_organisation_id,
        organisationName: row.assessor_organisation_name,
      },
    };
  }
}
