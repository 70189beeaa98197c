import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, hashEntry } from './audit-hash';

export interface VerifyResult {
  valid: boolean;
  checked: number;
  firstBrokenSeq?: string;
}

interface Row {
  seq: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  actor_roles: string[];
  on_behalf_of: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  subject_organisation_id: string | null;
  case_id: string | null;
  person_refs: string[];
  purpose: string | null;
  legal_basis: string | null;
  outcome: string;
  request_id: string | null;
  client_address: string | null;
  prev_hash: string;
  hash: string;
}

const PAGE = 10000;

/** Walks a chain in order and names the first entry whose content, link or position is wrong. */
@Injectable()
export class AuditVerifierService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verifyChain(chainId: string): Promise<VerifyResult> {
    let expectedSeq = 1n;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let next = this.page(chainId, expectedSeq);
    for (;;) {
      const rows = await next;
      // The next page is read while this one is hashed: database and CPU work side by side.
      if (rows.length === PAGE) {
        next = this.page(chainId, BigInt(rows[rows.length - 1].seq) + 1n);
        next.catch(() => undefined);
      }
      for (const row of rows) {
        const seq = BigInt(row.seq);
        // A gap names the first missing position: that is where the chain was cut.
        if (seq !== expectedSeq) return { valid: false, checked, firstBrokenSeq: expectedSeq.toString() };
        const recomputed = hashEntry(
          chainId,
          seq,
          {
            occurredAt: row.occurred_at,
            actorUserId: row.actor_user_id,
            actorOrganisationId: row.actor_organisation_id,
            actorRoles: row.actor_roles,
            onBehalfOf: row.on_behalf_of,
            action: row.action,
            subjectType: row.subject_type,
            subjectId: row.subject_id,
            subjectOrganisationId: row.subject_organisation_id,
            caseId: row.case_id,
            personRefs: row.person_refs,
            purpose: row.purpose,
            legalBasis: row.legal_basis,
            outcome: row.outcome,
            requestId: row.request_id,
            clientAddress: row.client_address,
          },
          row.prev_hash,
        );
        if (row.prev_hash !== prevHash || recomputed !== row.hash) {
          return { valid: false, checked, firstBrokenSeq: row.seq };
        }
        prevHash = row.hash;
        expectedSeq += 1n;
        checked += 1;
      }
      if (rows.length < PAGE) break;
    }
    const [head] = (await this.dataSource.query(
      `SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_id = $1`,
      [chainId],
    )) as { last_seq: string; last_hash: string }[];
    // Entries cut off the end show up as a head that points past the last row.
    if (head && (BigInt(head.last_seq) !== expectedSeq - 1n || head.last_hash !== prevHash)) {
      return { valid: false, checked, firstBrokenSeq: expectedSeq.toString() };
    }
    return { valid: true, checked };
  }

  private page(chainId: string, fromSeq: bigint): Promise<Row[]> {
    return this.dataSource.query(
      `SELECT seq, occurred_at, actor_user_id, actor_organisation_id, actor_roles, on_behalf_of, action,
              subject_type, subject_id, subject_organisation_id, case_id, person_refs, purpose, legal_basis,
              outcome, request_id, client_address, prev_hash, hash
         FROM audit_entries WHERE chain_id = $1 AND seq >= $2 ORDER BY seq LIMIT ${PAGE}`,
      [chainId, fromSeq.toString()],
    ) as Promise<Row[]>;
  }

  async chainIds(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT chain_id FROM audit_chain_heads ORDER BY chain_id`)) as {
      chain_id: string;
    }[];
    return rows.map((r) => r.chain_id);
  }
}
