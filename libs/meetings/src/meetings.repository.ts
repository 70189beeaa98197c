import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { Case, CaseAction, CasePartner, CasePerson, Escalation, Person } from '@vt/cases';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource, EntityManager, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  FrozenMinutes,
  Meeting,
  MeetingDecision,
  MeetingDecisionAction,
  MeetingItem,
  MeetingKind,
  MeetingParticipant,
} from './meeting.entity';

const MEETING_ALIAS = 'm';
const PARTICIPANT_ALIAS = 'mp';

/** How a transaction holds the meeting row: exclusively against closing, or shared while reading. */
export type LockMode = 'update' | 'share';

export interface MeetingPageFilter {
  from?: Date;
  to?: Date;
  /** Only meetings older than this sequence number (the keyset cursor). */
  beforeSeq?: string;
  take: number;
}

export interface NewMeeting {
  kind: MeetingKind;
  organisationId: string;
  chairUserId: string;
  scheduledAt: Date;
  participants: string[];
  caseIds: string[];
}

/**
 * Meetings' SQL. A meeting is read through the reach's participation (`read MeetingParticipant`);
 * an agenda item and every case row it shows take the reach first, and the case rows are
 * restricted to the cases it sees.
 */
@Injectable()
export class MeetingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The handle for a read outside a transaction, for other contexts' reads that take one. */
  get reading(): Transaction {
    return transactionOf(this.dataSource.manager);
  }

  /** The reach's organisation's meetings, newest first. */
  page(reach: CaseReach, filter: MeetingPageFilter): Promise<Meeting[]> {
    const qb = this.participating(reach, this.dataSource.manager);
    if (filter.from) qb.andWhere(`${MEETING_ALIAS}.scheduledAt >= :from`, { from: filter.from });
    if (filter.to) qb.andWhere(`${MEETING_ALIAS}.scheduledAt < :to`, { to: filter.to });
    if (filter.beforeSeq !== undefined) qb.andWhere(`${MEETING_ALIAS}.seq < :seq`, { seq: filter.beforeSeq });
    return qb.orderBy(`${MEETING_ALIAS}.seq`, 'DESC').limit(filter.take).getMany();
  }

  /** The meeting if the reach's organisation takes part in it. */
  visible(reach: CaseReach, meetingId: string, transaction?: Transaction): Promise<Meeting | null> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    return this.participating(reach, manager).andWhere(`${MEETING_ALIAS}.id = :meetingId`, { meetingId }).getOne();
  }

  /** The meeting with its participants and agenda; the caller has checked every case is in reach. */
  async create(reach: CaseReach, transaction: Transaction, input: NewMeeting): Promise<Meeting> {
    const manager = managerOf(transaction);
    const meetings = manager.getRepository(Meeting);
    const meeting = await meetings.save(
      meetings.create({
        kind: input.kind,
        organisationId: input.organisationId,
        chairUserId: input.chairUserId,
        scheduledAt: input.scheduledAt,
        status: 'open',
        closedAt: null,
        closedBy: null,
      }),
    );
    await manager
      .getRepository(MeetingParticipant)
      .insert(input.participants.map((organisationId) => ({ meetingId: meeting.id, organisationId })));
    const items = input.caseIds.map((caseId, i) => ({
      meetingId: meeting.id,
      caseId,
      position: i + 1,
      addedBy: input.chairUserId,
    }));
    if (items.length > 0) await manager.getRepository(MeetingItem).insert(items);
    return meeting;
  }

  /** The row's status, locked for the rest of the transaction (`FOR NO KEY UPDATE` or `FOR SHARE`). */
  async lockedStatus(transaction: Transaction, meetingId: string, mode: LockMode): Promise<string | undefined> {
    const manager = managerOf(transaction);
    const [row] = (await manager.query(
      `SELECT status FROM meetings WHERE id = $1 FOR ${mode === 'update' ? 'NO KEY UPDATE' : 'SHARE'}`,
      [meetingId],
    )) as { status: string }[];
    return row?.status;
  }

  close(transaction: Transaction, meetingId: string, closedAt: Date, closedBy: string, minutes: FrozenMinutes) {
    const manager = managerOf(transaction);
    return manager.getRepository(Meeting).update(meetingId, { status: 'closed', closedAt, closedBy, minutes });
  }

  async storedMinutes(meetingId: string): Promise<FrozenMinutes | null> {
    const found = await this.dataSource.manager
      .getRepository(Meeting)
      .findOne({ select: { id: true, minutes: true }, where: { id: meetingId } });
    return found?.minutes ?? null;
  }

  /** The agenda in order, of a meeting the reach's organisation takes part in. */
  items(reach: CaseReach, meetingId: string, transaction?: Transaction): Promise<MeetingItem[]> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    return this.participatingIn(reach, manager.getRepository(MeetingItem).createQueryBuilder('i'), 'i.meetingId')
      .andWhere('i.meetingId = :meetingId', { meetingId })
      .orderBy('i.position', 'ASC')
      .getMany();
  }

  /** One agenda item, by its case or its id, of a meeting the reach's organisation takes part in. */
  item(reach: CaseReach, transaction: Transaction, meetingId: string, by: { caseId: string } | { id: string }) {
    const manager = managerOf(transaction);
    const qb = this.participatingIn(
      reach,
      manager.getRepository(MeetingItem).createQueryBuilder('i'),
      'i.meetingId',
    ).andWhere('i.meetingId = :meetingId', { meetingId });
    return ('id' in by ? qb.andWhere('i.id = :id', by) : qb.andWhere('i.caseId = :caseId', by)).getOne();
  }

  /** Appends the case to the agenda, after the last item, as added by the reach's caller. */
  async appendItem(reach: CaseReach, transaction: Transaction, meetingId: string, caseId: string) {
    const manager = managerOf(transaction);
    const [{ next }] = (await manager.query(
      `SELECT coalesce(max(position), 0) + 1 AS next FROM meeting_items WHERE meeting_id = $1`,
      [meetingId],
    )) as { next: number }[];
    const items = manager.getRepository(MeetingItem);
    return items.save(items.create({ meetingId, caseId, position: next, addedBy: reach.principal.userId }));
  }

  async participants(meetingId: string, transaction?: Transaction): Promise<string[]> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    const rows = await manager.getRepository(MeetingParticipant).findBy({ meetingId });
    return rows.map((row) => row.organisationId).sort();
  }

  isParticipant(transaction: Transaction, meetingId: string, organisationId: string): Promise<boolean> {
    const manager = managerOf(transaction);
    return manager.getRepository(MeetingParticipant).existsBy({ meetingId, organisationId });
  }

  /** A decision as taken by the reach's caller. */
  saveDecision(reach: CaseReach, transaction: Transaction, decision: Omit<MeetingDecision, 'id' | 'decidedBy'>) {
    const manager = managerOf(transaction);
    const decisions = manager.getRepository(MeetingDecision);
    return decisions.save(decisions.create({ ...decision, decidedBy: reach.principal.userId }));
  }

  linkAction(transaction: Transaction, decisionId: string, actionId: string, position: number) {
    const manager = managerOf(transaction);
    return manager.getRepository(MeetingDecisionAction).insert({ decisionId, actionId, position });
  }

  /**
   * What the minutes record of the agenda's cases: every item whoever may see it, so the reach is
   * the system's (the minutes are filtered per reader when read).
   */
  async minutesRecord(reach: CaseReach, meetingId: string, caseIds: string[], transaction?: Transaction) {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    const cases = caseIds.length
      ? await this.inReach(reach, manager.getRepository(Case).createQueryBuilder('c'), 'c.id')
          .select(['c.id', 'c.reference', 'c.phase'])
          .andWhere('c.id IN (:...caseIds)', { caseIds })
          .getMany()
      : [];
    const decisions = caseIds.length
      ? await manager.getRepository(MeetingDecision).find({ where: { meetingId }, order: { decidedAt: 'ASC' } })
      : [];
    const links = decisions.length
      ? await manager.getRepository(MeetingDecisionAction).find({
          where: { decisionId: In(decisions.map((d) => d.id)) },
          order: { position: 'ASC' },
        })
      : [];
    const actions = links.length
      ? await this.inReach(reach, manager.getRepository(CaseAction).createQueryBuilder('a'), 'a.caseId')
          .andWhere('a.id IN (:...ids)', { ids: links.map((link) => link.actionId) })
          .getMany()
      : [];
    return { cases, decisions, links, actions };
  }

  /** Who is involved in each case in reach, by name and role. */
  async involvements(reach: CaseReach, caseIds: string[], transaction?: Transaction) {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    if (caseIds.length === 0) return [];
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

  /** The receiving organisation of each case in reach, for the audit entries of who saw it. */
  receivingOrganisations(reach: CaseReach, caseIds: string[]): Promise<Pick<Case, 'id' | 'organisationId'>[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.inReach(reach, this.dataSource.getRepository(Case).createQueryBuilder('c'), 'c.id')
      .select(['c.id', 'c.organisationId'])
      .andWhere('c.id IN (:...caseIds)', { caseIds })
      .getMany();
  }

  /** Meetings joined to the reach's participation, as `m` and `mp`. */
  private participating(reach: CaseReach, manager: EntityManager): SelectQueryBuilder<Meeting> {
    const participants = manager.getRepository(MeetingParticipant);
    return manager
      .getRepository(Meeting)
      .createQueryBuilder(MEETING_ALIAS)
      .innerJoin(MeetingParticipant, PARTICIPANT_ALIAS, `${PARTICIPANT_ALIAS}.meetingId = ${MEETING_ALIAS}.id`)
      .where(reach.where('read', 'MeetingParticipant', PARTICIPANT_ALIAS, participants.metadata));
  }

  /** Restricts `qb` to rows of meetings (`column`) the reach's organisation takes part in. */
  private participatingIn<T extends ObjectLiteral>(
    reach: CaseReach,
    qb: SelectQueryBuilder<T>,
    column: string,
  ): SelectQueryBuilder<T> {
    if (reach.isSystem) return qb;
    const taking = qb
      .subQuery()
      .select('1')
      .from(MeetingParticipant, 'part')
      .where(`part.meetingId = ${column}`)
      .andWhere(reach.where('read', 'MeetingParticipant', 'part', qb.connection.getMetadata(MeetingParticipant)));
    return qb.andWhere(`EXISTS ${taking.getQuery()}`);
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
