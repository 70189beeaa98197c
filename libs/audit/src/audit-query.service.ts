import { Injectable } from '@nestjs/common';
import { decodeSeqCursor, encodeSeqCursor } from '@vt/common';
import type { Brackets, EntityMetadata } from 'typeorm';
import { AuditEntriesRepository } from './audit-entries.repository';
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

/**
 * The caller's permission to read entries, as a condition on the query: the access context's
 * CaseReach is one (the audit context cannot depend on the access context, which writes to it).
 */
export interface AuditReach {
  where(action: 'read', type: 'AuditEntry', alias: string, metadata: EntityMetadata): Brackets;
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
  constructor(private readonly entries: AuditEntriesRepository) {}

  /** The entries the caller's reach allows, newest first. */
  async search(reach: AuditReach, filter: AuditSearch, actors: ActorLookup): Promise<Page<AuditEntryView>> {
    const before = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const rows = await this.entries.newestFirst(reach, filter, filter.limit + 1, before);
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return {
      items: await withActors(items, actors),
      nextCursor: rows.length > filter.limit && last ? encodeSeqCursor(String(last.id)) : null,
    };
  }

  /**
   * Every entry the filter and the reach allow, oldest first, one chunk per query, so an export of
   * a year is never held in memory whole. Each chunk is read when the previous one has been used.
   */
  async *chunks(reach: AuditReach, filter: AuditFilter, actors: ActorLookup): AsyncGenerator<AuditEntryView[]> {
    let after: string | null = null;
    for (;;) {
      const rows = await this.entries.oldestFirst(reach, filter, EXPORT_CHUNK, after);
      if (rows.length === 0) return;
      yield await withActors(rows, actors);
      if (rows.length < EXPORT_CHUNK) return;
      after = rows[rows.length - 1].id;
    }
  }
}

/** The entries with their actors' names, looked up in one batch for all of them. */
async function withActors(entries: AuditEntry[], actors: ActorLookup): Promise<AuditEntryView[]> {
  const ids = [...new Set(entries.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))];
  const names = ids.length > 0 ? await actors(ids) : new Map<string, AuditActor>();
  return entries.map((e) => Object.assign(e, { actor: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null }));
}
