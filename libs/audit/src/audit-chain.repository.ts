import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditCheckpoint } from '@vt/lookups-protocol';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditRecord } from './audit-hash';
import type { WitnessStatus } from './audit-witness';

/** One stored entry as verification reads it: the hashed fields, its position and its links. */
export interface StoredEntry {
  seq: string;
  record: AuditRecord;
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  seq: string;
  hash: string;
}

export interface StoredCheckpoint extends AuditCheckpoint {
  witnessStatus: WitnessStatus;
}

export interface BrokenRange {
  fromSeq: string;
  toSeq: string;
  reason: string;
}

interface EntryRow {
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

interface CheckpointRow {
  chain_id: string;
  seq: string;
  hash: string;
  signed_at: Date;
  key_id: string;
  signature: string;
  witness_status: WitnessStatus;
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return {
    chainId: row.chain_id,
    seq: row.seq,
    hash: row.hash,
    signedAt: row.signed_at.toISOString(),
    keyId: row.key_id,
    signature: row.signature,
    witnessStatus: row.witness_status,
  };
}

/** The audit chains' own tables, as verification and checkpoints read and add to them. */
@Injectable()
export class AuditChainRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async entries(chainId: string, fromSeq: bigint, limit: number): Promise<StoredEntry[]> {
    const rows = (await this.dataSource.query(
      `SELECT seq, occurred_at, actor_user_id, actor_organisation_id, actor_roles, on_behalf_of, action,
              subject_type, subject_id, subject_organisation_id, case_id, person_refs, purpose, legal_basis,
              outcome, request_id, client_address, prev_hash, hash
         FROM audit_entries WHERE chain_id = $1 AND seq >= $2 ORDER BY seq LIMIT ${limit}`,
      [chainId, fromSeq.toString()],
    )) as EntryRow[];
    return rows.map((row) => ({
      seq: row.seq,
      prevHash: row.prev_hash,
      hash: row.hash,
      record: {
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
    }));
  }

  async head(chainId: string): Promise<ChainHead | null> {
    const [row] = (await this.dataSource.query(
      `SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_id = $1`,
      [chainId],
    )) as { last_seq: string; last_hash: string }[];
    return row ? { seq: row.last_seq, hash: row.last_hash } : null;
  }

  /** The stored hash of one entry, or null when there is none at that position. */
  async hashAt(chainId: string, seq: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT hash FROM audit_entries WHERE chain_id = $1 AND seq = $2`, [
      chainId,
      seq,
    ])) as { hash: string }[];
    return row?.hash ?? null;
  }

  async chainIds(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT chain_id FROM audit_chain_heads ORDER BY chain_id`)) as {
      chain_id: string;
    }[];
    return rows.map((r) => r.chain_id);
  }

  /** Every checkpoint of a chain, oldest first. */
  async checkpoints(chainId: string): Promise<StoredCheckpoint[]> {
    const rows = (await this.dataSource.query(
      `SELECT chain_id, seq, hash, signed_at, key_id, signature, witness_status
         FROM audit_checkpoints WHERE chain_id = $1 ORDER BY seq`,
      [chainId],
    )) as CheckpointRow[];
    return rows.map(toCheckpoint);
  }

  async latestCheckpoint(chainId: string): Promise<StoredCheckpoint | null> {
    const rows = (await this.dataSource.query(
      `SELECT chain_id, seq, hash, signed_at, key_id, signature, witness_status
         FROM audit_checkpoints WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1`,
      [chainId],
    )) as CheckpointRow[];
    return rows.length > 0 ? toCheckpoint(rows[0]) : null;
  }

  /** Adds a checkpoint; false when one for that position was already there (a concurrent taker). */
  async addCheckpoint(checkpoint: StoredCheckpoint): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO audit_checkpoints (chain_id, seq, hash, signed_at, key_id, signature, witness_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (chain_id, seq) DO NOTHING RETURNING seq`,
      [
        checkpoint.chainId,
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.signedAt,
        checkpoint.keyId,
        checkpoint.signature,
        checkpoint.witnessStatus,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Records breaks as reported; answers the ones not reported before. */
  async newBreaks(chainId: string, broken: BrokenRange[], manager: EntityManager): Promise<BrokenRange[]> {
    if (broken.length === 0) return [];
    const rows = (await manager.query(
      `INSERT INTO audit_break_alerts (chain_id, from_seq, to_seq, reason)
       SELECT $1, b.from_seq, b.to_seq, b.reason
         FROM unnest($2::bigint[], $3::bigint[], $4::text[]) AS b(from_seq, to_seq, reason)
       ON CONFLICT DO NOTHING
       RETURNING from_seq, to_seq, reason`,
      [chainId, broken.map((b) => b.fromSeq), broken.map((b) => b.toSeq), broken.map((b) => b.reason)],
    )) as { from_seq: string; to_seq: string; reason: string }[];
    return rows.map((row) => ({ fromSeq: row.from_seq, toSeq: row.to_seq, reason: row.reason }));
  }
}
