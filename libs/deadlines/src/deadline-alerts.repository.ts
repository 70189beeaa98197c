import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseReach } from '@vt/access';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource } from 'typeorm';
import type { PausedTerm } from './deadline-case-facts';
import { DeadlineKind } from './deadline.entity';

/** A deadline row being breached or reminded of. */
export interface DueRow {
  id: string;
  case_id: string;
  kind: DeadlineKind;
  subject_id: string | null;
  due_at: Date;
}

/** Which deadlines one breach transaction takes: a batch of one organisation's, or exactly one. */
export type BreachSelection = { regieOrganisationId: string } | { deadlineId: string; version: number; caseId: string };

/** Table `deadlines` as the breach and reminder jobs read and lock it, and `deadline_reminders`. */
@Injectable()
export class DeadlineAlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  /** The case and due time of this version while it is still open; null otherwise. */
  async openVersion(
    reach: CaseReach,
    deadlineId: string,
    version: number,
  ): Promise<{ case_id: string; due_at: Date } | null> {
    const params: unknown[] = [deadlineId, version];
    const [row] = (await this.dataSource.query(
      `SELECT d.case_id, d.due_at FROM deadlines d
        WHERE d.id = $1 AND d.version = $2 AND d.status = 'open' AND ${reach.sql('read', 'Deadline', 'd', params)}`,
      params,
    )) as { case_id: string; due_at: Date }[];
    return row ?? null;
  }

  /** The organisations holding regie over an open deadline due by `now`. */
  async regieOrganisationsWithDue(reach: CaseReach, now: Date): Promise<string[]> {
    const params: unknown[] = [now];
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT d.regie_organisation_id AS id FROM deadlines d
        WHERE d.status = 'open' AND d.due_at <= $1 AND ${reach.sql('read', 'Deadline', 'd', params)}`,
      params,
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** One sweep at a time per organisation: whether this transaction got it (released at its end). */
  async tryLockBreachesOf(transaction: Transaction, regieOrganisationId: string): Promise<boolean> {
    const manager = managerOf(transaction);
    const [{ locked }] = (await manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtext('deadline-breach'), hashtext($1)) AS locked`,
      [regieOrganisationId],
    )) as { locked: boolean }[];
    return locked;
  }

  /**
   * Marks breached the open deadlines due by `now` of the selection (a batch of at most `limit`,
   * skipping rows locked by others; or exactly the one), leaving out the paused terms.
   */
  async breach(
    reach: CaseReach,
    transaction: Transaction,
    selection: BreachSelection,
    paused: readonly PausedTerm[],
    now: Date,
    limit: number,
  ): Promise<DueRow[]> {
    const manager = managerOf(transaction);
    const batch = 'regieOrganisationId' in selection;
    const params: unknown[] = [
      now,
      paused.map((term) => term.caseId),
      paused.map((term) => term.kind),
      ...(batch ? [selection.regieOrganisationId, limit] : [selection.deadlineId, selection.version, 1]),
    ];
    const rows = (await manager.query(
      `WITH due AS (
         SELECT d.id FROM deadlines d
          WHERE d.status = 'open' AND d.due_at <= $1
            AND ${batch ? 'd.regie_organisation_id = $4' : 'd.id = $4 AND d.version = $5'}
            AND (d.case_id, d.kind) NOT IN (SELECT * FROM unnest($2::uuid[], $3::text[]))
            AND ${reach.sql('update', 'Deadline', 'd', params)}
          ORDER BY d.due_at LIMIT $${batch ? 5 : 6}
          FOR UPDATE OF d ${batch ? 'SKIP LOCKED' : ''})
       UPDATE deadlines d SET status = 'breached', breached_at = $1
         FROM due WHERE d.id = due.id
       RETURNING d.id, d.case_id, d.kind, d.subject_id, d.due_at`,
      params,
    )) as [DueRow[], number];
    return rows[0];
  }

  /** This version of the deadline while it is open, locked for the transaction; null otherwise. */
  async lockOpenVersion(
    reach: CaseReach,
    transaction: Transaction,
    deadlineId: string,
    version: number,
  ): Promise<DueRow | null> {
    const manager = managerOf(transaction);
    const params: unknown[] = [deadlineId, version];
    const [row] = (await manager.query(
      `SELECT d.id, d.case_id, d.kind, d.subject_id, d.due_at FROM deadlines d
        WHERE d.id = $1 AND d.version = $2 AND d.status = 'open' AND ${reach.sql('update', 'Deadline', 'd', params)}
          FOR UPDATE`,
      params,
    )) as DueRow[];
    return row ?? null;
  }

  /** Records the index-th reminder of a version as sent; false when it already was. */
  async recordReminder(
    transaction: Transaction,
    deadlineId: string,
    version: number,
    index: number,
    sentAt: Date,
  ): Promise<boolean> {
    const manager = managerOf(transaction);
    const inserted = (await manager.query(
      `INSERT INTO deadline_reminders (deadline_id, version, index, sent_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING index`,
      [deadlineId, version, index, sentAt],
    )) as unknown[];
    return inserted.length > 0;
  }
}
