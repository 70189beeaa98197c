import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import type { DetailRequestStatus } from '@vt/lookups-protocol';
import { DataSource } from 'typeorm';
import { DetailRequest } from './detail-request.entity';
import { DisclosureRule } from './disclosure-rule.entity';

/** A request as a reviewer sees it: its own columns, with its person's file reference and identity check. */
export interface ReviewRow {
  id: string;
  received_at: Date;
  status: DetailRequestStatus;
  requesting_organisation: string;
  requesting_organisation_kind: string;
  requester_role: string;
  reason: string;
  purpose: string;
  legal_basis: string;
  questions: string[] | null;
  case_reference: string;
  granted_categories: string[];
  refusal_reason: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  file_reference: string | null;
  identity_confirmed: boolean | null;
}

const REVIEW_SELECT = `SELECT r.*, p.file_reference, p.identity_confirmed
         FROM detail_requests r LEFT JOIN known_persons p ON p.id = r.person_id`;

/** Detail requests with their decisions, and the disclosure policy that decides them. */
@Injectable()
export class DetailRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  policy(): Promise<DisclosureRule[]> {
    return this.dataSource.manager.find(DisclosureRule);
  }

  async add(transaction: Transaction, request: DetailRequest): Promise<void> {
    const manager = managerOf(transaction);
    await manager.insert(DetailRequest, request);
  }

  /** The request if `organisation` asked it; null for anyone else. */
  ofOrganisation(id: string, organisation: string): Promise<DetailRequest | null> {
    return this.dataSource.manager.findOne(DetailRequest, { where: { id, requestingOrganisation: organisation } });
  }

  /** The request locked until the transaction ends, so two reviewers deciding at once cannot both succeed. */
  lockForDecision(transaction: Transaction, id: string): Promise<DetailRequest | null> {
    const manager = managerOf(transaction);
    return manager.findOne(DetailRequest, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async save(transaction: Transaction, request: DetailRequest): Promise<void> {
    const manager = managerOf(transaction);
    await manager.save(DetailRequest, request);
  }

  /** Oldest first, optionally of one status. */
  async review(status: DetailRequestStatus | undefined, limit: number): Promise<ReviewRow[]> {
    // Two statements rather than `$1 IS NULL OR status = $1`, so each can use its own index.
    return (
      status
        ? await this.dataSource.query(`${REVIEW_SELECT} WHERE r.status = $1 ORDER BY r.received_at, r.id LIMIT $2`, [
            status,
            limit,
          ])
        : await this.dataSource.query(`${REVIEW_SELECT} ORDER BY r.received_at, r.id LIMIT $1`, [limit])
    ) as ReviewRow[];
  }

  async reviewed(transaction: Transaction, id: string): Promise<ReviewRow> {
    const manager = managerOf(transaction);
    const [row] = (await manager.query(`${REVIEW_SELECT} WHERE r.id = $1`, [id])) as ReviewRow[];
    return row;
  }
}
