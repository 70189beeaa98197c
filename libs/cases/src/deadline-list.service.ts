import { Inject, Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Clock, CLOCK, CommonException } from '@vt/common';
import { DeadlineKind, DeadlinesService, DeadlineStatus } from '@vt/deadlines';
import { DeadlineListRepository } from './deadline-list.repository';

export interface DeadlineListFilter {
  status?: DeadlineStatus;
  kind?: DeadlineKind;
  dueBefore?: Date;
  /** Open and due by the at-risk threshold: what the dashboard counts as "bijna verlopen". */
  atRisk?: boolean;
  limit: number;
  cursor?: string;
}

/**
 * Keyset cursor over (due_at, id): the due time in microseconds (what PostgreSQL stores, so no row
 * is skipped or repeated at a page edge) and the id, packed into 24 bytes to stay a short string.
 */
function encodeCursor(dueMicros: string, id: string): string {
  const bytes = Buffer.alloc(24);
  bytes.writeBigInt64BE(BigInt(dueMicros));
  Buffer.from(id.replace(/-/g, ''), 'hex').copy(bytes, 8);
  return bytes.toString('base64url');
}

function decodeCursor(cursor: string): { dueMicros: string; id: string } {
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length !== 24 || bytes.toString('base64url') !== cursor) {
    throw new CommonException('common.validation', 'Ongeldige cursor / invalid cursor', [
      { field: 'cursor', message: 'onbekende cursor / unknown cursor' },
    ]);
  }
  const hex = bytes.subarray(8).toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { dueMicros: bytes.readBigInt64BE().toString(), id };
}

/** GET /deadlines: the deadlines of the cases the caller's organisation holds regie over, soonest due first. */
@Injectable()
export class DeadlineListService {
  constructor(
    private readonly rows: DeadlineListRepository,
    private readonly deadlines: DeadlinesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The page of the deadlines in the reach's 'Deadline' rule that match the filter. */
  async list(reach: CaseReach, filter: DeadlineListFilter) {
    const rows = await this.rows.page(reach, {
      status: filter.status,
      kind: filter.kind,
      dueBefore: filter.dueBefore,
      openDueBy: filter.atRisk ? this.deadlines.atRiskThreshold(this.clock.now()) : undefined,
      after: filter.cursor ? decodeCursor(filter.cursor) : undefined,
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        caseReference: r.reference,
        kind: r.kind,
        subjectId: r.subject_id,
        startsAt: r.starts_at,
        dueAt: r.due_at,
        status: r.status,
        completedAt: r.completed_at,
        lateWorkingDays: r.late_working_days,
        breachedAt: r.breached_at,
      })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.due_us, last.id) : null,
    };
  }
}
