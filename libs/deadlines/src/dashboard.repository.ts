import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseReach } from '@vt/access';
import { DataSource } from 'typeorm';
import { IsoDate } from './amsterdam-time';
import { DeadlineKind } from './deadline.entity';

export interface CountRow {
  status: 'open' | 'breached';
  kind: DeadlineKind;
  n: number;
  /** Of those, due by the at-risk threshold. */
  due: number;
}

export interface CaseloadRow {
  id: string;
  name: string;
  cases: number;
  breached: number;
  at_risk: number;
}

export interface WaitingRow {
  id: string;
  reference: string;
  received_at: Date;
  acute: boolean;
  risk_level: string;
  reassessment_due: boolean;
  waiting: number;
  /** Victims first, then by name. */
  persons: { role: string; firstName: string; lastName: string }[];
}

export interface LeadTimeRow {
  kind: DeadlineKind;
  month: string | null;
  completed: number;
  within_term: number;
  median: number | null;
}

// Amsterdam calendar days of instants, for terms and months as the statute counts them.
const LOCAL_DAY = (column: string) => `(${column} AT TIME ZONE 'Europe/Amsterdam')::date`;

// Risk levels from the highest: the waiting list's first key, as its index has it.
const RISK_RANK = (column: string) => `array_position(ARRAY['critical','high','elevated','low']::text[], ${column})`;

/**
 * The dashboard's figures, each an aggregate over an index range (migrations DeadlineDashboard and
 * DashboardFigures). The deadlines and cases read are those of the reach's 'Dashboard' rule: the
 * cases the caller's organisation holds regie over.
 */
@Injectable()
export class DashboardRepository {
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
   * Per active worker of the caller's organisation with a case role: the open cases they are
   * regisseur of, and how many of those have a breached term or one due by `atRiskBy`.
   */
  caseload(reach: CaseReach, atRiskBy: Date): Promise<CaseloadRow[]> {
    const params: unknown[] = [reach.organisationId, atRiskBy];
    const live = (condition: string) => `EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND ${condition})`;
    return this.dataSource.query(
      `SELECT u.id, u.name, count(c.id)::int AS cases,
              count(c.id) FILTER (WHERE ${live(`d.status = 'breached'`)})::int AS breached,
              count(c.id) FILTER (WHERE ${live(`d.status = 'open' AND d.due_at <= $2`)})::int AS at_risk
         FROM users u
         LEFT JOIN cases c
           ON c.regisseur_user_id = u.id AND ${reach.sql('read', 'Dashboard', 'c', params)} AND c.phase <> 'closed'
        WHERE u.organisation_id = $1 AND u.active AND u.roles && ARRAY['caseworker', 'supervisor']::text[]
        GROUP BY u.id, u.name
        ORDER BY count(c.id) DESC, u.name, u.id`,
      params,
    );
  }

  /**
   * Open reports without a regisseur: the first `limit` by risk, then longest waiting (with their
   * waiting time in working days to `today`, and their persons), and how many there are.
   */
  async waitingList(reach: CaseReach, today: IsoDate, limit: number): Promise<{ items: WaitingRow[]; total: number }> {
    const listed: unknown[] = [];
    const listedAccess = reach.sql('read', 'Dashboard', 'c', listed);
    const counted: unknown[] = [];
    const [items, [{ total }]] = (await Promise.all([
      // The list in the order of cases_waiting_list_risk_idx (migration RiskAssessments), and the
      // persons of its rows only, joined in the same statement: one round trip.
      this.dataSource.query(
        `SELECT w.*, coalesce(ps.persons, '[]') AS persons
           FROM (SELECT c.id, c.reference, c.received_at, c.acute, c.risk_level, c.reassessment_due,
                        working_days_between(${LOCAL_DAY('c.received_at')}, $${listed.push(today)}::date) AS waiting
                   FROM cases c
                  WHERE ${listedAccess} AND c.regisseur_user_id IS NULL AND c.phase <> 'closed'
                  ORDER BY ${RISK_RANK('c.risk_level')}, c.received_at, c.id
                  LIMIT $${listed.push(limit)}) w
           LEFT JOIN LATERAL (
             SELECT json_agg(json_build_object('role', cp.role, 'firstName', p.first_name, 'lastName', p.last_name)
                      ORDER BY array_position(ARRAY['victim','child','suspect','other']::text[], cp.role),
                               p.last_name, p.first_name) AS persons
               FROM case_persons cp JOIN persons p ON p.id = cp.person_id
              WHERE cp.case_id = w.id) ps ON TRUE
          ORDER BY ${RISK_RANK('w.risk_level')}, w.received_at, w.id`,
        listed,
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM cases c
          WHERE ${reach.sql('read', 'Dashboard', 'c', counted)} AND c.regisseur_user_id IS NULL AND c.phase <> 'closed'`,
        counted,
      ),
    ])) as [WaitingRow[], { total: number }[]];
    return { items, total };
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
