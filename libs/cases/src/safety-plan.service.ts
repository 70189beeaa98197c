import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Transaction } from '@vt/database';
import { DeadlinesService, dutchTime } from '@vt/deadlines';
import { NotificationsService } from '@vt/notifications';
import { Actor, CaseStore } from './case-store';
import { CasesException } from './cases.exception';
import { ActionStatus } from './safety-plan.entity';
import { SafetyPlanRepository } from './safety-plan.repository';

export interface ActionInput {
  assigneeOrganisationId: string;
  description: string;
  dueAt: Date;
}

export interface EscalationInput {
  targetOrganisationId: string;
  actionId?: string;
  reason: string;
}

/** Actions not done on one case: a safety plan past this is no longer workable, and a request for more is refused. */
export const MAX_OPEN_ACTIONS_PER_CASE = 100;

/** An action's status as the regisseur's notification says it. */
const ACTION_STATUS_NAMES: Record<ActionStatus, string> = { open: 'open', done: 'gedaan', blocked: 'geblokkeerd' };

/** Safety plan actions and escalations (doorzettingsmacht). */
@Injectable()
export class SafetyPlanService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly notifications: NotificationsService,
    private readonly repository: SafetyPlanRepository,
  ) {}

  /** The regisseur assigns an action to a network organisation; its due date is a deadline. */
  createAction(actor: Actor, caseId: string, input: ActionInput) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'create_action', audit: { action: 'create', subjectType: 'CaseAction' } },
      async (tx) => {
        if (input.dueAt <= tx.now || !this.deadlines.covers(input.dueAt)) {
          throw CasesException.invalid(
            'dueAt',
            'moet in de toekomst en binnen de termijnenkalender liggen / must lie in the future, within the calendar',
          );
        }
        await this.assertRoomForActions(tx.manager, caseId, 1);
        await this.assertPartner(tx.manager, tx.reach, caseId, input.assigneeOrganisationId, 'assigneeOrganisationId');
        const action = await this.repository.saveNewAction(actor.reach, tx.manager, {
          caseId,
          ...input,
          status: 'open',
          note: null,
          createdBy: actor.principal.userId,
          updatedAt: tx.now,
        });
        await this.deadlines.open(tx.manager, { caseId, kind: 'action', subjectId: action.id }, tx.now, input.dueAt);
        await tx.event('action_created', 'safety', {
          actionId: action.id,
          assigneeOrganisationId: input.assigneeOrganisationId,
          dueAt: input.dueAt,
        });
        // The people who do the work hear of it; the action's text stays in the case, by category.
        await this.notifications.notifyRole(tx.manager, input.assigneeOrganisationId, 'caseworker', {
          kind: 'action_assigned',
          caseId,
          subjectId: action.id,
          title: `Nieuwe afspraak: casus ${tx.case.reference}`,
          body: `De regisseur van casus ${tx.case.reference} heeft uw organisatie een afspraak gegeven, uiterlijk ${dutchTime(input.dueAt)}.`,
        });
        return { result: action, subjectId: action.id };
      },
    );
  }

  /** Refuses (field `actions`) when `adding` more would take the case past MAX_OPEN_ACTIONS_PER_CASE. */
  async assertRoomForActions(manager: Transaction, caseId: string, adding: number): Promise<void> {
    const open = await this.repository.openActionCount(manager, caseId);
    if (open + adding > MAX_OPEN_ACTIONS_PER_CASE) {
      throw CasesException.invalid(
        'actions',
        `een casus heeft hoogstens ${MAX_OPEN_ACTIONS_PER_CASE} openstaande acties, nu ${open} / a case has at most ${MAX_OPEN_ACTIONS_PER_CASE} open actions`,
      );
    }
  }

  /** Members of the assignee organisation, or the regisseur, report progress; done meets the deadline. */
  updateAction(actor: Actor, caseId: string, actionId: string, status: ActionStatus, note?: string) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'read', audit: { action: 'update', subjectType: 'CaseAction' } },
      async (tx) => {
        const { reach } = actor;
        const action = await this.repository.action(reach, tx.manager, caseId, actionId);
        if (!action) throw CasesException.notFound();
        this.store.assertCan(tx.reach, 'update', 'CaseAction', {
          ...action,
          caseRegisseurUserId: tx.case.regisseurUserId,
        });
        const previous = action.status;
        // Done met the deadline; reopening would need a new action with a new due date.
        if (previous === 'done' && status !== 'done') {
          throw CasesException.conflict('Afspraak is al uitgevoerd / action already done', [
            { field: 'status', message: previous },
          ]);
        }
        action.status = status;
        action.note = note ?? action.note;
        action.updatedAt = tx.now;
        await this.repository.saveAction(reach, tx.manager, action);
        const ref = { caseId, kind: 'action' as const, subjectId: actionId };
        if (status === 'done' && previous !== 'done') await this.deadlines.complete(tx.manager, ref, tx.now);
        await tx.event('action_updated', 'safety', { actionId, from: previous, to: status });
        const regisseur = tx.case.regisseurUserId;
        if (regisseur && regisseur !== actor.principal.userId && status !== previous) {
          await this.notifications.notifyUser(tx.manager, regisseur, {
            kind: 'action_updated',
            caseId,
            subjectId: actionId,
            title: `Voortgang afspraak: casus ${tx.case.reference}`,
            body: `Een afspraak in casus ${tx.case.reference} staat nu op ${ACTION_STATUS_NAMES[status]}.`,
          });
        }
        return { result: action, subjectId: actionId };
      },
    );
  }

  /**
   * Only the regisseur escalates: the target organisation's supervisors are notified and an
   * escalation_response deadline opens.
   */
  escalate(actor: Actor, caseId: string, input: EscalationInput) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'raise_escalation', audit: { action: 'create', subjectType: 'Escalation' } },
      async (tx) => {
        await this.assertPartner(tx.manager, tx.reach, caseId, input.targetOrganisationId, 'targetOrganisationId');
        const { reach } = actor;
        // An escalation about an action goes to the organisation that owes it.
        if (
          input.actionId &&
          !(await this.repository.isActionOf(reach, tx.manager, caseId, input.actionId, input.targetOrganisationId))
        ) {
          throw CasesException.invalid(
            'actionId',
            'geen afspraak van deze organisatie in deze casus / not an action of this organisation in this case',
          );
        }
        const raisedAt = tx.now;
        const escalation = await this.repository.saveNewEscalation(reach, tx.manager, {
          caseId,
          actionId: input.actionId ?? null,
          targetOrganisationId: input.targetOrganisationId,
          reason: input.reason,
          raisedBy: actor.principal.userId,
          raisedAt,
        });
        const dueAt = this.deadlines.escalationResponseDueAt(raisedAt);
        await this.deadlines.open(
          tx.manager,
          { caseId, kind: 'escalation_response', subjectId: escalation.id },
          raisedAt,
          dueAt,
        );
        const notified = await this.notifications.notifyRole(tx.manager, input.targetOrganisationId, 'supervisor', {
          kind: 'escalation_raised',
          caseId,
          subjectId: escalation.id,
          title: `Doorzettingsmacht: casus ${tx.case.reference}`,
          body: `De regisseur van casus ${tx.case.reference} vraagt uw organisatie om een reactie vóór ${dutchTime(dueAt)}.`,
        });
        await tx.event('escalation_raised', 'safety', {
          escalationId: escalation.id,
          targetOrganisationId: input.targetOrganisationId,
          actionId: input.actionId ?? null,
          notified,
        });
        return { result: escalation, subjectId: escalation.id };
      },
    );
  }

  resolveEscalation(actor: Actor, caseId: string, escalationId: string, resolution: string) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'read', audit: { action: 'update', subjectType: 'Escalation' } },
      async (tx) => {
        const { reach } = actor;
        const escalation = await this.repository.escalation(reach, tx.manager, caseId, escalationId);
        if (!escalation) throw CasesException.notFound();
        this.store.assertCan(tx.reach, 'resolve', 'Escalation', escalation);
        if (escalation.resolvedAt) throw CasesException.conflict('Escalatie is al afgehandeld / already resolved');
        escalation.resolution = resolution;
        escalation.resolvedAt = tx.now;
        escalation.resolvedBy = actor.principal.userId;
        await this.repository.saveEscalation(reach, tx.manager, escalation);
        await this.deadlines.complete(
          tx.manager,
          { caseId, kind: 'escalation_response', subjectId: escalationId },
          escalation.resolvedAt,
        );
        await tx.event('escalation_resolved', 'safety', { escalationId });
        // The regisseur and whoever raised it (regie may have moved since), each once, not the resolver.
        const told = new Set([tx.case.regisseurUserId, escalation.raisedBy]);
        told.delete(actor.principal.userId);
        for (const userId of told) {
          if (!userId) continue;
          await this.notifications.notifyUser(tx.manager, userId, {
            kind: 'escalation_resolved',
            caseId,
            subjectId: escalationId,
            title: `Doorzettingsmacht afgehandeld: casus ${tx.case.reference}`,
            body: `Een doorzettingsmacht in casus ${tx.case.reference} is afgehandeld.`,
          });
        }
        return { result: escalation, subjectId: escalationId };
      },
    );
  }

  private async assertPartner(
    manager: Transaction,
    reach: CaseReach,
    caseId: string,
    organisationId: string,
    field: string,
  ) {
    if (!(await this.store.isActivePartner(manager, reach, caseId, organisationId))) {
      throw CasesException.invalid(field, 'geen netwerkpartner van deze casus / not a partner in this case');
    }
  }
}
