import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseReach } from '@vt/access';
import { DataSource } from 'typeorm';
import type { IsoDate } from './amsterdam-time';
import { LEAD_TIME_DEADLINE_KINDS, LeadTimeKind } from './deadline-kinds';
import { DeadlineKind } from './deadline.entity';

export interface CountRow {
  status: 'open' | 'breached';
  kind: DeadlineKind;
  n: number;
  /** Of those, due by the at-risk threshold. */
  due: number;
}

/** How lead times are grouped: per Amsterdam month ('2026-10') or quarter ('2026-Q4') of completion. */
export type LeadTimePeriod = 'month' | 'quarter';

/** The reach's rule that picks the lead times: the dashboard's, or the quarterly figures'. */
export type LeadTimeRule = 'Dashboard' | 'Figures';

export interface LeadTimeRow {
  /** One of the kinds the statement reads. */
  kind: LeadTimeKind;
  /** The month or quarter; null for the whole span. */
  period: string | null;
  completed: number;
  within_term: number;
  median: number | null;
}

const PERIOD_FORMAT: Record<LeadTimePeriod, string> = { month: 'YYYY-MM', quarter: 'YYYY-"Q"Q' };

/**
 * The figures kept in the deadlines context's own tables, each an aggregate over an index range
 * (migration DashboardFigures): the deadlines read are those of the reach's 'Dashboard' rule, whose
 * regie organisation the deadline carries; the lead times those of the rule the caller names.
 */
@Injectable()
export class DeadlineFiguresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Open and breached deadlines per status and kind, and how many of them are due by `atRiskBy`. */
  async counts(reach: CaseReach, atRiskBy: Date): Promise<CountRow[]> {
    const params: unknown[] = [];
    const access = reach.sql('read', 'Dashboard', 'd', params);
    // One range of deadlines_regie_live_idx, read without the table (migration DashboardFigures),
    // grouped in the index's order (status, kind) without a hash table. Serially: parallel workers,
    // started for each query, cost more than they save on 100,000 entries (bench/README.md). The
    // transaction and its setting are one round trip, so the dashboard pays three, not four.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('START TRANSACTION READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0');
      const rows = (await runner.query(
        `SELECT d.status, d.kind, count(*)::int AS n, count(*) FILTER (WHERE d.due_at <= $${params.push(atRiskBy)})::int AS due
           FROM deadlines d
          WHERE ${access} AND d.status IN ('open', 'breached')
          GROUP BY d.status, d.kind`,
        params,
      )) as CountRow[];
      await runner.query('COMMIT');
      return rows;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Statutory terms completed on the Amsterdam days in [from, until), per Amsterdam month or
   * quarter of completion and over the whole span (period null): how many, how many on time, and
   * the median working days from start to completion. Read from the histogram that the triggers of
   * migration DashboardFigures keep, credited to the organisation that held regie at completion:
   * per month when the span is whole months (a year is some 700 rows), else per day. The histogram
   * holds no cases, only that organisation's id, which the reach's `rule` matches: the 'Dashboard'
   * rule names it as the regie organisation, the 'Figures' rule as the organisation.
   */
  leadTimes(
    reach: CaseReach,
    rule: LeadTimeRule,
    per: LeadTimePeriod,
    from: IsoDate,
    until: IsoDate,
  ): Promise<LeadTimeRow[]> {
    const [table, day] =
      from.endsWith('-01') && until.endsWith('-01')
        ? ['lead_times_by_month', 'month']
        : ['lead_times_by_day', 'completed_on'];
    const params: unknown[] = [from, until, LEAD_TIME_DEADLINE_KINDS];
    const access = reach.sql('read', rule, 'l', params);
    // The histogram's organisation under both names the rules give it (the planner flattens the
    // subquery, so the condition stays on the primary key's leading column). The median is
    // percentile_cont(0.5) from the bins: the mean of the values at 0-based positions floor((n-1)/2)
    // and floor(n/2), each the first bin whose running count passes the position.
    return this.dataSource.query(
      `WITH bins AS (
         SELECT kind, to_char(${day}, '${PERIOD_FORMAT[per]}') AS period, working_days,
                sum(completed) AS completed, sum(within_term) AS within_term
           FROM (SELECT *, organisation_id AS regie_organisation_id FROM ${table}) l
          WHERE ${access} AND kind = ANY($3::text[])
            AND ${day} >= $1::date AND ${day} < $2::date AND completed > 0
          GROUP BY GROUPING SETS ((kind, period, working_days), (kind, working_days))),
       running AS (
         SELECT kind, period, working_days, completed, within_term,
                (sum(completed) OVER (PARTITION BY kind, period ORDER BY working_days))::bigint AS upto,
                (sum(completed) OVER (PARTITION BY kind, period))::bigint AS total
           FROM bins)
       SELECT kind, period, sum(completed)::int AS completed, sum(within_term)::int AS within_term,
              ((min(working_days) FILTER (WHERE upto > (total - 1) / 2)
                + min(working_days) FILTER (WHERE upto > total / 2)) / 2.0)::float8 AS median
         FROM running
        GROUP BY kind, period`,
      params,
    );
  }
}
