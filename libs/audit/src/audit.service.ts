import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { canonicalUuid, redactBsns, UNSTORABLE_CHARACTERS, unstorableText } from '@vt/common';
import { AuditException } from './audit.exception';
import { ANONYMOUS_CHAIN, AuditRecord, GENESIS_HASH, hashEntry } from './audit-hash';

export type AuditInput = Partial<Omit<AuditRecord, 'occurredAt' | 'action' | 'subjectType' | 'outcome'>> &
  Pick<AuditRecord, 'action' | 'subjectType' | 'outcome'>;

interface Pending {
  record: AuditRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
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
const APPEND_ROWS = 1000;

/** A uuid column's value as PostgreSQL stores it, so the hash covers exactly what is stored. */
function uuidOf(value: string | null | undefined): string | null {
  return value ? canonicalUuid(value) : null;
}

/** A NUL or lone surrogate becomes U+FFFD rather than failing the append. */
function storable(value: string): string {
  return unstorableText(value) ? value.replace(UNSTORABLE_CHARACTERS, '\uFFFD') : value;
}

/**
 * Text as the log may hold it: storable, and with anything that passes the BSN check replaced, so
 * no plain BSN reaches an audit field whichever caller passed it (pseudonymous references are the
 * only way a person is named).
 */
function textOf(value: string): string;
function textOf(value: string | null | undefined): string | null;
function textOf(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return redactBsns(storable(value));
}

function complete(input: AuditInput): AuditRecord {
  return {
    occurredAt: new Date(),
    actorUserId: uuidOf(input.actorUserId),
    actorOrganisationId: uuidOf(input.actorOrganisationId),
    actorRoles: (input.actorRoles ?? []).map((role) => textOf(role)),
    onBehalfOf: textOf(input.onBehalfOf),
    action: textOf(input.action),
    subjectType: textOf(input.subjectType),
    subjectId: textOf(input.subjectId),
    subjectOrganisationId: uuidOf(input.subjectOrganisationId),
    caseId: uuidOf(input.caseId),
    // Pseudonymous by construction (keyed hashes); only made storable.
    personRefs: (input.personRefs ?? []).map(storable),
    purpose: textOf(input.purpose),
    legalBasis: textOf(input.legalBasis),
    outcome: textOf(input.outcome),
    requestId: textOf(input.requestId),
    clientAddress: textOf(input.clientAddress),
  };
}

/**
 * Appends to the hash-chained audit log. One chain per organisation: appends to a chain are
 * serialised by locking its head row, so concurrent writers (in this process or another replica)
 * cannot fork it or leave gaps. Within a process, concurrent `record` calls for one chain are
 * group-committed: one transaction appends the whole batch and every caller waits for that commit.
 */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private readonly queues = new Map<string, Pending[]>();
  private readonly flushing = new Map<string, Promise<void>>();
  /** The head this process last committed per chain, while nothing else it knows of moved it. */
  private readonly heads = new Map<string, ChainHead>();
  private batchSize = 200;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  configure(batchSize: number): void {
    this.batchSize = batchSize;
  }

  /** Resolves once the entry is committed; rejects (and so fails the request) when it is not. */
  record(input: AuditInput): Promise<void> {
    const record = complete(input);
    const chainId = record.actorOrganisationId ?? ANONYMOUS_CHAIN;
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues.get(chainId) ?? [];
      queue.push({ record, resolve, reject });
      this.queues.set(chainId, queue);
      if (!this.flushing.has(chainId)) this.flushing.set(chainId, this.flush(chainId));
    });
  }

  /** Appends inside the caller's transaction, so a write and its audit entry commit together. */
  recordWithin(manager: EntityManager, input: AuditInput): Promise<void> {
    return this.recordManyWithin(manager, [input]);
  }

  /**
   * Many entries inside the caller's transaction, chain by chain in a fixed order, so two callers
   * appending to the same chains cannot deadlock on their heads.
   */
  async recordManyWithin(manager: EntityManager, inputs: AuditInput[]): Promise<void> {
    const byChain = new Map<string, AuditRecord[]>();
    for (const input of inputs) {
      const record = complete(input);
      const chainId = record.actorOrganisationId ?? ANONYMOUS_CHAIN;
      const records = byChain.get(chainId) ?? [];
      records.push(record);
      byChain.set(chainId, records);
    }
    for (const chainId of [...byChain.keys()].sort()) {
      const records = byChain.get(chainId)!;
      // The caller's transaction moves the head if it commits: the next flush reads it again.
      this.heads.delete(chainId);
      try {
        for (let i = 0; i < records.length; i += APPEND_ROWS) {
          await this.append(manager, chainId, records.slice(i, i + APPEND_ROWS));
        }
      } catch (error) {
        throw this.writeFailed(chainId, records.length, error);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.flushing.values()]);
  }

  private async flush(chainId: string): Promise<void> {
    const queue = this.queues.get(chainId);
    try {
      while (queue && queue.length > 0) {
        const batch = queue.splice(0, this.batchSize);
        const records = batch.map((p) => p.record);
        try {
          if (!(await this.appendAfterKnownHead(chainId, records))) {
            const head = await this.dataSource.transaction((manager) => this.append(manager, chainId, records));
            this.heads.set(chainId, head);
          }
          batch.forEach((p) => p.resolve());
        } catch (error) {
          this.heads.delete(chainId);
          const failure = this.writeFailed(chainId, batch.length, error);
          batch.forEach((p) => p.reject(failure));
        }
      }
    } finally {
      // Both in the same tick as the last emptiness check: a `record` arriving after it starts a
      // new flush instead of leaving its entry in a queue nobody drains (it used to hang there).
      this.queues.delete(chainId);
      this.flushing.delete(chainId);
    }
  }

  private writeFailed(chainId: string, entries: number, error: unknown): AuditException {
    this.logger.error({ msg: 'audit append failed', chainId, entries, error: String(error) });
    return new AuditException('audit.write_failed', 'Auditlog niet beschikbaar / audit log unavailable');
  }

  /**
   * The common case in one autocommitted statement instead of a transaction of four: the head moves
   * from the one this process last committed, compared and set in the same statement as the
   * entries are inserted, so both happen or neither. When anything else moved the head meanwhile
   * (another replica, a write's own transaction) nothing is written and false sends the batch the
   * locking way, which reads the head again.
   */
  private async appendAfterKnownHead(chainId: string, records: AuditRecord[]): Promise<boolean> {
    const known = this.heads.get(chainId);
    if (!known || records.length > APPEND_ROWS) return false;
    const { params, rows, head } = chained(chainId, known, records, true);
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
    if (rowCount !== records.length) return false;
    this.heads.set(chainId, head);
    return true;
  }

  private async append(manager: EntityManager, chainId: string, records: AuditRecord[]): Promise<ChainHead> {
    // Upsert-and-return locks the head row for the rest of the transaction in one round trip.
    const [locked] = (await manager.query(
      `INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash) VALUES ($1, 0, $2)
       ON CONFLICT (chain_id) DO UPDATE SET chain_id = EXCLUDED.chain_id
       RETURNING last_seq, last_hash`,
      [chainId, GENESIS_HASH],
    )) as { last_seq: string; last_hash: string }[];
    const { params, rows, head } = chained(
      chainId,
      { seq: BigInt(locked.last_seq), hash: locked.last_hash },
      records,
      false,
    );
    params.push(chainId, head.seq.toString(), head.hash);
    const n = params.length;
    await manager.query(
      `WITH appended AS (INSERT INTO audit_entries (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')})
       UPDATE audit_chain_heads SET last_seq = $${n - 1}, last_hash = $${n} WHERE chain_id = $${n - 2}`,
      params,
    );
    return head;
  }
}

interface ChainHead {
  seq: bigint;
  hash: string;
}

/**
 * The records as rows after `from`, each hashed over the one before: their parameters, one
 * placeholder tuple per row (typed when `typed`, for a VALUES list), and the new head.
 */
function chained(chainId: string, from: ChainHead, records: AuditRecord[], typed: boolean) {
  let seq = from.seq;
  let prevHash = from.hash;
  const params: unknown[] = [];
  const rows: string[] = [];
  for (const record of records) {
    seq += 1n;
    const hash = hashEntry(chainId, seq, record, prevHash);
    const base = params.length;
    params.push(
      chainId,
      seq.toString(),
      record.occurredAt,
      record.actorUserId,
      record.actorOrganisationId,
      record.actorRoles,
      record.onBehalfOf,
      record.action,
      record.subjectType,
      record.subjectId,
      record.subjectOrganisationId,
      record.caseId,
      record.personRefs,
      record.purpose,
      record.legalBasis,
      record.outcome,
      record.requestId,
      record.clientAddress,
      prevHash,
      hash,
    );
    rows.push(
      `(${COLUMNS.map((column, i) => `$${base + i + 1}${typed ? `::${COLUMN_TYPES[column]}` : ''}`).join(', ')})`,
    );
    prevHash = hash;
  }
  return { params, rows, head: { seq, hash: prevHash } };
}
