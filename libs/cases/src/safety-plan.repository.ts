import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DeepPartial } from 'typeorm';
import { CaseAction, Escalation } from './safety-plan.entity';

/** Safety plan actions and escalations of a case. */
@Injectable()
export class SafetyPlanRepository {
  /** Actions of the case not done. Its callers include the meetings context, which has no reach to pass yet. */
  async openActionCount(transaction: Transaction, caseId: string): Promise<number> {
    const manager = managerOf(transaction);
    const [{ open }] = (await manager.query(
      `SELECT count(*)::int AS open FROM case_actions WHERE case_id = $1 AND status <> 'done'`,
      [caseId],
    )) as { open: number }[];
    return open;
  }

  saveNewAction(reach: CaseReach, transaction: Transaction, fields: DeepPartial<CaseAction>): Promise<CaseAction> {
    const manager = managerOf(transaction);
    const actions = manager.getRepository(CaseAction);
    return actions.save(actions.create(fields));
  }

  action(reach: CaseReach, transaction: Transaction, caseId: string, actionId: string): Promise<CaseAction | null> {
    const manager = managerOf(transaction);
    return manager.getRepository(CaseAction).findOneBy({ id: actionId, caseId });
  }

  saveAction(reach: CaseReach, transaction: Transaction, action: CaseAction): Promise<CaseAction> {
    const manager = managerOf(transaction);
    return manager.getRepository(CaseAction).save(action);
  }

  /** Whether the action is one of the case's, owed by this organisation. */
  isActionOf(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
    actionId: string,
    organisationId: string,
  ): Promise<boolean> {
    const manager = managerOf(transaction);
    return manager.getRepository(CaseAction).existsBy({ id: actionId, caseId, assigneeOrganisationId: organisationId });
  }

  saveNewEscalation(reach: CaseReach, transaction: Transaction, fields: DeepPartial<Escalation>): Promise<Escalation> {
    const manager = managerOf(transaction);
    const escalations = manager.getRepository(Escalation);
    return escalations.save(escalations.create(fields));
  }

  escalation(reach: CaseReach, transaction: Transaction, caseId: string, escalationId: string) {
    const manager = managerOf(transaction);
    return manager.getRepository(Escalation).findOneBy({ id: escalationId, caseId });
  }

  saveEscalation(reach: CaseReach, transaction: Transaction, escalation: Escalation): Promise<Escalation> {
    const manager = managerOf(transaction);
    return manager.getRepository(Escalation).save(escalation);
  }
}
