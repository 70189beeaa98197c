import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { accessibleBy, defineAbilityFor } from '@vt/access';
import { decodeSeqCursor, encodeSeqCursor, Principal } from '@vt/common';
import { DataSource, EntityManager } from 'typeorm';
import { Notification } from './notification.entity';
import { NotificationsException } from './notifications.exception';

export interface NewNotification {
  kind: string;
  caseId: string | null;
  subjectId: string | null;
  title: string;
  body: string;
}

const ALIAS = 'notification';

@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Notifies every active user holding `role` in the organisation, inside the caller's transaction.
   * Returns how many were notified.
   */
  async notifyRole(manager: EntityManager, organisationId: string, role: string, message: NewNotification) {
    const rows = (await manager.query(
      `INSERT INTO notifications (recipient_user_id, kind, case_id, subject_id, title, body)
       SELECT id, $3, $4, $5, $6, $7 FROM users WHERE organisation_id = $1 AND $2 = ANY(roles) AND active
       RETURNING id`,
      [organisationId, role, message.kind, message.caseId, message.subjectId, message.title, message.body],
    )) as unknown[];
    return rows.length;
  }

  /** The caller's own inbox, newest first, filtered in SQL by the same rule as the ability. */
  async list(principal: Principal, filter: { unreadOnly: boolean; limit: number; cursor?: string }) {
    const repository = this.dataSource.getRepository(Notification);
    const qb = repository
      .createQueryBuilder(ALIAS)
      .where(accessibleBy(defineAbilityFor(principal), 'read', 'Notification', ALIAS, repository.metadata));
    if (filter.unreadOnly) qb.andWhere(`${ALIAS}.readAt IS NULL`);
    if (filter.cursor) {
      const seq = decodeSeqCursor(filter.cursor);
      if (seq === null) {
        throw new NotificationsException('notifications.invalid_cursor', 'Ongeldige cursor / invalid cursor', [
          { field: 'cursor', message: 'onbekende cursor / unknown cursor' },
        ]);
      }
      qb.andWhere(`${ALIAS}.seq < :seq`, { seq });
    }
    const rows = await qb
      .orderBy(`${ALIAS}.seq`, 'DESC')
      .limit(filter.limit + 1)
      .getMany();
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeSeqCursor(last.seq) : null };
  }

  /** Marks one of the caller's notifications read; anyone else's answers 404. */
  async markRead(principal: Principal, id: string): Promise<Notification> {
    const repository = this.dataSource.getRepository(Notification);
    const notification = await repository
      .createQueryBuilder(ALIAS)
      .where(`${ALIAS}.id = :id`, { id })
      .andWhere(accessibleBy(defineAbilityFor(principal), 'update', 'Notification', ALIAS, repository.metadata))
      .getOne();
    if (!notification) throw new NotificationsException('notifications.not_found', 'Niet gevonden / not found');
    notification.readAt ??= new Date();
    return repository.save(notification);
  }
}
