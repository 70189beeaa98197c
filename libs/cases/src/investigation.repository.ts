import { Injectable } from '@nestjs/common';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DeepPartial, IsNull } from 'typeorm';
import { InvestigationExtension, InvestigationSuspension } from './investigation.entity';

/**
 * Suspensions and extensions of a case's investigation, read and written on a case the caller's
 * membership already found (CaseStore), on the manager of that read or write.
 */
@Injectable()
export class InvestigationRepository {
  openSuspension(transaction: Transaction, caseId: string): Promise<InvestigationSuspension | null> {
    const manager = managerOf(transaction);
    return manager.getRepository(InvestigationSuspension).findOneBy({ caseId, endedAt: IsNull() });
  }

  suspension(transaction: Transaction, caseId: string, id: string): Promise<InvestigationSuspension | null> {
    const manager = managerOf(transaction);
    return manager.getRepository(InvestigationSuspension).findOneBy({ id, caseId });
  }

  saveSuspension(transaction: Transaction, suspension: DeepPartial<InvestigationSuspension>) {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(InvestigationSuspension);
    return repository.save(repository.create(suspension));
  }

  /** The case's suspensions, oldest first. */
  suspensions(transaction: Transaction, caseId: string): Promise<InvestigationSuspension[]> {
    const manager = managerOf(transaction);
    return manager.getRepository(InvestigationSuspension).find({ where: { caseId }, order: { startedAt: 'ASC' } });
  }

  /** The weeks the case's investigation has been extended by so far. */
  async extendedWeeks(transaction: Transaction, caseId: string): Promise<number> {
    const manager = managerOf(transaction);
    const [{ weeks }] = (await manager.query(
      `SELECT coalesce(sum(weeks), 0)::int AS weeks FROM investigation_extensions WHERE case_id = $1`,
      [caseId],
    )) as { weeks: number }[];
    return weeks;
  }

  createExtension(transaction: Transaction, extension: DeepPartial<InvestigationExtension>) {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(InvestigationExtension);
    return repository.save(repository.create(extension));
  }

  /** The case's extensions, oldest first. */
  extensions(transaction: Transaction, caseId: string): Promise<InvestigationExtension[]> {
    const manager = managerOf(transaction);
    return manager.getRepository(InvestigationExtension).find({ where: { caseId }, order: { extendedAt: 'ASC' } });
  }
}
