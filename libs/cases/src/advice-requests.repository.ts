import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DataSource, DeepPartial } from 'typeorm';
import { AdviceRequest } from './follow-up.entity';

/**
 * The advice requests of an organisation. The reach decides whose: they follow the rule for taking
 * reports (`report` on a case of the caller's own organisation, its caseworkers at Veilig Thuis),
 * as an advice request is what a report may grow from.
 */
@Injectable()
export class AdviceRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Saves a new request and reads it back as stored. */
  async create(transaction: Transaction, request: DeepPartial<AdviceRequest>): Promise<AdviceRequest> {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(AdviceRequest);
    const saved = await repository.save(repository.create(request));
    return repository.findOneByOrFail({ id: saved.id });
  }

  /** Newest first from before `beforeSeq`; one more than `limit` tells there is a next page. */
  list(reach: CaseReach, page: { beforeSeq?: string; limit: number }): Promise<AdviceRequest[]> {
    const requests = this.dataSource.getRepository(AdviceRequest);
    const qb = requests.createQueryBuilder('a').where(reach.where('report', 'Case', 'a', requests.metadata));
    if (page.beforeSeq !== undefined) qb.andWhere('a.seq < :seq', { seq: page.beforeSeq });
    return qb
      .orderBy('a.seq', 'DESC')
      .limit(page.limit + 1)
      .getMany();
  }

  /** One of the reach's requests, locked for turning it into a report. */
  lock(reach: CaseReach, transaction: Transaction, id: string): Promise<AdviceRequest | null> {
    const manager = managerOf(transaction);
    const requests = manager.getRepository(AdviceRequest);
    return requests
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .andWhere(reach.where('report', 'Case', 'a', requests.metadata))
      .getOne();
  }

  markReported(transaction: Transaction, id: string, caseId: string, at: Date): Promise<unknown> {
    const manager = managerOf(transaction);
    return manager.getRepository(AdviceRequest).update(id, { caseId, reportedAt: at });
  }
}
