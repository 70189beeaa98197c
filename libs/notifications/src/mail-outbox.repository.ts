import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UnreachableUser } from '@vt/access';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource } from 'typeorm';

/** A notification as its send job reads it: never its title or body, so nothing of them ends up in a mail. */
export interface DeliveryRow {
  kind: string;
  status: string;
  recipientUserId: string;
  /** Whether the recipient wants this kind by e-mail. */
  wanted: boolean;
  /** Whether it names no case: for a kind about one case each, a summary of several. */
  caseless: boolean;
}

/** Who the pending rows are for, each once, and the last of those rows. */
export interface PendingRecipients {
  userIds: string[];
  /** The highest `seq` among them: every row made later has a higher one. */
  lastSeq: string;
}

export interface OutboxFigures {
  pending: number;
  failed: number;
  /** Seconds since the oldest pending notification was made; 0 when none. */
  oldest: number;
}

/**
 * SQL: whether the recipient wants the notification (alias `notification`) by e-mail, by their
 * preferences (alias `np`, left-joined on the recipient; no row: every kind).
 */
const wanted = (notification: string) =>
  `(np.user_id IS NULL OR (np.email AND NOT ${notification}.kind = ANY(np.email_muted_kinds)))`;

/** The e-mail columns of the notifications: the outbox that the sweep and the send jobs work through. */
@Injectable()
export class MailOutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  /**
   * The notification with its recipient's preference, locked for the rest of the transaction (the
   * address comes from the access context, read after the lock in the same transaction).
   */
  async lockForDelivery(transaction: Transaction, id: string): Promise<DeliveryRow | undefined> {
    const manager = managerOf(transaction);
    const [row] = (await manager.query(
      `SELECT n.kind, n.email_status AS status, n.recipient_user_id AS "recipientUserId", ${wanted('n')} AS wanted,
              n.case_id IS NULL AS caseless
         FROM notifications n
         LEFT JOIN notification_preferences np ON np.user_id = n.recipient_user_id
        WHERE n.id = $1 FOR UPDATE OF n`,
      [id],
    )) as DeliveryRow[];
    return row;
  }

  async markSkipped(transaction: Transaction, id: string, reason: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE notifications SET email_status = 'skipped', email_error = $2, email_done_at = now() WHERE id = $1`,
      [id, reason],
    );
  }

  /** Counts a failed attempt; the row is `failed` when it was the last, else stays pending. */
  async recordFailedAttempt(transaction: Transaction, id: string, code: string, final: boolean): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE notifications
          SET email_attempts = email_attempts + 1, email_error = $2,
              email_status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END,
              email_done_at = CASE WHEN $3 THEN now() END
        WHERE id = $1`,
      [id, code, final],
    );
  }

  async markSent(transaction: Transaction, id: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE notifications
          SET email_status = 'sent', email_attempts = email_attempts + 1, email_error = NULL, email_done_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  /** Settles up to `limit` pending rows as skipped for want of SMTP, oldest first; how many it did. */
  async skipNotConfigured(limit: number): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE notifications SET email_status = 'skipped', email_error = 'not_configured', email_done_at = now()
        WHERE id IN (SELECT id FROM notifications WHERE email_status = 'pending'
                      ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [limit],
    )) as [unknown[], number];
    return rows[1];
  }

  /** The recipients of the pending rows, through the partial index that holds just those; none when none is. */
  async pendingRecipients(): Promise<PendingRecipients | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT array_agg(DISTINCT recipient_user_id) AS "userIds", max(seq)::text AS "lastSeq"
         FROM notifications WHERE email_status = 'pending'`,
    )) as { userIds: string[] | null; lastSeq: string | null }[];
    return row.userIds && row.lastSeq ? { userIds: row.userIds, lastSeq: row.lastSeq } : undefined;
  }

  /**
   * Settles as skipped the pending rows up to `lastSeq` of the unreachable recipients, with their
   * reason, and those of recipients who do not want the kind by e-mail; rows a send job or another
   * sweep holds are left (no waiting on SMTP, no lock-order deadlock). How many it did.
   */
  async skipUnreachable(unreachable: readonly UnreachableUser[], lastSeq: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE notifications n
          SET email_status = 'skipped', email_done_at = now(), email_error = s.reason
         FROM (SELECT p.id, coalesce(r.reason, 'opted_out') AS reason
                 FROM notifications p
                 LEFT JOIN unnest($1::uuid[], $2::text[]) AS r(user_id, reason) ON r.user_id = p.recipient_user_id
                 LEFT JOIN notification_preferences np ON np.user_id = p.recipient_user_id
                WHERE p.email_status = 'pending' AND p.seq <= $3
                  AND (r.reason IS NOT NULL OR NOT ${wanted('p')})
                FOR UPDATE OF p SKIP LOCKED) s
        WHERE n.id = s.id
        RETURNING n.id`,
      [unreachable.map((user) => user.userId), unreachable.map((user) => user.reason), lastSeq],
    )) as [unknown[], number];
    return rows[1];
  }

  /**
   * Up to `limit` pending rows not queued yet (or over `requeueAfterSeconds` ago), marked queued
   * now; rows another sweep holds are left to it.
   */
  async claim(limit: number, requeueAfterSeconds: number): Promise<string[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE notifications n SET email_queued_at = now()
         FROM (SELECT id FROM notifications
                WHERE email_status = 'pending'
                  AND (email_queued_at IS NULL OR email_queued_at < now() - make_interval(secs => $2))
                ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED) batch
        WHERE n.id = batch.id
        RETURNING n.id`,
      [limit, requeueAfterSeconds],
    )) as [{ id: string }[], number];
    return rows.map((row) => row.id);
  }

  /** Marks the rows not queued after all, so the next sweep takes them at once. */
  async unclaim(ids: string[]): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET email_queued_at = NULL WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Each count walks a partial index. */
  async figures(): Promise<OutboxFigures> {
    const [figures] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM notifications WHERE email_status = 'pending')::int AS pending,
              (SELECT count(*) FROM notifications WHERE email_status = 'failed')::int AS failed,
              coalesce((SELECT extract(epoch FROM now() - created_at) FROM notifications
                         WHERE email_status = 'pending' ORDER BY seq LIMIT 1), 0)::float AS oldest`,
    )) as OutboxFigures[];
    return figures;
  }
}
