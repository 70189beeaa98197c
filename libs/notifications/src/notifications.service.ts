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

/** Who receives a notice; only active users ever do, and each once. */
export interface NoticeRecipients {
  /** These users; a null (a case without a regisseur) is nobody. */
  users?: readonly (string | null)[];
  /** Every user of the organisation holding any of the roles. */
  roles?: readonly { organisationId: string; roles: readonly string[] }[];
  /** Never this user (who asked for what the notice is about). */
  except?: string | null;
}

export interface Notice extends NewNotification {
  to: NoticeRecipients;
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
   * Every notification the hub makes goes through here, inside the caller's transaction, so it
   * commits or rolls back with the change it tells about. One statement for any number of notices;
   * each reaches every active recipient once. Returns how many notifications were made.
   */
  async notifyWithin(manager: EntityManager, notices: readonly Notice[]): Promise<number> {
    const targets = notices.flatMap((notice, i) => [
      ...(notice.to.users ?? []).flatMap((userId) =>
        userId ? [{ i, userId, organisationId: null, roles: null }] : [],
      ),
      ...(notice.to.roles ?? []).map(({ organisationId, roles }) => ({
        i,
        userId: null,
        organisationId,
        roles: roles.join(','),
      })),
    ]);
    if (targets.length === 0) return 0;
    const [{ notified }] = (await manager.query(
      `WITH notice AS (
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[])
                WITH ORDINALITY AS n(kind, case_id, subject_id, title, body, except_id, i)),
       sent AS (
         INSERT INTO notifications (recipient_user_id, kind, case_id, subject_id, title, body)
         SELECT DISTINCT ON (n.i, r.id) r.id, n.kind, n.case_id, n.subject_id, n.title, n.body
           FROM unnest($7::int[], $8::uuid[], $9::uuid[], $10::text[]) AS t(i, user_id, organisation_id, roles)
           JOIN notice n ON n.i = t.i
          CROSS JOIN LATERAL (
            SELECT u.id FROM users u WHERE u.id = t.user_id AND u.active
            UNION ALL
            SELECT u.id FROM users u
             WHERE u.organisation_id = t.organisation_id AND u.active AND u.roles && string_to_array(t.roles, ',')) r
          WHERE r.id IS DISTINCT FROM n.except_id
         RETURNING 1)
       SELECT count(*)::int AS notified FROM sent`,
      [
        notices.map((notice) => notice.kind),
        notices.map((notice) => notice.caseId),
        notices.map((notice) => notice.subjectId),
        notices.map((notice) => notice.title),
        notices.map((notice) => notice.body),
        notices.map((notice) => notice.to.except ?? null),
        // WITH ORDINALITY counts from 1.
        targets.map((target) => target.i + 1),
        targets.map((target) => target.userId),
        targets.map((target) => target.organisationId),
        targets.map((target) => target.roles),
      ],
    )) as { notified: number }[];
    return notified;
  }

  /**
   * Notifies every active user holding `role` in the organisation, inside the caller's transaction,
   * but not `exceptUserId` (nobody is told of what they did themselves).
   */
  notifyRole(
    manager: EntityManager,
    organisationId: string,
    role: string,
    message: NewNotification,
    exceptUserId: string | null = null,
  ) {
    return this.notifyWithin(manager, [
      { ...message, to: { roles: [{ organisationId, roles: [role] }], except: exceptUserId } },
    ]);
  }

  /** Notifies one user, if still active, inside the caller's transaction. Returns 1 or 0. */
  notifyUser(manager: EntityManager, userId: string, message: NewNotification) {
    return this.notifyWithin(manager, [{ ...message, to: { users: [userId] } }]);
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
