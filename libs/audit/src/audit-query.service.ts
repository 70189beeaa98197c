import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { decodeSeqCursor, encodeSeqCursor } from '@vt/common';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import { AuditException } from './audit.exception';

export interface AuditFilter {
  /** Entries about any of these cases; an empty list matches nothing. */
  caseIds?: string[];
  actorUserId?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Positions in one chain, both ends included. */
  chain?: { chainId: string; fromSeq?: string; toSeq?: string };
}

export interface AuditSearch extends AuditFilter {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Who acted, as a privacy officer reads it. */
export interface AuditActor {
  name: string;
  organisationName: string;
}

/**
 * Names of users by id, in one batch (the access context's users); a user that no longer exists
 * is absent. Passed in, as the audit context cannot depend on the access context that writes to it.
 */
export type ActorLookup = (userIds: string[]) => Promise<Map<string, AuditActor>>;

/** An entry with its actor's name; null for an anonymous actor or one that no longer exists. */
export type AuditEntryView = AuditEntry & { actor: AuditActor | null };

export const AUDIT_ALIAS = 'entry';

/** Entries per query of an export. */
const EXPORT_CHUNK = 1000;

/** Keyset cursor over the global entry id, newest first. */
function decodeCursor(cursor: string): string {
  const id = decodeSeqCursor(cursor);
  if (id === null) {
    throw new AuditException('audit.invalid_cursor', 'Ongeldige cursor / invalid cursor', [
      { field: 'cursor', message: 'onbekende cursor / unknown cursor' },
    ]);
  }
  return id;
}

@Injectable()
export class AuditQueryService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  get metadata() {
    return this.entries.metadata;
  }

  /** `access` is the caller's permission as a SQL condition on alias `entry` (see accessibleBy). */
  async search(filter: AuditSearch, access: Brackets, actors: ActorLookup): Promise<Page<AuditEntryView>> {
    const qb = this.filtered(filter, access);
    if (filter.cursor) qb.andWhere('entry.id < :cursorId', { cursorId: decodeCursor(filter.cursor) });
    const rows = await qb
      .orderBy('entry.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return {
      items: await withActors(items, actors),
      nextCursor: rows.length > filter.limit && last ? encodeSeqCursor(String(last.id)) : null,
    };
  }

  /**
   * Every entry the filter and `access` allow, oldest first, one chunk per query, so an export of
   * a year is never held in memory whole. Each chunk is read when the previous one has been used.
   */
  async *chunks(filter: AuditFilter, access: Brackets, actors: ActorLookup): AsyncGenerator<AuditEntryView[]> {
    let after: string | null = null;
    for (;;) {
      const qb = this.filtered(filter, access);
      if (after !== null) qb.andWhere('entry.id > :after', { after });
      const rows = await qb.orderBy('entry.id', 'ASC').limit(EXPORT_CHUNK).getMany();
      if (rows.length === 0) return;
      yield await withActors(rows, actors);
      if (rows.length < EXPORT_CHUNK) return;
      after = rows[rows.length - 1].id;
    }
  }

  private filtered(filter: AuditFilter, access: Brackets): SelectQueryBuilder<AuditEntry> {
    const qb = this.entries.createQueryBuilder(AUDIT_ALIAS).where(access);
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

/** The entries with their actors' names, looked up in one batch for all of them. */
async function withActors(entries: AuditEntry[], actors: ActorLookup): Promise<AuditEntryView[]> {
  const ids = [...new Set(entries.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))];
  const names = ids.length > 0 ? await actors(ids) : new Map<string, AuditActor>();
  return entries.map((e) => Object.assign(e, { actor: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null }));
}
