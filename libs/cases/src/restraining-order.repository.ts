import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DeepPartial } from 'typeorm';
import { RestrainingOrder, RestrainingOrderBreach } from './restraining-order.entity';

/** Restraining orders of a case, their breaches, and who in the case's network hears of one. */
@Injectable()
export class RestrainingOrderRepository {
  /** Whether the person is involved in the case (any role). */
  async isPersonOfCase(reach: CaseReach, transaction: Transaction, caseId: string, personId: string): Promise<boolean> {
    const manager = managerOf(transaction);
    const rows = (await manager.query(`SELECT 1 FROM case_persons WHERE case_id = $1 AND person_id = $2 LIMIT 1`, [
      caseId,
      personId,
    ])) as unknown[];
    return rows.length > 0;
  }

  saveNewOrder(reach: CaseReach, transaction: Transaction, fields: DeepPartial<RestrainingOrder>) {
    const manager = managerOf(transaction);
    const orders = manager.getRepository(RestrainingOrder);
    return orders.save(orders.create(fields));
  }

  order(reach: CaseReach, transaction: Transaction, caseId: string, orderId: string): Promise<RestrainingOrder | null> {
    const manager = managerOf(transaction);
    return manager.getRepository(RestrainingOrder).findOneBy({ id: orderId, caseId });
  }

  saveOrder(reach: CaseReach, transaction: Transaction, order: RestrainingOrder): Promise<RestrainingOrder> {
    const manager = managerOf(transaction);
    return manager.getRepository(RestrainingOrder).save(order);
  }

  saveNewBreach(reach: CaseReach, transaction: Transaction, fields: DeepPartial<RestrainingOrderBreach>) {
    const manager = managerOf(transaction);
    const breaches = manager.getRepository(RestrainingOrderBreach);
    return breaches.save(breaches.create(fields));
  }
}
