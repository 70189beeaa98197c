import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { DeepPartial, EntityManager } from 'typeorm';
import { CaseAction, Escalation } from './safety-plan.entity';

/** Safety plan actions and escalations of a case. */
@Injectable()
export class SafetyPlanRepository {
  /** Actions of the case not done. Its callers include the meetings context, which has no reach to pass yet. */
  async openActionCount(manager: EntityManager, caseId: string): Promise<number> {
    const [{ open }] = (await manager.query(
      `SELECT count(*)::int AS open FROM case_actions WHERE case_id = $1 AND status <> 'done'`,
      [caseId],
    )) as { open: number }[];
    return open;
  }

  saveNewAction(reach: CaseReach, manager: EntityManager, fields: DeepPartial<CaseAction>): Promise<CaseAction> {
    const actions = manager.getRepository(CaseAction);
    return actions.save(actions.create(fields));
  }

  action(reach: CaseReach, manager: EntityManager, caseId: string, actionId: string): Promise<CaseAction | null> {
    return manager.getRepository(CaseAction).findOneBy({ id: actionId, caseId });
  }

  saveAction(reach: CaseReach, manager: EntityManager, action: CaseAction): Promise<CaseAction> {
    return manager.getRepository(CaseAction).save(action);
  }

  /** Whether the action is one of the case's, owed by this organisation. */
  isActionOf(
    reach: CaseReach,
    manager: EntityManager,
    caseId: string,
    actionId: string,
    organisationId: string,
  ): Promise<boolean> {
    return manager.getRepository(CaseAction).existsBy({ id: actionId, caseId, assigneeOrganisationId: organisationId });
  }

  saveNewEscalation(reach: CaseReach, manager: EntityManager, fields: DeepPartial<Escalation>): Promise<Escalation> {
    const escalations = manager.getRepository(Escalation);
    return escalations.save(escalations.create(fields));
  }

  escalation(reach: CaseReach, manager: EntityManager, caseId: string, escalationId: string) {
    return manager.getRepository(Escalation).findOneBy({ id: escalationId, caseId });
  }

  saveEscalation(reach: CaseReach, manager: EntityManager, escalation: Escalation): Promise<Escalation> {
    return manager.getRepository(Escalation).save(escalation);
  }
}
