import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { NotificationPreferences } from './notification-preferences.entity';
import { Notification } from './notification.entity';

/** One notification to insert: its recipient and what it says. */
export interface NotificationRow {
  recipientUserId: string;
  kind: string;
  caseId: string | null;
  subjectId: string | null;
  title: string;
  body: string;
}

const ALIAS = 'notification';

/** Users' notifications and their e-mail preferences. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the rows in one statement, inside the caller's transaction. */
  async insertWithin(transaction: Transaction, rows: readonly NotificationRow[]): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `INSERT INTO notifications (recipient_user_id, kind, case_id, subject_id, title, body)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[])`,
      [
        rows.map((row) => row.recipientUserId),
        rows.map((row) => row.kind),
        rows.map((row) => row.caseId),
        rows.map((row) => row.subjectId),
        rows.map((row) => row.title),
        rows.map((row) => row.body),
      ],
    );
  }

  /** The notifications the reach may read, newest first, before `beforeSeq` when given. */
  newestFirst(
    reach: CaseReach,
    filter: { unreadOnly: boolean; beforeSeq?: string },
    limit: number,
  ): Promise<Notification[]> {
    const qb = this.readable(reach, 'read');
    if (filter.unreadOnly) qb.andWhere(`${ALIAS}.readAt IS NULL`);
    if (filter.beforeSeq !== undefined) qb.andWhere(`${ALIAS}.seq < :seq`, { seq: filter.beforeSeq });
    return qb.orderBy(`${ALIAS}.seq`, 'DESC').limit(limit).getMany();
  }

  /** The notification, when the reach may update it. */
  updatable(reach: CaseReach, id: string): Promise<Notification | null> {
    return this.readable(reach, 'update').andWhere(`${ALIAS}.id = :id`, { id }).getOne();
  }

  save(notification: Notification): Promise<Notification> {
    return this.dataSource.getRepository(Notification).save(notification);
  }

  unreadCount(reach: CaseReach): Promise<number> {
    return this.readable(reach, 'read').andWhere(`${ALIAS}.readAt IS NULL`).getCount();
  }

  preferencesOf(userId: string): Promise<NotificationPreferences | null> {
    return this.dataSource.getRepository(NotificationPreferences).findOneBy({ userId });
  }

  async savePreferences(userId: string, email: boolean, mutedKinds: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_preferences (user_id, email, email_muted_kinds, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id) DO UPDATE
         SET email = EXCLUDED.email, email_muted_kinds = EXCLUDED.email_muted_kinds, updated_at = now()`,
      [userId, email, mutedKinds],
    );
  }

  /** Notifications filtered in SQL by the same rule as the ability. */
  private readable(reach: CaseReach, action: 'read' | 'update'): SelectQueryBuilder<Notification> {
    const repository = this.dataSource.getRepository(Notification);
    return repository.createQueryBuilder(ALIAS).where(reach.where(action, 'Notification', ALIAS, repository.metadata));
  }
}
