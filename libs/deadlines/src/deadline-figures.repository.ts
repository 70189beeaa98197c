import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseReach } from '@vt/access';
import { DataSource } from 'typeorm';
import type { IsoDate } from './amsterdam-time';
import { DeadlineKind } from './deadline.entity';

export interface CountRow {
  status: 'open' | 'breached';
  kind: DeadlineKind;
  n: number;
  /** Of those, due by the at-risk threshold. */
  due: number;
}

export interface LeadTimeRow {
  kind: DeadlineKind;
  month: string | null;
  completed: number;
  within_term: number;
  median: number | null;
}

/**
 * The dashboard's figures kept in the deadlines context's own tables, each an aggregate over an
 * index range (migration DashboardFigures): the deadlines read are those of the reach's 'Dashboard'
 * rule, whose regie organisation the deadline carries; the lead times are the caller's own.
 */
@Injectable()
export class DeadlineFiguresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Open and breached deadlines per status and kind, and how many of them are due by `atRiskBy`. */
  counts(reach: CaseReach, atRiskBy: Date): Promise<CountRow[]> {
    // One range of deadlines_regie_live_idx, read without the table (migration DashboardFigures),
    // grouped in the index's order (status, kind) without a hash table. Serially: parallel workers,
    // started for each query, cost more than they save on 100,000 entries (bench/README.md).
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL max_parallel_workers_per_gather = 0');
      const params: unknown[] = [];
      const access = reach.sql('read', 'Dashboard', 'd', params);
      return manager.query(
        `SELECT d.status, d.kind, count(*)::int AS n, count(*) FILTER (WHERE d.due_at <= $${params.push(atRiskBy)})::int AS due
           FROM deadlines d
          WHERE ${access} AND d.status IN ('open', 'breached')
          GROUP BY d.status, d.kind`,
        params,
      );
    });
  }

  /**
   * Statutory terms completed on the Amsterdam days in [from, until), per Amsterdam month of
   * completion and over the whole span (month null): how many, how many on time, and the median
   * working days from start to completion. Read from the histogram that the triggers of migration
   * DashboardFigures keep, credited to the organisation that held regie at completion: per month
   * when the span is whole months (a year is some 700 rows), else per day. The histogram holds no
   * cases, only that organisation's id: the caller's own.
   */
  leadTimes(reach: CaseReach, from: IsoDate, until: IsoDate): Promise<LeadTimeRow[]> {
    const [table, period] =
      from.endsWith('-01') && until.endsWith('-01')
        ? ['lead_times_by_month', 'month']
        : ['lead_times_by_day', 'completed_on'];
    // percentile_cont(0.5) from the bins: the mean of the values at 0-based positions floor((n-1)/2)
    // and floor(n/2), each the first bin whose running count passes the position.
    return this.dataSource.query(
      `WITH bins AS (
         SELECT kind, to_char(${period}, 'YYYY-MM') AS month, working_days,
                sum(completed) AS completed, sum(within_term) AS within_term
           FROM ${table}
          WHERE organisation_id = $1 AND kind IN ('safety_assessment', 'investigation')
            AND ${period} >= $2::date AND ${period} < $3::date AND completed > 0
          GROUP BY GROUPING SETS ((kind, month, working_days), (kind, working_days))),
       running AS (
         SELECT kind, month, working_days, completed, within_term,
                (sum(completed) OVER (PARTITION BY kind, month ORDER BY working_days))::bigint AS upto,
                (sum(completed) OVER (PARTITION BY kind, month))::bigint AS total
           FROM bins)
       SELECT kind, month, sum(completed)::int AS completed, sum(within_term)::int AS within_term,
              ((min(working_days) FILTER (WHERE upto > (total - 1) / 2)
                + min(working_days) FILTER (WHERE upto > total / 2)) / 2.0)::float8 AS median
         FROM running
        GROUP BY kind, month`,
      [reach.organisationId, from, until],
    );
  }
}
