import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { decodeSeqCursor, encodeSeqCursor } from '@vt/common';
import { Brackets, Repository } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import { AuditException } from './audit.exception';

export interface AuditSearch {
  caseId?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const AUDIT_ALIAS = 'entry';

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
  async search(filter: AuditSearch, access: Brackets): Promise<Page<AuditEntry>> {
    const qb = this.entries.createQueryBuilder(AUDIT_ALIAS).where(access);
    if (filter.caseId) qb.andWhere('entry.caseId = :caseId', { caseId: filter.caseId });
    if (filter.actorUserId) qb.andWhere('entry.actorUserId = :actorUserId', { actorUserId: filter.actorUserId });
    if (filter.from) qb.andWhere('entry.occurredAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('entry.occurredAt < :to', { to: filter.to });
    if (filter.cursor) qb.andWhere('entry.id < :cursorId', { cursorId: decodeCursor(filter.cursor) });
    const rows = await qb
      .orderBy('entry.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > filter.limit && last ? encodeSeqCursor(String(last.id)) : null,
    };
  }
}
