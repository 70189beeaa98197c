import { Injectable } from '@nestjs/common';
import { CaseReach, OrganisationDirectory, RoleHolder, RoleHolderQuery, UsersService } from '@vt/access';
import { Transaction } from '@vt/database';
import { DeadlinesService } from '@vt/deadlines';
import { NotificationsService } from '@vt/notifications';
import { Approval, ApprovalDecision } from './approval.entity';
import { ApprovalsService } from './approvals.service';
import { Case, RiskLevel } from './case.entity';
import { nextPhase, Transition } from './case-lifecycle';
import { CASE_OPERATIONS } from './case-operations';
import { DataCategory, LegalBasis } from './case-partner.entity';
import { sightOf } from './case-sight';
import { NoteCategory } from './case-record.entity';
import { Actor, CaseStore, CaseTx } from './case-store';
import { CaseWorkRepository } from './case-work.repository';
import { CasesException } from './cases.exception';
import { FollowUpChecksService } from './follow-up-checks.service';
import { InvestigationService } from './investigation.service';
import { ReporterFeedbackTerms } from './reporter-feedback-terms';

export interface PartnerInput {
  organisationId: string;
  legalBasis: LegalBasis;
  legalBasisRef: string;
  categories: DataCategory[];
  expiresAt?: Date;
}

export interface AssessmentInput {
  outcome: 'acute_unsafe' | 'structural_unsafe' | 'safe';
  decision: 'close' | 'follow_up' | 'investigation';
  summary: string;
}

/** The roles a regisseur holds one of. */
export const REGIE_ROLES = ['caseworker', 'supervisor'];

/** A safety assessment that closes a case at these risk levels waits for a supervisor's approval. */
const FOUR_EYES_RISK: readonly RiskLevel[] = ['high', 'critical'];

/** What a step that may wait for approval did: happened (undefined), or waits for this approval. */
export type Requested = { approval: Approval } | undefined;

/** Regie, the partner network, the lifecycle transitions and notes of one case. */
@Injectable()
export class CaseWorkService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly investigation: InvestigationService,
    private readonly approvals: ApprovalsService,
    private readonly followUp: FollowUpChecksService,
    private readonly feedback: ReporterFeedbackTerms,
    private readonly notifications: NotificationsService,
    private readonly repository: CaseWorkRepository,
    private readonly users: UsersService,
    private readonly directory: OrganisationDirectory,
  ) {}

  /**
   * A supervisor of the regie organisation assigns; the current regisseur hands over. Regie moves
   * to the new regisseur's organisation, which then sees every category.
   */
  assignRegisseur(actor: Actor, caseId: string, userId: string, reason?: string) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'assign_regisseur', audit: { action: 'update', subjectType: 'Regie' } },
      async (tx) => {
        const { reach } = actor;
        const [user] = await this.eligible(reach, tx.manager, caseId, { userId });
        if (!user) {
          throw CasesException.invalid(
            'userId',
            'geen actieve medewerker van een netwerkorganisatie / not an active user of a network organisation',
          );
        }
        if (user.userId === tx.case.regisseurUserId) return { result: undefined };
        const from = { userId: tx.case.regisseurUserId, organisationId: tx.case.regieOrganisationId };
        await this.repository.updateCase(reach, tx.manager, caseId, {
          regisseurUserId: user.userId,
          regieOrganisationId: user.organisationId,
          updatedAt: tx.now,
        });
        await this.repository.keepMembershipOpen(reach, tx.manager, caseId, user.organisationId);
        await this.repository.recordRegieAssignment(reach, tx.manager, {
          caseId,
          fromUserId: from.userId,
          fromOrganisationId: from.organisationId,
          toUserId: user.userId,
          toOrganisationId: user.organisationId,
          assignedBy: actor.principal.userId,
          reason: reason ?? null,
          assignedAt: tx.now,
        });
        await tx.event('regisseur_changed', 'basic', {
          fromUserId: from.userId,
          fromOrganisationId: from.organisationId,
          toUserId: user.userId,
          toOrganisationId: user.organisationId,
        });
        if (user.userId !== actor.principal.userId) {
          await this.notifications.notifyUser(tx.manager, user.userId, {
            kind: 'regie_assigned',
            caseId,
            subjectId: caseId,
            title: `U bent regisseur: casus ${tx.case.reference}`,
            body: `U voert vanaf nu de regie over casus ${tx.case.reference}.`,
          });
        }
        return { result: undefined, subjectId: user.userId };
      },
    );
  }

  /**
   * Who regie may move to, for a client to choose from: the same users assignRegisseur accepts,
   * but not the current regisseur. Asking needs the right to assign.
   */
  async regisseurCandidates(reach: CaseReach, caseId: string) {
    const manager = this.repository.manager;
    const { case: found } = await this.store.read(manager, reach, caseId);
    this.store.assertMay(reach, CASE_OPERATIONS.assign_regisseur, found);
    const rows = await this.eligible(reach, manager, caseId, { exceptUserId: found.regisseurUserId });
    return { items: rows.map((row) => ({ ...row, roles: REGIE_ROLES.filter((role) => row.roles.includes(role)) })) };
  }

  /**
   * Whom regie may go to: active caseworkers and supervisors of the case's active network
   * organisations, by organisation name and name.
   */
  private async eligible(
    reach: CaseReach,
    manager: Transaction,
    caseId: string,
    only: Pick<RoleHolderQuery, 'userId' | 'exceptUserId'>,
  ): Promise<RoleHolder[]> {
    const organisationIds = await this.repository.activePartners(reach, manager, caseId);
    return this.users.roleHolders({ organisationIds, roles: REGIE_ROLES, ...only }, manager);
  }

  addPartner(actor: Actor, caseId: string, input: PartnerInput) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'manage_partners', audit: { action: 'create', subjectType: 'CasePartner' } },
      async (tx) => {
        if (input.expiresAt && input.expiresAt <= tx.now) {
          throw CasesException.invalid('expiresAt', 'moet in de toekomst liggen / must lie in the future');
        }
        const { reach } = actor;
        const org = await this.directory.card(input.organisationId, tx.manager);
        if (!org || org.kind === 'platform') {
          throw CasesException.invalid('organisationId', 'onbekende organisatie / unknown organisation');
        }
        // An expired membership is ended first, so the organisation can be invited again.
        await this.repository.endExpiredMembership(
          reach,
          tx.manager,
          caseId,
          input.organisationId,
          actor.principal.userId,
        );
        const active = await this.repository.currentMembership(reach, tx.manager, caseId, input.organisationId);
        if (active) {
          throw CasesException.conflict('Organisatie is al netwerkpartner / already a partner', [
            { field: 'organisationId', message: 'al netwerkpartner / already a partner' },
          ]);
        }
        const categories = [...new Set<DataCategory>(['basic', ...input.categories])];
        const partner = await this.repository.addMembership(reach, tx.manager, {
          caseId,
          caseSeq: tx.case.seq,
          organisationId: input.organisationId,
          legalBasis: input.legalBasis,
          legalBasisRef: input.legalBasisRef,
          categories,
          expiresAt: input.expiresAt ?? null,
          addedBy: actor.principal.userId,
          addedAt: tx.now,
        });
        await tx.event('partner_added', 'basic', {
          organisationId: input.organisationId,
          legalBasis: input.legalBasis,
          legalBasisRef: input.legalBasisRef,
          categories,
          expiresAt: input.expiresAt ?? null,
        });
        await this.notifyNetworkChange(tx, actor, input.organisationId, org.name, 'partner_added');
        return { result: partner, subjectId: partner.id };
      },
    );
  }

  /** Ends a membership at once; the regie organisation cannot leave its own case. */
  removePartner(actor: Actor, caseId: string, organisationId: string) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'manage_partners', audit: { action: 'delete', subjectType: 'CasePartner' } },
      async (tx) => {
        if (organisationId === tx.case.regieOrganisationId || organisationId === tx.case.organisationId) {
          throw CasesException.conflict(
            'De regieorganisatie en de ontvangende organisatie blijven in het netwerk / regie and receiving organisation stay',
            [
              {
                field: 'organisationId',
                message: 'houdt regie of ontving de melding / holds regie or received the report',
              },
            ],
          );
        }
        const { reach } = actor;
        const removed = await this.repository.removeMembership(
          reach,
          tx.manager,
          caseId,
          organisationId,
          actor.principal.userId,
        );
        if (removed === null) throw CasesException.notFound();
        // What the organisation still owed the case can no longer be asked of it.
        const owed = await this.repository.owedBy(reach, tx.manager, caseId, organisationId);
        if (owed.length > 0) await this.deadlines.cancelOpen(tx.manager, caseId, tx.now, owed);
        await tx.event('partner_removed', 'basic', { organisationId });
        const org = await this.directory.card(organisationId, tx.manager);
        await this.notifyNetworkChange(tx, actor, organisationId, org!.name, 'partner_removed');
        return { result: undefined, subjectId: removed };
      },
    );
  }

  /**
   * The partner's supervisors, who decide who in their organisation takes the case up (or winds
   * it down), and the regisseur, who coordinates the network. The partner is told the reference
   * only; the regisseur, who sees the whole case, also which organisation.
   */
  private async notifyNetworkChange(
    tx: CaseTx,
    actor: Actor,
    organisationId: string,
    organisationName: string,
    kind: 'partner_added' | 'partner_removed',
  ) {
    const reference = tx.case.reference;
    const added = kind === 'partner_added';
    await this.notifications.notifyRole(
      tx.manager,
      organisationId,
      'supervisor',
      {
        kind,
        caseId: tx.case.id,
        subjectId: organisationId,
        title: `${added ? 'Nieuw in het netwerk' : 'Uit het netwerk'}: casus ${reference}`,
        body: added
          ? `Uw organisatie is netwerkpartner geworden in casus ${reference}.`
          : `Uw organisatie is geen netwerkpartner meer in casus ${reference}.`,
      },
      actor.principal.userId,
    );
    const regisseur = tx.case.regisseurUserId;
    if (regisseur && regisseur !== actor.principal.userId) {
      await this.notifications.notifyUser(tx.manager, regisseur, {
        kind,
        caseId: tx.case.id,
        subjectId: organisationId,
        title: `Netwerk gewijzigd: casus ${reference}`,
        body: `${organisationName} is ${added ? 'toegevoegd aan' : 'gehaald uit'} het netwerk van casus ${reference}.`,
      });
    }
  }

  /**
   * Veiligheidsbeoordeling: closes its deadline (met, or met late) and moves the case on. Closing a
   * case of high or critical risk waits for approval; the assessment itself, and the statutory term
   * it meets, count from now, when the professional recorded it.
   */
  assessSafety(actor: Actor, caseId: string, input: AssessmentInput): Promise<Requested> {
    const transition: Transition = `assessment_${input.decision}`;
    return this.store.write(
      actor,
      caseId,
      { operation: 'record_safety_assessment', audit: { action: 'update', subjectType: 'SafetyAssessment' } },
      async (tx) => {
        const now = tx.now;
        const phase = nextPhase(tx.case.phase, transition);
        await this.approvals.assertNonePending(tx);
        const { reach } = actor;
        await this.repository.updateCase(reach, tx.manager, caseId, {
          assessmentOutcome: input.outcome,
          assessmentDecision: input.decision,
          assessmentSummary: input.summary,
          assessedAt: now,
        });
        const met = await this.deadlines.complete(tx.manager, { caseId, kind: 'safety_assessment' }, now);
        await tx.event('safety_assessed', 'safety', {
          outcome: input.outcome,
          decision: input.decision,
          lateWorkingDays: met?.lateWorkingDays ?? null,
        });
        if (phase === 'investigation') {
          await this.deadlines.open(
            tx.manager,
            { caseId, kind: 'investigation' },
            now,
            this.deadlines.investigationDueAt(now),
          );
        }
        // A professional reporter is owed feedback from now, whatever the decision waits for.
        if (phase === 'closed' && FOUR_EYES_RISK.includes(tx.case.riskLevel)) {
          const approval = await this.approvals.request(tx, 'record_safety_assessment', null);
          await this.feedback.openOwed(reach, tx);
          return { result: { approval } };
        }
        await this.move(reach, tx, phase, now);
        await this.feedback.openOwed(reach, tx);
        return { result: undefined };
      },
    );
  }

  /** A running suspension ends with the investigation, so the term it met is the moved one. */
  completeInvestigation(actor: Actor, caseId: string, conclusion: string, decision: 'follow_up' | 'close') {
    return this.store.write(
      actor,
      caseId,
      { operation: 'complete_investigation', audit: { action: 'update', subjectType: 'Investigation' } },
      async (tx) => {
        const now = tx.now;
        const phase = nextPhase(tx.case.phase, `investigation_${decision}`);
        const { reach } = actor;
        await this.repository.updateCase(reach, tx.manager, caseId, {
          investigationConclusion: conclusion,
          investigationCompletedAt: now,
        });
        await this.investigation.endOpenSuspension(tx);
        const met = await this.deadlines.complete(tx.manager, { caseId, kind: 'investigation' }, now);
        await tx.event('investigation_completed', 'safety', {
          decision,
          lateWorkingDays: met?.lateWorkingDays ?? null,
        });
        await this.move(reach, tx, phase, now);
        return { result: undefined };
      },
    );
  }

  /** Closing waits for a supervisor of the regie organisation other than the requester. */
  close(actor: Actor, caseId: string, reason: string): Promise<Approval> {
    return this.store.write(
      actor,
      caseId,
      { operation: 'close', audit: { action: 'create', subjectType: 'Approval' } },
      async (tx) => {
        nextPhase(tx.case.phase, 'close');
        const approval = await this.approvals.request(tx, 'close', reason);
        return { result: approval, subjectId: approval.id };
      },
    );
  }

  /**
   * A supervisor's decision on a pending approval (ApprovalsService.decide says who may). Approved,
   * the step it waited for happens in this transaction; rejected, the case stays as it was.
   */
  decideApproval(actor: Actor, caseId: string, approvalId: string, decision: ApprovalDecision, note: string) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'decide_approval', audit: { action: 'update', subjectType: 'Approval' } },
      async (tx) => {
        const approval = await this.approvals.decide(tx, approvalId, decision, note);
        if (decision === 'approved') {
          const transition: Transition = approval.operation === 'close' ? 'close' : 'assessment_close';
          await this.move(actor.reach, tx, nextPhase(tx.case.phase, transition), tx.now, approval.reason ?? undefined);
        }
        return { result: approval, subjectId: approval.id };
      },
    );
  }

  /**
   * Sets the phase; closing ends the case's open deadlines (nothing more is due on the case itself)
   * and starts what is owed after it: the follow-up checks and a professional reporter's feedback.
   */
  private async move(reach: CaseReach, tx: CaseTx, phase: Case['phase'], at: Date, reason?: string): Promise<void> {
    const closing = phase === 'closed';
    await this.repository.updateCase(reach, tx.manager, tx.case.id, {
      phase,
      updatedAt: at,
      ...(closing ? { closedAt: at, closeReason: reason ?? null } : {}),
    });
    if (closing) {
      await this.deadlines.cancelOpen(tx.manager, tx.case.id, at);
      await this.followUp.scheduleAfterClosing(tx, at);
      await this.feedback.openOwed(reach, tx);
    }
    await tx.event('phase_changed', 'basic', { from: tx.case.phase, to: phase });
  }

  addNote(actor: Actor, caseId: string, category: NoteCategory, text: string) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'read', audit: { action: 'create', subjectType: 'CaseNote' } },
      async (tx) => {
        if (category === 'medical') this.store.assertCan(tx.reach, 'write_medical', 'Case', tx.case);
        else if (!sightOf(actor.principal, tx.case, tx.membership).categories.has(category)) {
          throw CasesException.forbidden();
        }
        const note = await this.repository.addNote(actor.reach, tx.manager, {
          caseId,
          organisationId: actor.principal.organisationId,
          category,
          text,
          createdBy: actor.principal.userId,
        });
        await tx.event('note_added', category, { noteId: note.id });
        return { result: { id: note.id }, subjectId: note.id };
      },
    );
  }
}
