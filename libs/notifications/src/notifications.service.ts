import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { accessibleBy, defineAbilityFor } from '@vt/access';
import { decodeSeqCursor, encodeSeqCursor, Principal } from '@vt/common';
import { DataSource, EntityManager } from 'typeorm';
import { NOTIFICATION_KINDS, NotificationKind } from './notification-kinds';
import { NotificationPreferences } from './notification-preferences.entity';
import { Notification } from './notification.entity';
import { NotificationsException } from './notifications.exception';

export interface NewNotification {
  /** One of NOTIFICATION_KINDS, so every kind made can be chosen for e-mail and has its mail text. */
  kind: NotificationKind;
  caseId: string | null;
  subjectId: string | null;
  title: string;
  body: string;
}

/** Which notifications also come by e-mail: none when `email` is off, else the kinds listed. */
export interface PreferencesView {
  email: boolean;
  emailKinds: NotificationKind[];
  /** Every kind a user can choose. */
  kinds: readonly NotificationKind[];
}

export interface PreferencesChange {
  email?: boolean;
  emailKinds?: NotificationKind[];
}

const ALIAS = 'notification';

@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Notifies every active user holding `role` in the organisation, inside the caller's transaction,
   * but not `exceptUserId` (nobody is told of what they did themselves). Returns how many were notified.
   */
  async notifyRole(
    manager: EntityManager,
    organisationId: string,
    role: string,
    message: NewNotification,
    exceptUserId: string | null = null,
  ) {
    const rows = (await manager.query(
      `INSERT INTO notifications (recipient_user_id, kind, case_id, subject_id, title, body)
       SELECT id, $3, $4, $5, $6, $7 FROM users
        WHERE organisation_id = $1 AND $2 = ANY(roles) AND active AND id IS DISTINCT FROM $8
       RETURNING id`,
      [
        organisationId,
        role,
        message.kind,
        message.caseId,
        message.subjectId,
        message.title,
        message.body,
        exceptUserId,
      ],
    )) as unknown[];
    return rows.length;
  }

  /** Notifies one user, if still active, inside the caller's transaction. Returns 1 or 0. */
  async notifyUser(manager: EntityManager, userId: string, message: NewNotification) {
    const rows = (await manager.query(
      `INSERT INTO notifications (recipient_user_id, kind, case_id, subject_id, title, body)
       SELECT id, $2, $3, $4, $5, $6 FROM users WHERE id = $1 AND active
       RETURNING id`,
      [userId, message.kind, message.caseId, message.subjectId, message.title, message.body],
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

  /** How many of the caller's notifications are unread (the badge on the notifications menu). */
  async unreadCount(principal: Principal): Promise<{ count: number }> {
    const repository = this.dataSource.getRepository(Notification);
    const count = await repository
      .createQueryBuilder(ALIAS)
      .where(accessibleBy(defineAbilityFor(principal), 'read', 'Notification', ALIAS, repository.metadata))
      .andWhere(`${ALIAS}.readAt IS NULL`)
      .getCount();
    return { count };
  }

  /** The caller's own e-mail preferences; without a row, every kind is mailed. */
  async preferences(principal: Principal): Promise<PreferencesView> {
    const row = await this.dataSource.getRepository(NotificationPreferences).findOneBy({ userId: principal.userId });
    return viewOf(row?.email ?? true, row?.emailMutedKinds ?? []);
  }

  /** Changes what is given, keeps the rest; the mail outbox reads the row for every mail it sends. */
  async setPreferences(principal: Principal, change: PreferencesChange): Promise<PreferencesView> {
    const current = await this.preferences(principal);
    const email = change.email ?? current.email;
    const chosen = change.emailKinds ?? current.emailKinds;
    const muted = NOTIFICATION_KINDS.filter((kind) => !chosen.includes(kind));
    await this.dataSource.query(
      `INSERT INTO notification_preferences (user_id, email, email_muted_kinds, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id) DO UPDATE
         SET email = EXCLUDED.email, email_muted_kinds = EXCLUDED.email_muted_kinds, updated_at = now()`,
      [principal.userId, email, muted],
    );
    return viewOf(email, muted);
  }
}

function viewOf(email: boolean, muted: string[]): PreferencesView {
  return { email, emailKinds: NOTIFICATION_KINDS.filter((kind) => !muted.includes(kind)), kinds: NOTIFICATION_KINDS };
}
