import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, CLOCK, CommonException, Principal } from '@vt/common';
import { DataSource } from 'typeorm';
import { DeadlineKind, DeadlineStatus, RECEIVING_ONLY_DEADLINE_KINDS } from './deadline.entity';
import { DeadlinesService } from './deadlines.service';

export interface DeadlineListFilter {
  status?: DeadlineStatus;
  kind?: DeadlineKind;
  dueBefore?: Date;
  /** Open and due by the at-risk threshold: what the dashboard counts as "bijna verlopen". */
  atRisk?: boolean;
  limit: number;
  cursor?: string;
}

interface Row {
  id: string;
  case_id: string;
  reference: string;
  kind: DeadlineKind;
  subject_id: string | null;
  starts_at: Date;
  due_at: Date;
  due_us: string;
  status: DeadlineStatus;
  completed_at: Date | null;
  late_working_days: number | null;
  breached_at: Date | null;
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(principal: Principal, filter: DeadlineListFilter) {
    // The ability's rule for 'Deadline' (regieOrganisationId = own), as the join condition.
    const params: unknown[] = [principal.organisationId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = [
      'c.regie_organisation_id = $1',
      `(d.kind <> ALL(${param(RECEIVING_ONLY_DEADLINE_KINDS)}::text[]) OR c.organisation_id = $1)`,
    ];
    if (filter.status) where.push(`d.status = ${param(filter.status)}`);
    if (filter.kind) where.push(`d.kind = ${param(filter.kind)}`);
    if (filter.dueBefore) where.push(`d.due_at < ${param(filter.dueBefore)}`);
    if (filter.atRisk) {
      where.push(`d.status = 'open' AND d.due_at <= ${param(this.deadlines.atRiskThreshold(this.clock.now()))}`);
    }
    if (filter.cursor) {
      const { dueMicros, id } = decodeCursor(filter.cursor);
      where.push(
        `(d.due_at, d.id) > (timestamptz 'epoch' + ${param(dueMicros)}::bigint * interval '1 microsecond', ${param(id)}::uuid)`,
      );
    }
    const limit = param(filter.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT d.id, d.case_id, c.reference, d.kind, d.subject_id, d.starts_at, d.due_at,
              (extract(epoch FROM d.due_at) * 1000000)::bigint AS due_us, d.status, d.completed_at,
              d.late_working_days, d.breached_at
         FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE ${where.join(' AND ')}
        ORDER BY d.due_at, d.id
        LIMIT ${limit}`,
      params,
    )) as Row[];
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
