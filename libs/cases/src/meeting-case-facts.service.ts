import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import type { Transaction } from '@vt/database';
import { CaseStore } from './case-store';
import { Phase, RiskLevel } from './case.entity';
import { InvolvementRole } from './person.entity';
import { Sight } from './case-sight';
import { MeetingCaseFactsRepository } from './meeting-case-facts.repository';
import { ActionStatus } from './safety-plan.entity';

/** A case on a meeting's agenda, as far as an agenda item or the preparation shows it. */
export interface MeetingCase {
  id: string;
  reference: string;
  phase: Phase;
  /** The receiving organisation, whose privacy officer is told who saw the case. */
  organisationId: string;
  regieOrganisationId: string;
  regisseurUserId: string | null;
  riskLevel: RiskLevel;
  redFlags: string[];
}

/** An agenda case in the reach, with what the reach may see of it. */
export interface MeetingCaseInSight {
  case: MeetingCase;
  sight: Sight;
}

/** Someone involved in an agenda case. */
export interface MeetingCasePerson {
  caseId: string;
  role: InvolvementRole;
  firstName: string;
  lastName: string;
}

/** An action of a case's safety plan, as a decision, the minutes and the preparation show it. */
export interface MeetingAction {
  id: string;
  caseId: string;
  assigneeOrganisationId: string;
  description: string;
  dueAt: Date;
  status: ActionStatus;
}

/** An unresolved escalation of an agenda case. */
export interface MeetingEscalation {
  id: string;
  caseId: string;
  actionId: string | null;
  targetOrganisationId: string;
  reason: string;
  raisedAt: Date;
}

/** What the minutes record of the agenda's cases and of the actions its decisions set. */
export interface MeetingMinutesFacts {
  cases: Pick<MeetingCase, 'id' | 'reference' | 'phase'>[];
  actions: MeetingAction[];
}

/**
 * The read model of cases for meetings: what an agenda, its preparation and its minutes show of
 * the agenda's cases. Every answer covers all the cases asked in one go, read under the caller's
 * reach (with what the meeting lends it); a read inside the meeting's transaction takes it, so it
 * never waits for a second connection while that transaction holds the meeting's lock.
 */
@Injectable()
export class MeetingCaseFactsService {
  constructor(
    private readonly store: CaseStore,
    private readonly repository: MeetingCaseFactsRepository,
  ) {}

  /** The cases among `caseIds` in the reach, each with the reach's sight of it. */
  async inSight(
    reach: CaseReach,
    caseIds: string[],
    transaction?: Transaction,
  ): Promise<Map<string, MeetingCaseInSight>> {
    const found = await this.store.casesInReach(reach, caseIds, transaction);
    return new Map(
      [...found].map(([id, { case: c, sight }]) => [
        id,
        {
          case: {
            id: c.id,
            reference: c.reference,
            phase: c.phase,
            organisationId: c.organisationId,
            regieOrganisationId: c.regieOrganisationId,
            regisseurUserId: c.regisseurUserId,
            riskLevel: c.riskLevel,
            redFlags: c.redFlags,
          },
          sight,
        },
      ]),
    );
  }

  /** Who is involved in the cases in reach, by name and role. */
  persons(reach: CaseReach, caseIds: string[], transaction?: Transaction): Promise<MeetingCasePerson[]> {
    return this.repository.involvements(reach, caseIds, transaction);
  }

  /** Open and blocked actions (soonest due first) and unresolved escalations (oldest first) of the cases in reach. */
  async openWork(
    reach: CaseReach,
    caseIds: string[],
  ): Promise<{ actions: MeetingAction[]; escalations: MeetingEscalation[] }> {
    const [actions, escalations] = await Promise.all([
      this.repository.openActions(reach, caseIds),
      this.repository.openEscalations(reach, caseIds),
    ]);
    return { actions: actions.map(actionFacts), escalations: escalations.map(escalationFacts) };
  }

  /** Reference and phase of the cases in reach, and the named actions of those cases. */
  async minutes(
    reach: CaseReach,
    caseIds: string[],
    actionIds: string[],
    transaction?: Transaction,
  ): Promise<MeetingMinutesFacts> {
    // One after the other: inside a transaction both run on its one connection.
    const cases = await this.repository.minutesCases(reach, caseIds, transaction);
    const actions = await this.repository.actions(reach, actionIds, transaction);
    return {
      cases: cases.map((c) => ({ id: c.id, reference: c.reference, phase: c.phase })),
      actions: actions.map(actionFacts),
    };
  }

  /** The receiving organisation of each case in reach, for the audit entries of who saw it. */
  async receivingOrganisations(
    reach: CaseReach,
    caseIds: string[],
  ): Promise<Pick<MeetingCase, 'id' | 'organisationId'>[]> {
    const cases = await this.repository.receivingOrganisations(reach, caseIds);
    return cases.map((c) => ({ id: c.id, organisationId: c.organisationId }));
  }
}

function actionFacts(action: MeetingAction): MeetingAction {
  return {
    id: action.id,
    caseId: action.caseId,
    assigneeOrganisationId: action.assigneeOrganisationId,
    description: action.description,
    dueAt: action.dueAt,
    status: action.status,
  };
}

function escalationFacts(escalation: MeetingEscalation): MeetingEscalation {
  return {
    id: escalation.id,
    caseId: escalation.caseId,
    actionId: escalation.actionId,
    targetOrganisationId: escalation.targetOrganisationId,
    reason: escalation.reason,
    raisedAt: escalation.raisedAt,
  };
}
