import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource, DeepPartial } from 'typeorm';
import { Approval, ApprovalStatus } from './approval.entity';
import { Case } from './case.entity';
import { CASE_ALIAS } from './case-store';

/**
 * The approvals table. A case's own approvals are read and written on a case the caller's
 * membership already found (CaseStore), on the manager of that read or write; the list across
 * cases takes the caller's reach.
 */
@Injectable()
export class ApprovalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** For a read outside a transaction: the pool's handle, to pass on as is. */
  get manager(): Transaction {
    return transactionOf(this.dataSource.manager);
  }

  /** The case's pending approval, if any. */
  pending(transaction: Transaction, caseId: string): Promise<Approval | null> {
    const manager = managerOf(transaction);
    return manager.getRepository(Approval).findOneBy({ caseId, status: 'pending' });
  }

  create(transaction: Transaction, fields: DeepPartial<Approval>): Promise<Approval> {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(Approval);
    return repository.save(repository.create(fields));
  }

  save(transaction: Transaction, approval: Approval): Promise<Approval> {
    const manager = managerOf(transaction);
    return manager.getRepository(Approval).save(approval);
  }

  /** One approval of the case, locked for its decision. */
  lockOfCase(transaction: Transaction, caseId: string, approvalId: string): Promise<Approval | null> {
    const manager = managerOf(transaction);
    return manager
      .getRepository(Approval)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :approvalId AND a.caseId = :caseId', { approvalId, caseId })
      .getOne();
  }

  /** The case's approvals, oldest first. */
  ofCase(transaction: Transaction, caseId: string): Promise<Approval[]> {
    const manager = managerOf(transaction);
    return manager.getRepository(Approval).find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  /**
   * The approvals the reach's 'read Approval' rule covers (on the case: the regie organisation's),
   * oldest first from after `afterSeq`, with their case's reference; one more than `limit` tells
   * there is a next page.
   */
  async list(reach: CaseReach, filter: { status?: ApprovalStatus; afterSeq?: string; limit: number }) {
    const qb = this.dataSource
      .getRepository(Approval)
      .createQueryBuilder('a')
      .innerJoin(Case, CASE_ALIAS, `${CASE_ALIAS}.id = a.caseId`)
      .where(reach.where('read', 'Approval', CASE_ALIAS, this.dataSource.getRepository(Case).metadata));
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.afterSeq !== undefined) qb.andWhere('a.seq > :seq', { seq: filter.afterSeq });
    const rows = await qb
      .addSelect(`${CASE_ALIAS}.reference`, 'reference')
      .orderBy('a.seq', 'ASC')
      .limit(filter.limit + 1)
      .getRawAndEntities();
    return rows.entities.map((approval, i) => ({
      approval,
      caseReference: (rows.raw[i] as { reference: string }).reference,
    }));
  }

  /** The approvals' terms' due dates, by approval id. */
  async dueDates(approvalIds: string[]): Promise<Map<string, Date>> {
    if (approvalIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT subject_id, due_at FROM deadline_terms WHERE kind = 'approval' AND subject_id = ANY($1::uuid[])`,
      [approvalIds],
    )) as { subject_id: string; due_at: Date }[];
    return new Map(rows.map((row) => [row.subject_id, row.due_at]));
  }
}
