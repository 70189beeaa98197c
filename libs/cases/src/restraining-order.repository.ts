import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { DeepPartial, EntityManager } from 'typeorm';
import { ACTIVE_PARTNER } from './case-store';
import { RestrainingOrder, RestrainingOrderBreach } from './restraining-order.entity';

/** Restraining orders of a case, their breaches, and who in the case's network hears of one. */
@Injectable()
export class RestrainingOrderRepository {
  /** Whether the person is involved in the case (any role). */
  async isPersonOfCase(reach: CaseReach, manager: EntityManager, caseId: string, personId: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM case_persons WHERE case_id = $1 AND person_id = $2 LIMIT 1`, [
      caseId,
      personId,
    ])) as unknown[];
    return rows.length > 0;
  }

  saveNewOrder(reach: CaseReach, manager: EntityManager, fields: DeepPartial<RestrainingOrder>) {
    const orders = manager.getRepository(RestrainingOrder);
    return orders.save(orders.create(fields));
  }

  order(reach: CaseReach, manager: EntityManager, caseId: string, orderId: string): Promise<RestrainingOrder | null> {
    return manager.getRepository(RestrainingOrder).findOneBy({ id: orderId, caseId });
  }

  saveOrder(reach: CaseReach, manager: EntityManager, order: RestrainingOrder): Promise<RestrainingOrder> {
    return manager.getRepository(RestrainingOrder).save(order);
  }

  saveNewBreach(reach: CaseReach, manager: EntityManager, fields: DeepPartial<RestrainingOrderBreach>) {
    const breaches = manager.getRepository(RestrainingOrderBreach);
    return breaches.save(breaches.create(fields));
  }

  /**
   * The police organisations active in the case's network. The membership condition is on each
   * partner, not the caller, so no rule of the reach states it.
   */
  async activePolicePartners(reach: CaseReach, manager: EntityManager, caseId: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT p.organisation_id AS id FROM case_partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.case_id = $1 AND o.kind = 'police' AND ${ACTIVE_PARTNER}`,
      [caseId],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
