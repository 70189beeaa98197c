import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Action, CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DataSource, EntityManager } from 'typeorm';
import { Deadline, DeadlineKind } from './deadline.entity';
import type { DeadlineRef } from './deadlines.service';

type NewDeadline = Pick<Deadline, 'caseId' | 'kind' | 'subjectId' | 'startsAt' | 'dueAt' | 'status' | 'version'>;

/**
 * The rows of table `deadlines` as the terms' bookkeeping and the timers read and write them, and
 * the reminders already sent (`deadline_reminders`). Every method is held to the reach it is given.
 */
@Injectable()
export class DeadlinesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Deadline rows the reach may take this action on, in `manager`'s transaction or on their own. */
  private rows(reach: CaseReach, action: Action, manager: EntityManager = this.dataSource.manager) {
    const repository = manager.getRepository(Deadline);
    return repository.createQueryBuilder('d').where(reach.where(action, 'Deadline', 'd', repository.metadata));
  }

  /** Writes of a whole row cannot carry a condition: the reach is asked in memory instead. */
  private assertMay(reach: CaseReach, action: Action, row: Partial<Deadline> & { caseId: string }): void {
    if (!reach.can(action, 'Deadline', row, row.caseId)) {
      throw new Error(`${action} of a deadline of case ${row.caseId} is outside the reach it was asked with`);
    }
  }

  async insert(reach: CaseReach, transaction: Transaction, values: NewDeadline): Promise<Deadline> {
    const manager = managerOf(transaction);
    this.assertMay(reach, 'create', values);
    const repository = manager.getRepository(Deadline);
    return repository.save(repository.create(values));
  }

  async save(reach: CaseReach, transaction: Transaction, deadline: Deadline): Promise<Deadline> {
    const manager = managerOf(transaction);
    this.assertMay(reach, 'update', deadline);
    return manager.getRepository(Deadline).save(deadline);
  }

  /** The latest due deadline of this key in one of these statuses, locked for the transaction. */
  lockLatest(
    reach: CaseReach,
    transaction: Transaction,
    key: DeadlineRef,
    statuses: Deadline['status'][],
  ): Promise<Deadline | null> {
    const manager = managerOf(transaction);
    return this.rows(reach, 'update', manager)
      .setLock('pessimistic_write')
      .andWhere('d.caseId = :caseId AND d.kind = :kind AND d.status IN (:...statuses)', {
        caseId: key.caseId,
        kind: key.kind,
        statuses,
      })
      .andWhere(key.subjectId ? 'd.subjectId = :subjectId' : 'd.subjectId IS NULL', { subjectId: key.subjectId })
      .orderBy('d.dueAt', 'DESC')
      .getOne();
  }

  /** Cancels the open deadlines of a case (all, or those of these subjects); returns their ids. */
  async cancelOpen(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
    at: Date,
    subjectIds: string[] | null,
  ): Promise<string[]> {
    const manager = managerOf(transaction);
    const params: unknown[] = [caseId, at, subjectIds];
    const rows = (await manager.query(
      `UPDATE deadlines d SET status = 'cancelled', completed_at = $2, updated_at = $2
        WHERE d.case_id = $1 AND d.status = 'open' AND ($3::uuid[] IS NULL OR d.subject_id = ANY($3))
          AND ${reach.sql('update', 'Deadline', 'd', params)} RETURNING d.id`,
      params,
    )) as [{ id: string }[], number];
    return rows[0].map((row) => row.id);
  }

  /** The deadlines of these cases, soonest due first. */
  forCases(reach: CaseReach, transaction: Transaction, caseIds: string[]): Promise<Deadline[]> {
    const manager = managerOf(transaction);
    return this.rows(reach, 'read', manager)
      .andWhere('d.caseId IN (:...caseIds)', { caseIds })
      .orderBy('d.dueAt', 'ASC')
      .getMany();
  }

  /** The deadlines of these ids; with `status`, only those in it. */
  byIds(reach: CaseReach, ids: string[], status?: Deadline['status']): Promise<Deadline[]> {
    const query = this.rows(reach, 'read').andWhere('d.id IN (:...ids)', { ids });
    return status ? query.andWhere('d.status = :status', { status }).getMany() : query.getMany();
  }

  /** The indexes of the reminders sent for these deadlines' current versions. */
  sentReminders(reach: CaseReach, deadlineIds: string[]): Promise<{ deadline_id: string; index: number }[]> {
    const params: unknown[] = [deadlineIds];
    return this.dataSource.query(
      `SELECT r.deadline_id, r.index FROM deadline_reminders r JOIN deadlines d ON d.id = r.deadline_id AND d.version = r.version
        WHERE r.deadline_id = ANY($1) AND ${reach.sql('read', 'Deadline', 'd', params)}`,
      params,
    );
  }

  /**
   * Ids of the open deadlines due by `until` and by their kind's bound, soonest first: the partial
   * index on open deadlines' due time bounds the scan, the kinds' bounds narrow it.
   */
  async openWithin(reach: CaseReach, bounds: ReadonlyMap<DeadlineKind, Date>, until: Date): Promise<string[]> {
    const params: unknown[] = [[...bounds.keys()], [...bounds.values()], until];
    const rows = (await this.dataSource.query(
      `SELECT d.id FROM deadlines d
        JOIN unnest($1::text[], $2::timestamptz[]) AS b(kind, latest) ON b.kind = d.kind
       WHERE d.status = 'open' AND d.due_at <= $3 AND d.due_at <= b.latest
         AND ${reach.sql('read', 'Deadline', 'd', params)}
       ORDER BY d.due_at`,
      params,
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Seconds since the oldest open deadline past its due time fell due; 0 when there is none. */
  async oldestOverdueOpenAge(reach: CaseReach): Promise<number> {
    const params: unknown[] = [];
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(extract(epoch FROM now() - min(d.due_at)), 0)::float AS age
         FROM deadlines d WHERE d.status = 'open' AND d.due_at < now() AND ${reach.sql('read', 'Deadline', 'd', params)}`,
      params,
    )) as { age: number }[];
    return row.age;
  }
}
