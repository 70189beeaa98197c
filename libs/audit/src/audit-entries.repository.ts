import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import type { Pool } from 'pg';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AuditEntry } from './audit-entry.entity';
import { AuditRecord, GENESIS_HASH, recordFields } from './audit-hash';
import type { AuditFilter, AuditReach } from './audit-query.service';

/** The head of a chain: its last position and that entry's hash. */
export interface ChainPosition {
  seq: bigint;
  hash: string;
}

/** A record at its place in a chain, hashed over the entry before it. */
export interface ChainedRecord {
  seq: bigint;
  record: AuditRecord;
  prevHash: string;
  hash: string;
}

const COLUMNS = [
  'chain_id',
  'seq',
  'occurred_at',
  'actor_user_id',
  'actor_organisation_id',
  'actor_roles',
  'on_behalf_of',
  'action',
  'subject_type',
  'subject_id',
  'subject_organisation_id',
  'case_id',
  'person_refs',
  'purpose',
  'legal_basis',
  'outcome',
  'request_id',
  'client_address',
  'prev_hash',
  'hash',
] as const;

/** Each column's type, for rows given as a VALUES list, where the target cannot type the parameters. */
const COLUMN_TYPES: Record<(typeof COLUMNS)[number], string> = {
  chain_id: 'uuid',
  seq: 'bigint',
  occurred_at: 'timestamptz',
  actor_user_id: 'uuid',
  actor_organisation_id: 'uuid',
  actor_roles: 'text[]',
  on_behalf_of: 'text',
  action: 'text',
  subject_type: 'text',
  subject_id: 'text',
  subject_organisation_id: 'uuid',
  case_id: 'uuid',
  person_refs: 'text[]',
  purpose: 'text',
  legal_basis: 'text',
  outcome: 'text',
  request_id: 'text',
  client_address: 'text',
  prev_hash: 'text',
  hash: 'text',
};

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
export const APPEND_ROWS = 1000;

const ALIAS = 'entry';

/** The audit log's entries and chain heads: appended to, and searched as a caller may read them. */
@Injectable()
export class AuditEntriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  /** The chain's head, created at the genesis when new, locked for the rest of the transaction. */
  async lockHead(transaction: Transaction, chainId: string): Promise<ChainPosition> {
    const manager = managerOf(transaction);
    // Upsert-and-return locks the head row in one round trip.
    const [locked] = (await manager.query(
      `INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash) VALUES ($1, 0, $2)
       ON CONFLICT (chain_id) DO UPDATE SET chain_id = EXCLUDED.chain_id
       RETURNING last_seq, last_hash`,
      [chainId, GENESIS_HASH],
    )) as { last_seq: string; last_hash: string }[];
    return { seq: BigInt(locked.last_seq), hash: locked.last_hash };
  }

  /** Inserts the entries and moves the locked head to `head`, inside the caller's transaction. */
  async insert(
    transaction: Transaction,
    chainId: string,
    entries: ChainedRecord[],
    head: ChainPosition,
  ): Promise<void> {
    const manager = managerOf(transaction);
    const { params, rows } = valuesOf(chainId, entries, false);
    params.push(chainId, head.seq.toString(), head.hash);
    const n = params.length;
    await manager.query(
      `WITH appended AS (INSERT INTO audit_entries (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')})
       UPDATE audit_chain_heads SET last_seq = $${n - 1}, last_hash = $${n} WHERE chain_id = $${n - 2}`,
      params,
    );
  }

  /**
   * One autocommitted statement: the head moves from `known` to `head`, compared and set in the same
   * statement as the entries are inserted, so both happen or neither. False when the head was no
   * longer at `known`: nothing is written.
   */
  async insertIfHeadAt(
    chainId: string,
    known: ChainPosition,
    entries: ChainedRecord[],
    head: ChainPosition,
  ): Promise<boolean> {
    const { params, rows } = valuesOf(chainId, entries, true);
    params.push(chainId, known.seq.toString(), known.hash, head.seq.toString(), head.hash);
    const n = params.length;
    // Straight to the pool: on the path of every audited request, and TypeORM's query runner around
    // one autocommitted statement is only overhead.
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const { rowCount } = await pool.query(
      `WITH head AS (
         UPDATE audit_chain_heads SET last_seq = $${n - 1}, last_hash = $${n}
          WHERE chain_id = $${n - 4} AND last_seq = $${n - 3} AND last_hash = $${n - 2}
          RETURNING chain_id)
       INSERT INTO audit_entries (${COLUMNS.join(', ')})
       SELECT * FROM (VALUES ${rows.join(', ')}) AS v WHERE EXISTS (SELECT 1 FROM head)`,
      params,
    );
    return rowCount === entries.length;
  }

  /** Entries the filter and the reach allow, newest first, before the entry with id `beforeId` when given. */
  newestFirst(reach: AuditReach, filter: AuditFilter, limit: number, beforeId?: string): Promise<AuditEntry[]> {
    const qb = this.filtered(reach, filter);
    if (beforeId !== undefined) qb.andWhere('entry.id < :cursorId', { cursorId: beforeId });
    return qb.orderBy('entry.id', 'DESC').limit(limit).getMany();
  }

  /** Entries the filter and the reach allow, oldest first, after the entry with id `afterId` when not null. */
  oldestFirst(reach: AuditReach, filter: AuditFilter, limit: number, afterId: string | null): Promise<AuditEntry[]> {
    const qb = this.filtered(reach, filter);
    if (afterId !== null) qb.andWhere('entry.id > :after', { after: afterId });
    return qb.orderBy('entry.id', 'ASC').limit(limit).getMany();
  }

  private filtered(reach: AuditReach, filter: AuditFilter): SelectQueryBuilder<AuditEntry> {
    const repository = this.dataSource.getRepository(AuditEntry);
    const qb = repository
      .createQueryBuilder(ALIAS)
      .where(reach.where('read', 'AuditEntry', ALIAS, repository.metadata));
    if (filter.caseIds) qb.andWhere('entry.caseId = ANY(:caseIds)', { caseIds: filter.caseIds });
    if (filter.actorUserId) qb.andWhere('entry.actorUserId = :actorUserId', { actorUserId: filter.actorUserId });
    if (filter.from) qb.andWhere('entry.occurredAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('entry.occurredAt < :to', { to: filter.to });
    if (filter.chain) {
      qb.andWhere('entry.chainId = :chainId', { chainId: filter.chain.chainId });
      if (filter.chain.fromSeq) qb.andWhere('entry.seq >= :fromSeq', { fromSeq: filter.chain.fromSeq });
      if (filter.chain.toSeq) qb.andWhere('entry.seq <= :toSeq', { toSeq: filter.chain.toSeq });
    }
    return qb;
  }
}

/** The entries' parameters, one placeholder tuple per row (typed when `typed`, for a VALUES list). */
function valuesOf(chainId: string, entries: ChainedRecord[], typed: boolean) {
  const params: unknown[] = [];
  const rows: string[] = [];
  for (const { seq, record, prevHash, hash } of entries) {
    const base = params.length;
    params.push(chainId, seq.toString(), ...recordFields(record), prevHash, hash);
    rows.push(
      `(${COLUMNS.map((column, i) => `$${base + i + 1}${typed ? `::${COLUMN_TYPES[column]}` : ''}`).join(', ')})`,
    );
  }
  return { params, rows };
}
