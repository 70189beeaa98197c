import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseReach } from '@vt/access';
import { DeadlineKind, DeadlineStatus, RECEIVING_ONLY_DEADLINE_KINDS } from '@vt/deadlines';
import { DataSource } from 'typeorm';

export interface DeadlineListRow {
  id: string;
  case_id: string;
  reference: string;
  kind: DeadlineKind;
  subject_id: string | null;
  starts_at: Date;
  due_at: Date;
  /** The due time in microseconds since the epoch, as PostgreSQL stores it. */
  due_us: string;
  status: DeadlineStatus;
  completed_at: Date | null;
  late_working_days: number | null;
  breached_at: Date | null;
}

export interface DeadlineListQuery {
  status?: DeadlineStatus;
  kind?: DeadlineKind;
  dueBefore?: Date;
  /** Only open deadlines due by this instant. */
  openDueBy?: Date;
  /** Only deadlines after this one in (due_at, id) order. */
  after?: { dueMicros: string; id: string };
  limit: number;
}

/** The deadline list: deadlines with their case's reference, in (due_at, id) order. */
@Injectable()
export class DeadlineListRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  page(reach: CaseReach, query: DeadlineListQuery): Promise<DeadlineListRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = [
      // The ability's rule for 'Deadline' (regieOrganisationId = own) on the case.
      reach.sql('read', 'Deadline', 'c', params),
      // A receiving-only term is listed only to the organisation that received the case.
      `(d.kind <> ALL(${param(RECEIVING_ONLY_DEADLINE_KINDS)}::text[]) OR c.organisation_id = ${param(reach.organisationId)})`,
    ];
    if (query.status) where.push(`d.status = ${param(query.status)}`);
    if (query.kind) where.push(`d.kind = ${param(query.kind)}`);
    if (query.dueBefore) where.push(`d.due_at < ${param(query.dueBefore)}`);
    if (query.openDueBy) where.push(`d.status = 'open' AND d.due_at <= ${param(query.openDueBy)}`);
    if (query.after) {
      const { dueMicros, id } = query.after;
      where.push(
        `(d.due_at, d.id) > (timestamptz 'epoch' + ${param(dueMicros)}::bigint * interval '1 microsecond', ${param(id)}::uuid)`,
      );
    }
    const limit = param(query.limit);
    return this.dataSource.query(
      `SELECT d.id, d.case_id, c.reference, d.kind, d.subject_id, d.starts_at, d.due_at,
              (extract(epoch FROM d.due_at) * 1000000)::bigint AS due_us, d.status, d.completed_at,
              d.late_working_days, d.breached_at
         FROM deadline_terms d JOIN cases c ON c.id = d.case_id
        WHERE ${where.join(' AND ')}
        ORDER BY d.due_at, d.id
        LIMIT ${limit}`,
      params,
    );
  }
}
