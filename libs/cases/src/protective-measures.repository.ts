import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { DeepPartial, EntityManager } from 'typeorm';
import { ProtectiveMeasure } from './protective-measure.entity';

/** Protective measures of a case besides the restraining order. */
@Injectable()
export class ProtectiveMeasuresRepository {
  saveNewMeasure(
    reach: CaseReach,
    manager: EntityManager,
    fields: DeepPartial<ProtectiveMeasure>,
  ): Promise<ProtectiveMeasure> {
    const measures = manager.getRepository(ProtectiveMeasure);
    return measures.save(measures.create(fields));
  }

  measure(reach: CaseReach, manager: EntityManager, caseId: string, measureId: string) {
    return manager.getRepository(ProtectiveMeasure).findOneBy({ id: measureId, caseId });
  }

  saveMeasure(reach: CaseReach, manager: EntityManager, measure: ProtectiveMeasure): Promise<ProtectiveMeasure> {
    return manager.getRepository(ProtectiveMeasure).save(measure);
  }
}
