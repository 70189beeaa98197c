import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Sealed } from '@vt/common';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import type { DetailCategory, LegalBasis, ReasonCode, RequesterRole } from '@vt/lookups-protocol';
import { DataSource } from 'typeorm';
import type { DetailStatus } from './detail-requests.service';

export interface DetailRow {
  id: string;
  case_id: string;
  person_id: string;
  source_holder_id: string;
  requesting_organisation_id: string;
  requested_by: string;
  requester_role: RequesterRole;
  reason_code: ReasonCode;
  legal_basis: LegalBasis;
  questions: DetailCategory[];
  request_id: string | null;
  transaction_id: string;
  status: DetailStatus;
  interaction_id: string | null;
  polls: number;
  created_at: Date;
  decided_at: Date | null;
  failure_code: string | null;
  answer_ciphertext: Buffer | null;
  answer_key_id: string | null;
  answer_read_at: Date | null;
}

export interface NewDetailRequest {
  caseId: string;
  personId: string;
  sourceHolderId: string;
  requestingOrganisationId: string;
  requestedBy: string;
  requesterRole: RequesterRole;
  reasonCode: ReasonCode;
  legalBasis: LegalBasis;
  questions: DetailCategory[];
  requestId: string;
  transactionId: string;
}

/** Detail requests (table detail_requests) and their sealed answers. */
@Injectable()
export class DetailRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  async insert(transaction: Transaction, request: NewDetailRequest): Promise<string> {
    const manager = managerOf(transaction);
    const [row] = (await manager.query(
      `INSERT INTO detail_requests
         (case_id, person_id, source_holder_id, requesting_organisation_id, requested_by, requester_role,
          reason_code, legal_basis, questions, request_id, transaction_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        request.caseId,
        request.personId,
        request.sourceHolderId,
        request.requestingOrganisationId,
        request.requestedBy,
        request.requesterRole,
        request.reasonCode,
        request.legalBasis,
        request.questions,
        request.requestId,
        request.transactionId,
      ],
    )) as { id: string }[];
    return row.id;
  }

  async byId(id: string): Promise<DetailRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT d.* FROM detail_requests d WHERE d.id = $1`, [
      id,
    ])) as DetailRow[];
    return row;
  }

  /** The request of this case made by this organisation, locked for reading its answer. */
  async lockOfRequester(
    transaction: Transaction,
    id: string,
    caseId: string,
    organisationId: string,
  ): Promise<DetailRow | undefined> {
    const manager = managerOf(transaction);
    const [row] = (await manager.query(
      `SELECT d.* FROM detail_requests d
        WHERE d.id = $1 AND d.case_id = $2 AND d.requesting_organisation_id = $3 FOR UPDATE OF d`,
      [id, caseId, organisationId],
    )) as DetailRow[];
    return row;
  }

  async deleteReadAnswer(transaction: Transaction, id: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE detail_requests SET answer_ciphertext = NULL, answer_key_id = NULL, answer_read_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  async setInteraction(id: string, interactionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE detail_requests SET interaction_id = $2 WHERE id = $1`, [id, interactionId]);
  }

  /** Records the decision of a pending request with its sealed answer, kept for `ttlHours` at most. */
  async decide(id: string, status: 'granted' | 'refused', answer: Sealed, ttlHours: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE detail_requests
          SET status = $2, answer_ciphertext = $3, answer_key_id = $4, decided_at = now(),
              answer_expires_at = now() + make_interval(hours => $5)
        WHERE id = $1 AND status = 'pending'`,
      [id, status, answer.ciphertext, answer.keyId, ttlHours],
    );
  }

  async fail(id: string, code: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE detail_requests SET status = 'failed', failure_code = $2, decided_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [id, code],
    );
  }

  async scheduleNext(id: string, polls: number, delaySeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE detail_requests SET polls = $2, next_poll_at = now() + make_interval(secs => $3) WHERE id = $1`,
      [id, polls, delaySeconds],
    );
  }

  /** Deletes the answers past their time; how many. */
  async purgeExpiredAnswers(): Promise<number> {
    const purged = (await this.dataSource.query(
      `UPDATE detail_requests SET answer_ciphertext = NULL, answer_key_id = NULL
        WHERE answer_ciphertext IS NOT NULL AND answer_expires_at <= now() RETURNING id`,
    )) as [unknown[], number];
    return purged[1] ?? 0;
  }

  /** Pending requests whose next step is overdue: it was lost. */
  lost(): Promise<{ id: string; polls: number }[]> {
    return this.dataSource.query(
      `SELECT id, polls FROM detail_requests
        WHERE status = 'pending' AND next_poll_at < now() - interval '30 seconds'
        ORDER BY next_poll_at LIMIT 500`,
    );
  }
}
