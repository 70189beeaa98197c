import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isCanonicalUuid } from '@vt/common';
import { Transaction, transactionOf } from '@vt/database/transaction-handle';
import type { AuditCheckpoint } from '@vt/lookups-protocol';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { WitnessStatus } from './audit-witness';

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

  /**
   * Every entry of a chain in order, as the fields of PostgreSQL's COPY text format (see
   * `copiedEntryChecker` for their order), a batch per chunk read: one streamed statement, so a
   * million entries cost one round trip and no row objects. The connection is the pool's,
   * released when the walk ends.
   */
  async *streamEntries(chainId: string): AsyncGenerator<string[][]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as { connect(): Promise<PoolClient> };
    // COPY takes no parameters: the chain id goes into the statement, so it must be a canonical UUID.
    if (!isCanonicalUuid(chainId)) throw new Error('chain id is not a canonical UUID');
    const client = await pool.connect();
    try {
      const stream = client.query(
        copyTo(
          `COPY (SELECT seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                        actor_user_id, actor_organisation_id, array_to_json(actor_roles), on_behalf_of, action,
                        subject_type, subject_id, subject_organisation_id, case_id, array_to_json(person_refs),
                        purpose, legal_basis, outcome, request_id, client_address, prev_hash, hash
                   FROM audit_entries WHERE chain_id = '${chainId}' ORDER BY seq) TO STDOUT`,
        ),
      );
      stream.setEncoding('utf8');
      let rest = '';
      for await (const chunk of stream as AsyncIterable<string>) {
        const data = rest + chunk;
        const rows: string[][] = [];
        let start = 0;
        let end: number;
        while ((end = data.indexOf('\n', start)) !== -1) {
          rows.push(data.slice(start, end).split('\t'));
          start = end + 1;
        }
        rest = data.slice(start);
        if (rows.length > 0) yield rows;
      }
    } finally {
      client.release();
    }
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

  /**
   * Records breaks as reported and hands each one not reported before to `report`, in one
   * transaction with the record: a break is reported once, and never recorded unreported.
   */
  async reportNewBreaks(
    chainId: string,
    broken: BrokenRange[],
    report: (range: BrokenRange, transaction: Transaction) => Promise<void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const range of await this.newBreaks(chainId, broken, manager)) await report(range, transactionOf(manager));
    });
  }

  /** Records breaks as reported; answers the ones not reported before. */
  private async newBreaks(chainId: string, broken: BrokenRange[], manager: EntityManager): Promise<BrokenRange[]> {
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
