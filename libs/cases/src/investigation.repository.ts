import { Injectable } from '@nestjs/common';
import { DeepPartial, EntityManager, IsNull } from 'typeorm';
import { InvestigationExtension, InvestigationSuspension } from './investigation.entity';

/**
 * Suspensions and extensions of a case's investigation, read and written on a case the caller's
 * membership already found (CaseStore), on the manager of that read or write.
 */
@Injectable()
export class InvestigationRepository {
  openSuspension(manager: EntityManager, caseId: string): Promise<InvestigationSuspension | null> {
    return manager.getRepository(InvestigationSuspension).findOneBy({ caseId, endedAt: IsNull() });
  }

  suspension(manager: EntityManager, caseId: string, id: string): Promise<InvestigationSuspension | null> {
    return manager.getRepository(InvestigationSuspension).findOneBy({ id, caseId });
  }

  saveSuspension(manager: EntityManager, suspension: DeepPartial<InvestigationSuspension>) {
    const repository = manager.getRepository(InvestigationSuspension);
    return repository.save(repository.create(suspension));
  }

  /** The case's suspensions, oldest first. */
  suspensions(manager: EntityManager, caseId: string): Promise<InvestigationSuspension[]> {
    return manager.getRepository(InvestigationSuspension).find({ where: { caseId }, order: { startedAt: 'ASC' } });
  }

  /** The weeks the case's investigation has been extended by so far. */
  async extendedWeeks(manager: EntityManager, caseId: string): Promise<number> {
    const [{ weeks }] = (await manager.query(
      `SELECT coalesce(sum(weeks), 0)::int AS weeks FROM investigation_extensions WHERE case_id = $1`,
      [caseId],
    )) as { weeks: number }[];
    return weeks;
  }

  createExtension(manager: EntityManager, extension: DeepPartial<InvestigationExtension>) {
    const repository = manager.getRepository(InvestigationExtension);
    return repository.save(repository.create(extension));
  }

  /** The case's extensions, oldest first. */
  extensions(manager: EntityManager, caseId: string): Promise<InvestigationExtension[]> {
    return manager.getRepository(InvestigationExtension).find({ where: { caseId }, order: { extendedAt: 'ASC' } });
  }
}
