import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DeepPartial } from 'typeorm';
import { ProtectiveMeasure } from './protective-measure.entity';

/** Protective measures of a case besides the restraining order. */
@Injectable()
export class ProtectiveMeasuresRepository {
  saveNewMeasure(
    reach: CaseReach,
    transaction: Transaction,
    fields: DeepPartial<ProtectiveMeasure>,
  ): Promise<ProtectiveMeasure> {
    const manager = managerOf(transaction);
    const measures = manager.getRepository(ProtectiveMeasure);
    return measures.save(measures.create(fields));
  }

  measure(reach: CaseReach, transaction: Transaction, caseId: string, measureId: string) {
    const manager = managerOf(transaction);
    return manager.getRepository(ProtectiveMeasure).findOneBy({ id: measureId, caseId });
  }

  saveMeasure(reach: CaseReach, transaction: Transaction, measure: ProtectiveMeasure): Promise<ProtectiveMeasure> {
    const manager = managerOf(transaction);
    return manager.getRepository(ProtectiveMeasure).save(measure);
  }
}
