import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import type { AuditCheckpoint } from '@vt/lookups-protocol';
import { DataSource } from 'typeorm';
import { WitnessedCheckpoint } from './witnessed-checkpoint.entity';

/** The witnessed checkpoints of one hub: appended under a per-chain lock, read by chain. */
@Injectable()
export class WitnessedCheckpointRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Serialises appends to one chain of one hub until the transaction ends, so two posts cannot
   * both find a seq free or both miss the other's higher seq. Chains without a row yet have
   * nothing to lock with SELECT … FOR UPDATE, hence an advisory lock.
   */
  async lockChain(transaction: Transaction, issuer: string, chainId: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `witnessed_checkpoints:${issuer}:${chainId}`,
    ]);
  }

  /** The checkpoint held at `seq`, or null. */
  at(issuer: string, chainId: string, seq: string, transaction?: Transaction): Promise<WitnessedCheckpoint | null> {
    const manager = transaction && managerOf(transaction);
    return (manager ?? this.dataSource.manager).findOne(WitnessedCheckpoint, { where: { issuer, chainId, seq } });
  }

  /** The checkpoint with the highest seq held for the chain, or null. */
  latest(issuer: string, chainId: string, transaction?: Transaction): Promise<WitnessedCheckpoint | null> {
    const manager = transaction && managerOf(transaction);
    return (manager ?? this.dataSource.manager).findOne(WitnessedCheckpoint, {
      where: { issuer, chainId },
      order: { seq: 'DESC' },
    });
  }

  /** Appends the checkpoint; returns when it was received, by the database's clock. */
  async append(transaction: Transaction, issuer: string, checkpoint: AuditCheckpoint): Promise<Date> {
    const manager = managerOf(transaction);
    const [row] = (await manager.query(
      `INSERT INTO witnessed_checkpoints (issuer, chain_id, seq, hash, signed_at, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING received_at`,
      [
        issuer,
        checkpoint.chainId,
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.signedAt,
        checkpoint.keyId,
        checkpoint.signature,
      ],
    )) as { received_at: Date }[];
    return row.received_at;
  }
}
