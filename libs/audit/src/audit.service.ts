import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { canonicalUuid, redactBsns, UNSTORABLE_CHARACTERS, unstorableText } from '@vt/common';
import type { Transaction } from '@vt/database';
import { AuditException } from './audit.exception';
import { APPEND_ROWS, AuditEntriesRepository, ChainedRecord, ChainPosition } from './audit-entries.repository';
import { ANONYMOUS_CHAIN, AuditRecord, hashEntry } from './audit-hash';

export type AuditInput = Partial<Omit<AuditRecord, 'occurredAt' | 'action' | 'subjectType' | 'outcome'>> &
  Pick<AuditRecord, 'action' | 'subjectType' | 'outcome'>;

interface Pending {
  record: AuditRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

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
  private readonly heads = new Map<string, ChainPosition>();
  private batchSize = 200;

  constructor(private readonly entries: AuditEntriesRepository) {}

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
  recordWithin(manager: Transaction, input: AuditInput): Promise<void> {
    return this.recordManyWithin(manager, [input]);
  }

  /**
   * Many entries inside the caller's transaction, chain by chain in a fixed order, so two callers
   * appending to the same chains cannot deadlock on their heads.
   */
  async recordManyWithin(manager: Transaction, inputs: AuditInput[]): Promise<void> {
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
            const head = await this.entries.transaction((manager) => this.append(manager, chainId, records));
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
    const { entries, head } = chained(chainId, known, records);
    if (!(await this.entries.insertIfHeadAt(chainId, known, entries, head))) return false;
    this.heads.set(chainId, head);
    return true;
  }

  private async append(manager: Transaction, chainId: string, records: AuditRecord[]): Promise<ChainPosition> {
    const { entries, head } = chained(chainId, await this.entries.lockHead(manager, chainId), records);
    await this.entries.insert(manager, chainId, entries, head);
    return head;
  }
}

/** The records as entries after `from`, each hashed over the one before, and the new head. */
function chained(
  chainId: string,
  from: ChainPosition,
  records: AuditRecord[],
): { entries: ChainedRecord[]; head: ChainPosition } {
  let seq = from.seq;
  let prevHash = from.hash;
  const entries: ChainedRecord[] = [];
  for (const record of records) {
    seq += 1n;
    const hash = hashEntry(chainId, seq, record, prevHash);
    entries.push({ seq, record, prevHash, hash });
    prevHash = hash;
  }
  return { entries, head: { seq, hash: prevHash } };
}
