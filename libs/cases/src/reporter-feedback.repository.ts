import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource, DeepPartial } from 'typeorm';
import { FeedbackFollowUp, ReporterFeedback } from './follow-up.entity';
import { Report } from './report.entity';

/** A feedback row whose mail is due, as the delivery reads it under its lock. */
export interface DueMail {
  id: string;
  follow_up: FeedbackFollowUp;
  email_attempts: number;
  email_ciphertext: Buffer;
  email_key_id: string;
}

/** Which mail to attempt: one row just recorded, or the one due longest by a moment. */
export type MailPick = { id: string } | { dueBy: Date };

/** A failed attempt: given up (`final`), or due again at `nextAt`. */
export interface MailFailure {
  attempts: number;
  code: string;
  final: boolean;
  nextAt: Date;
}

const DUE_MAIL = `SELECT id, follow_up, email_attempts, email_ciphertext, email_key_id FROM reporter_feedback`;

/** Reports owed feedback, the feedback recorded on them and the state of its e-mail. */
@Injectable()
export class ReporterFeedbackRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  /**
   * The case's professional reports that were there when the assessment was recorded, are still
   * owed feedback and have no running term, each with the assessment's moment.
   */
  async owedFeedback(reach: CaseReach, transaction: Transaction, caseId: string) {
    const manager = managerOf(transaction);
    return (await manager.query(
      `SELECT r.id, c.assessed_at FROM reports r JOIN cases c ON c.id = r.case_id
        WHERE r.case_id = $1 AND r.reporter_kind = 'professional' AND c.assessed_at IS NOT NULL
          AND r.received_at <= c.assessed_at
          AND NOT EXISTS (SELECT 1 FROM reporter_feedback f WHERE f.report_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM deadline_terms d WHERE d.case_id = r.case_id AND d.kind = 'reporter_feedback'
                            AND d.subject_id = r.id AND d.status IN ('open', 'breached'))`,
      [caseId],
    )) as { id: string; assessed_at: Date }[];
  }

  report(reach: CaseReach, transaction: Transaction, caseId: string, reportId: string): Promise<Report | null> {
    const manager = managerOf(transaction);
    return manager.getRepository(Report).findOneBy({ id: reportId, caseId });
  }

  hasFeedback(reach: CaseReach, transaction: Transaction, reportId: string): Promise<boolean> {
    const manager = managerOf(transaction);
    return manager.getRepository(ReporterFeedback).existsBy({ reportId });
  }

  saveFeedback(
    reach: CaseReach,
    transaction: Transaction,
    fields: DeepPartial<ReporterFeedback>,
  ): Promise<ReporterFeedback> {
    const manager = managerOf(transaction);
    const feedback = manager.getRepository(ReporterFeedback);
    return feedback.save(feedback.create(fields));
  }

  /** The picked row whose mail is pending, locked until the transaction ends; none when taken. */
  async lockMail(reach: CaseReach, transaction: Transaction, pick: MailPick): Promise<DueMail | undefined> {
    const manager = managerOf(transaction);
    const [select, params] =
      'id' in pick
        ? [`${DUE_MAIL} WHERE id = $1 AND email_status = 'pending'`, [pick.id]]
        : [
            `${DUE_MAIL} WHERE email_status = 'pending' AND email_next_at <= $1 ORDER BY email_next_at LIMIT 1`,
            [pick.dueBy],
          ];
    const [row] = (await manager.query(`${select} FOR UPDATE SKIP LOCKED`, params)) as DueMail[];
    return row;
  }

  /** Delivered: the sealed address is dropped. */
  async mailSent(reach: CaseReach, transaction: Transaction, id: string, attempts: number): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE reporter_feedback
          SET email_status = 'sent', email_attempts = $2, email_error = NULL, email_next_at = NULL,
              email_ciphertext = NULL, email_key_id = NULL
        WHERE id = $1`,
      [id, attempts],
    );
  }

  /** Given up, the sealed address is dropped; otherwise the next attempt is due at `nextAt`. */
  async mailFailed(reach: CaseReach, transaction: Transaction, id: string, failure: MailFailure): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE reporter_feedback
          SET email_attempts = $2, email_error = $3,
              email_status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END,
              email_next_at = CASE WHEN $4 THEN NULL ELSE $5::timestamptz END,
              email_ciphertext = CASE WHEN $4 THEN NULL ELSE email_ciphertext END,
              email_key_id = CASE WHEN $4 THEN NULL ELSE email_key_id END
        WHERE id = $1`,
      [id, failure.attempts, failure.code, failure.final, failure.nextAt],
    );
  }

  /** The feedback on a case's reports. Its caller has no reach yet to pass (the case view). */
  forCase(transaction: Transaction, caseId: string): Promise<ReporterFeedback[]> {
    const manager = managerOf(transaction);
    return manager.getRepository(ReporterFeedback).findBy({ caseId });
  }
}
