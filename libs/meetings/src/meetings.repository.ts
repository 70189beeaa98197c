import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
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
 * Meetings' SQL, on meetings' own tables only. A meeting and its agenda items are read through the
 * reach's participation (`read MeetingParticipant`); what an item shows of its case comes from the
 * cases context's `MeetingCaseFactsService`.
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

  /** The meeting's decisions, oldest first, with the actions each set in their order. */
  async decisions(meetingId: string, transaction?: Transaction) {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    const decisions = await manager
      .getRepository(MeetingDecision)
      .find({ where: { meetingId }, order: { decidedAt: 'ASC' } });
    const links = decisions.length
      ? await manager.getRepository(MeetingDecisionAction).find({
          where: { decisionId: In(decisions.map((d) => d.id)) },
          order: { position: 'ASC' },
        })
      : [];
    return { decisions, links };
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
}
