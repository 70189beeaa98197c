import { Injectable } from '@nestjs/common';
import { CaseReach, RecipientTarget, UsersService } from '@vt/access';
import { decodeSeqCursor, encodeSeqCursor, Principal } from '@vt/common';
import type { Transaction } from '@vt/database';
import { NOTIFICATION_KINDS, NotificationKind } from './notification-kinds';
import { Notification } from './notification.entity';
import { NotificationRow, NotificationsRepository } from './notifications.repository';
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

/**
 * One notification in place of many: a recipient whom more than `above` of the notices reach gets
 * `summary(count)` instead of them. It says how many, never which, so it names no case.
 */
export interface NoticeSummary {
  above: number;
  summary: (count: number) => NewNotification;
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

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersService,
  ) {}

  /**
   * Every notification the hub makes goes through here, inside the caller's transaction, so it
   * commits or rolls back with the change it tells about. One statement finds the recipients of any
   * number of notices, one inserts them; each notice reaches every active recipient once. With a
   * `summary`, a recipient reached by more than its `above` notices gets the one summary instead.
   * Returns how many notifications were made.
   */
  async notifyWithin(manager: Transaction, notices: readonly Notice[], summary?: NoticeSummary): Promise<number> {
    const targets: { n: number; target: RecipientTarget }[] = notices.flatMap((notice, n) => [
      ...(notice.to.users ?? []).flatMap((userId) => (userId ? [{ n, target: { userId } }] : [])),
      ...(notice.to.roles ?? []).map(({ organisationId, roles }) => ({ n, target: { organisationId, roles } })),
    ]);
    if (targets.length === 0) return 0;
    const recipients = await this.recipientsOf(
      manager,
      targets.map(({ target }) => target),
    );
    // Per notice, who it reaches already: a user named and also holding a role is told once.
    const reached = notices.map((notice) => new Set([notice.to.except?.toLowerCase()]));
    let rows: NotificationRow[] = [];
    targets.forEach(({ n }, i) => {
      for (const recipientUserId of recipients[i]) {
        if (reached[n].has(recipientUserId)) continue;
        reached[n].add(recipientUserId);
        const { kind, caseId, subjectId, title, body } = notices[n];
        rows.push({ recipientUserId, kind, caseId, subjectId, title, body });
      }
    });
    if (summary) rows = summarised(rows, summary);
    if (rows.length === 0) return 0;
    await this.notifications.insertWithin(manager, rows);
    return rows.length;
  }

  /**
   * The active users each target reaches, one list per target. Alike targets are asked once: the
   * notices of a breach batch name the same regisseur and supervisors hundreds of times.
   */
  private async recipientsOf(manager: Transaction, targets: readonly RecipientTarget[]): Promise<string[][]> {
    const keys = targets.map((target) =>
      'userId' in target ? target.userId : `${target.organisationId}/${target.roles.join(',')}`,
    );
    const distinct = new Map(keys.map((key, i) => [key, targets[i]]));
    const found = await this.users.activeRecipients(manager, [...distinct.values()]);
    const byKey = new Map([...distinct.keys()].map((key, i) => [key, found[i]]));
    return keys.map((key) => byKey.get(key)!);
  }

  /**
   * Notifies every active user holding `role` in the organisation, inside the caller's transaction,
   * but not `exceptUserId` (nobody is told of what they did themselves).
   */
  notifyRole(
    manager: Transaction,
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
  notifyUser(manager: Transaction, userId: string, message: NewNotification) {
    return this.notifyWithin(manager, [{ ...message, to: { users: [userId] } }]);
  }

  /** The caller's own inbox, newest first, filtered in SQL by the same rule as the ability. */
  async list(reach: CaseReach, filter: { unreadOnly: boolean; limit: number; cursor?: string }) {
    let beforeSeq: string | undefined;
    if (filter.cursor) {
      const seq = decodeSeqCursor(filter.cursor);
      if (seq === null) {
        throw new NotificationsException('notifications.invalid_cursor', 'Ongeldige cursor / invalid cursor', [
          { field: 'cursor', message: 'onbekende cursor / unknown cursor' },
        ]);
      }
      beforeSeq = seq;
    }
    const rows = await this.notifications.newestFirst(
      reach,
      { unreadOnly: filter.unreadOnly, beforeSeq },
      filter.limit + 1,
    );
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeSeqCursor(last.seq) : null };
  }

  /** Marks one of the caller's notifications read; anyone else's answers 404. */
  async markRead(reach: CaseReach, id: string): Promise<Notification> {
    const notification = await this.notifications.updatable(reach, id);
    if (!notification) throw new NotificationsException('notifications.not_found', 'Niet gevonden / not found');
    notification.readAt ??= new Date();
    return this.notifications.save(notification);
  }

  /** How many of the caller's notifications are unread (the badge on the notifications menu). */
  async unreadCount(reach: CaseReach): Promise<{ count: number }> {
    return { count: await this.notifications.unreadCount(reach) };
  }

  /** The caller's own e-mail preferences; without a row, every kind is mailed. */
  async preferences(principal: Principal): Promise<PreferencesView> {
    const row = await this.notifications.preferencesOf(principal.userId);
    return viewOf(row?.email ?? true, row?.emailMutedKinds ?? []);
  }

  /** Changes what is given, keeps the rest; the mail outbox reads the row for every mail it sends. */
  async setPreferences(principal: Principal, change: PreferencesChange): Promise<PreferencesView> {
    const current = await this.preferences(principal);
    const email = change.email ?? current.email;
    const chosen = change.emailKinds ?? current.emailKinds;
    const muted = NOTIFICATION_KINDS.filter((kind) => !chosen.includes(kind));
    await this.notifications.savePreferences(principal.userId, email, muted);
    return viewOf(email, muted);
  }
}

/** The rows, with those of each recipient who has more than `above` of them replaced by one summary. */
function summarised(rows: NotificationRow[], { above, summary }: NoticeSummary): NotificationRow[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.recipientUserId, (counts.get(row.recipientUserId) ?? 0) + 1);
  const kept = rows.filter((row) => counts.get(row.recipientUserId)! <= above);
  for (const [recipientUserId, count] of counts) {
    if (count > above) kept.push({ recipientUserId, ...summary(count) });
  }
  return kept;
}

function viewOf(email: boolean, muted: string[]): PreferencesView {
  return { email, emailKinds: NOTIFICATION_KINDS.filter((kind) => !muted.includes(kind)), kinds: NOTIFICATION_KINDS };
}
