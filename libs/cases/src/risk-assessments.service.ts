import { Injectable } from '@nestjs/common';
import { CaseReach, OrganisationDirectory, UsersService } from '@vt/access';
import { Transaction } from '@vt/database';
import { NotificationsService } from '@vt/notifications';
import { Actor, CaseScope, CaseStore } from './case-store';
import { CaseWorkRepository } from './case-work.repository';
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
import { RISK_INSTRUMENTS } from './risk-instruments';
import { AssessmentRow, RiskAssessmentsRepository } from './risk-assessments.repository';

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
    private readonly repository: RiskAssessmentsRepository,
    private readonly caseWork: CaseWorkRepository,
    private readonly users: UsersService,
    private readonly directory: OrganisationDirectory,
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
        const { reach } = actor;
        const saved = await this.repository.saveAssessment(reach, tx.manager, {
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
        });
        await this.caseWork.updateCase(reach, tx.manager, caseId, {
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
        const [row] = await this.repository.assessments(reach, tx.manager, [caseId], saved.id);
        const [view] = await this.views(tx.manager, [row], caseId);
        return { result: view, subjectId: saved.id };
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
      const { reach } = actor;
      const household = sight.receiving ? await this.repository.earlierLinkedCases(reach, manager, found) : [];
      const rows = await this.repository.assessments(reach, manager, [caseId, ...household.map((c) => c.id)]);
      const audit = { action: 'read', subjectType: 'RiskAssessment' } as const;
      await this.store.recordAudit(manager, actor, audit, found, {});
      for (const other of household.filter((c) => rows.some((r) => r.case_id === c.id))) {
        await this.store.recordAudit(manager, actor, audit, other, {});
      }
      const personRoles = await this.repository.personRoles(reach, manager, caseId);
      const recorded = { redFlags: found.redFlags, personRoles };
      return {
        items: await this.views(manager, rows, caseId),
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
  async markReassessmentDue(reach: CaseReach, tx: CaseScope, ...reasons: ReassessmentReason[]): Promise<void> {
    await this.repository.markReassessmentDue(reach, tx.manager, tx.case.id, reasons);
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

  /** The rows as the client sees them, with their assessors' and organisations' names read once. */
  private async views(manager: Transaction, rows: AssessmentRow[], caseId: string) {
    const users = await this.users.names(
      rows.map((row) => row.assessed_by),
      manager,
    );
    const organisations = await this.directory.names(
      rows.map((row) => row.assessor_organisation_id),
      manager,
    );
    return rows.map((row) => this.view(row, caseId, users, organisations));
  }

  private view(row: AssessmentRow, caseId: string, users: Map<string, string>, organisations: Map<string, string>) {
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
        name: users.get(row.assessed_by) ?? null,
        organisationId: row.assessor_organisation_id,
        organisationName: organisations.get(row.assessor_organisation_id) ?? null,
      },
    };
  }
}
