import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DataSource, EntityManager, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Case } from './case.entity';
import { CasePartner } from './case-partner.entity';
import { CasePerson, Person } from './person.entity';
import { CaseAction, Escalation } from './safety-plan.entity';

/**
 * The case rows a meeting shows of its agenda, each batched over all of the agenda's cases and
 * restricted to the cases the reach sees (an active membership of its organisation, or a grant
 * the meeting lends).
 */
@Injectable()
export class MeetingCaseFactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reference and phase of the cases in reach. */
  minutesCases(reach: CaseReach, caseIds: string[], transaction?: Transaction): Promise<Case[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.inReach(reach, this.manager(transaction).getRepository(Case).createQueryBuilder('c'), 'c.id')
      .select(['c.id', 'c.reference', 'c.phase'])
      .andWhere('c.id IN (:...caseIds)', { caseIds })
      .getMany();
  }

  /** The named actions, of cases in reach. */
  actions(reach: CaseReach, actionIds: string[], transaction?: Transaction): Promise<CaseAction[]> {
    if (actionIds.length === 0) return Promise.resolve([]);
    return this.inReach(reach, this.manager(transaction).getRepository(CaseAction).createQueryBuilder('a'), 'a.caseId')
      .andWhere('a.id IN (:...ids)', { ids: actionIds })
      .getMany();
  }

  /** Who is involved in each case in reach, by name and role. */
  async involvements(reach: CaseReach, caseIds: string[], transaction?: Transaction) {
    if (caseIds.length === 0) return [];
    const manager = this.manager(transaction);
    const involvements = await this.inReach(
      reach,
      manager.getRepository(CasePerson).createQueryBuilder('cp'),
      'cp.caseId',
    )
      .andWhere('cp.caseId IN (:...caseIds)', { caseIds })
      .getMany();
    const persons = involvements.length
      ? await manager.getRepository(Person).findBy({ id: In(involvements.map((i) => i.personId)) })
      : [];
    return involvements.map((i) => {
      const person = persons.find((p) => p.id === i.personId)!;
      return { caseId: i.caseId, role: i.role, firstName: person.firstName, lastName: person.lastName };
    });
  }

  /** Open and blocked actions of the cases in reach, soonest due first. */
  openActions(reach: CaseReach, caseIds: string[]): Promise<CaseAction[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.inReach(reach, this.dataSource.getRepository(CaseAction).createQueryBuilder('a'), 'a.caseId')
      .andWhere('a.caseId IN (:...caseIds)', { caseIds })
      .andWhere('a.status IN (:...statuses)', { statuses: ['open', 'blocked'] })
      .orderBy('a.dueAt', 'ASC')
      .getMany();
  }

  /** Unresolved escalations of the cases in reach, oldest first. */
  openEscalations(reach: CaseReach, caseIds: string[]): Promise<Escalation[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.inReach(reach, this.dataSource.getRepository(Escalation).createQueryBuilder('e'), 'e.caseId')
      .andWhere('e.caseId IN (:...caseIds)', { caseIds })
      .andWhere('e.resolvedAt IS NULL')
      .orderBy('e.raisedAt', 'ASC')
      .getMany();
  }

  /** The receiving organisation of each case in reach. */
  receivingOrganisations(reach: CaseReach, caseIds: string[]): Promise<Case[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.inReach(reach, this.dataSource.getRepository(Case).createQueryBuilder('c'), 'c.id')
      .select(['c.id', 'c.organisationId'])
      .andWhere('c.id IN (:...caseIds)', { caseIds })
      .getMany();
  }

  /** The caller's transaction when it reads inside one (a meeting's closing holds its lock there). */
  private manager(transaction?: Transaction): EntityManager {
    return transaction ? managerOf(transaction) : this.dataSource.manager;
  }

  /** Restricts `qb` to rows whose case (`column`) the reach sees: an active membership of its organisation. */
  private inReach<T extends ObjectLiteral>(
    reach: CaseReach,
    qb: SelectQueryBuilder<T>,
    column: string,
  ): SelectQueryBuilder<T> {
    // The system's reach sees every case: no condition, rather than one that scans every membership.
    if (reach.isSystem) return qb;
    const own = qb
      .subQuery()
      .select('1')
      .from(CasePartner, 'own')
      .where(`own.caseId = ${column}`)
      .andWhere(reach.where('read', 'CasePartner', 'own', qb.connection.getMetadata(CasePartner)));
    return qb.andWhere(`EXISTS ${own.getQuery()}`);
  }
}
