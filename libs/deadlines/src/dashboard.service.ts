import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, CLOCK, CommonException } from '@vt/common';
import { DataSource } from 'typeorm';
import { addCalendarDays, amsterdamDate, IsoDate, startOfAmsterdamDay } from './amsterdam-time';
import { DEADLINE_KINDS, DeadlineKind } from './deadline.entity';
import { DeadlinesService } from './deadlines.service';

/** The statutory terms whose lead times are reported, with their name in the export. */
export const LEAD_TIME_KINDS = {
  safetyAssessment: { kind: 'safety_assessment', dutch: 'veiligheidsbeoordeling' },
  investigation: { kind: 'investigation', dutch: 'onderzoek' },
} as const;
type LeadTimeKey = keyof typeof LEAD_TIME_KINDS;

/** The dashboard shows the current month and the eleven before it. */
const DASHBOARD_MONTHS = 12;
/** The longest waiting reports are listed; the total is counted. */
export const WAITING_LIST_LIMIT = 200;
/** An export spans at most ten years, so one request cannot ask for an unbounded file. */
const MAX_EXPORT_MONTHS = 120;

export interface Counts {
  open: number;
  atRisk: number;
  breached: number;
}

export interface LeadTimeFigures {
  completed: number;
  withinTerm: number;
  /** Share of the completed terms met on time, 0 to 1; null when nothing was completed. */
  withinTermShare: number | null;
  /** Median working days from start to completion; null when nothing was completed. */
  medianWorkingDays: number | null;
}

export interface MonthFigures extends LeadTimeFigures {
  month: string;
}

interface LeadTimeRow {
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

interface WaitingRow {
  id: string;
  reference: string;
  received_at: Date;
  acute: boolean;
  risk_level: string;
  reassessment_due: boolean;
  waiting: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The month ('YYYY-MM') n months after this one. */
function addMonths(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + m - 1 + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** 'YYYY-MM' months from `first` to `last`, both included. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1)) months.push(month);
  return months;
}

function figures(row: LeadTimeRow | undefined): LeadTimeFigures {
  const completed = row?.completed ?? 0;
  const withinTerm = row?.within_term ?? 0;
  return {
    completed,
    withinTerm,
    withinTermShare: completed > 0 ? withinTerm / completed : null,
    medianWorkingDays: row?.median ?? null,
  };
}

function invalid(field: string, message: string): CommonException {
  return new CommonException('common.validation', 'Ongeldige invoer / invalid input', [{ field, message }]);
}

/**
 * The supervisor's view of the organisation's deadlines: counts, the waiting list and lead times.
 * The organisation's share is the cases it holds regie over (for lead times: held when the term was
 * completed); every figure is an aggregate in SQL over an index range (migrations DeadlineDashboard
 * and DashboardFigures).
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async dashboard(organisationId: string) {
    const now = this.clock.now();
    const today = amsterdamDate(now);
    const lastMonth = today.slice(0, 7);
    const firstMonth = addMonths(lastMonth, 1 - DASHBOARD_MONTHS);
    const [counts, waiting, leadTimes, caseload] = await Promise.all([
      this.counts(organisationId, now),
      this.waitingList(organisationId, today),
      this.leadTimes(organisationId, firstMonth, lastMonth),
      this.caseload(organisationId, now),
    ]);
    return { ...counts, ...waiting, leadTimes, caseload };
  }

  /**
   * Per worker of the organisation (active, with a case role): the open cases they are regisseur
   * of, and how many of those have a breached term or one at risk. Busiest first, so a supervisor
   * sees whom to relieve before whom to give the next report.
   */
  private async caseload(organisationId: string, now: Date) {
    const live = (condition: string) => `EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND ${condition})`;
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.name, count(c.id)::int AS cases,
              count(c.id) FILTER (WHERE ${live(`d.status = 'breached'`)})::int AS breached,
              count(c.id) FILTER (WHERE ${live(`d.status = 'open' AND d.due_at <= $2`)})::int AS at_risk
         FROM users u
         LEFT JOIN cases c
           ON c.regisseur_user_id = u.id AND c.regie_organisation_id = $1 AND c.phase <> 'closed'
        WHERE u.organisation_id = $1 AND u.active AND u.roles && ARRAY['caseworker', 'supervisor']::text[]
        GROUP BY u.id, u.name
        ORDER BY count(c.id) DESC, u.name, u.id`,
      [organisationId, this.deadlines.atRiskThreshold(now)],
    )) as { id: string; name: string; cases: number; breached: number; at_risk: number }[];
    return rows.map((r) => ({
      userId: r.id,
      name: r.name,
      cases: r.cases,
      withBreached: r.breached,
      withAtRisk: r.at_risk,
    }));
  }

  /** Lead times per month and kind between two Amsterdam days (both included), as CSV rows. */
  async leadTimesCsv(organisationId: string, from: IsoDate, to: IsoDate): Promise<string> {
    if (from > to) throw invalid('to', 'niet vóór from / not before from');
    for (const [field, day] of [
      ['from', from],
      ['to', to],
    ]) {
      if (!this.deadlines.covers(startOfAmsterdamDay(day))) {
        throw invalid(field, 'buiten de werkdagenkalender / outside the working-day calendar');
      }
    }
    const months = monthsBetween(from.slice(0, 7), to.slice(0, 7));
    if (months.length > MAX_EXPORT_MONTHS) {
      throw invalid('to', `hoogstens ${MAX_EXPORT_MONTHS} maanden / at most ${MAX_EXPORT_MONTHS} months`);
    }
    const rows = await this.leadTimeRows(organisationId, from, addCalendarDays(to, 1));
    // Semicolons and decimal commas: what a Dutch spreadsheet opens as columns and numbers.
    const decimal = (n: number | null, digits: number) => (n === null ? '' : n.toFixed(digits).replace('.', ','));
    const lines = ['maand;termijn;afgerond;binnen_termijn;aandeel_binnen_termijn;mediaan_werkdagen'];
    for (const month of months) {
      for (const { kind, dutch } of Object.values(LEAD_TIME_KINDS)) {
        const f = figures(rows.find((r) => r.kind === kind && r.month === month));
        lines.push(
          [
            month,
            dutch,
            f.completed,
            f.withinTerm,
            decimal(f.withinTermShare, 3),
            decimal(f.medianWorkingDays, 1),
          ].join(';'),
        );
      }
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  /** Open, at risk (open and due by the at-risk threshold) and breached, in total and per kind. */
  private async counts(organisationId: string, now: Date) {
    // One range of deadlines_regie_live_idx, read without the table (migration DashboardFigures),
    // grouped in the index's order (status, kind) without a hash table. Serially: parallel workers,
    // started for each query, cost more than they save on 100,000 entries (bench/README.md).
    const rows = (await this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL max_parallel_workers_per_gather = 0');
      return manager.query(
        `SELECT d.status, d.kind, count(*)::int AS n, count(*) FILTER (WHERE d.due_at <= $2)::int AS due
           FROM deadlines d
          WHERE d.regie_organisation_id = $1 AND d.status IN ('open', 'breached')
          GROUP BY d.status, d.kind`,
        [organisationId, this.deadlines.atRiskThreshold(now)],
      );
    })) as { status: 'open' | 'breached'; kind: DeadlineKind; n: number; due: number }[];
    const byKind = Object.fromEntries(
      DEADLINE_KINDS.map((kind) => {
        const open = rows.find((r) => r.kind === kind && r.status === 'open');
        const breached = rows.find((r) => r.kind === kind && r.status === 'breached');
        return [kind, { open: open?.n ?? 0, atRisk: open?.due ?? 0, breached: breached?.n ?? 0 }];
      }),
    ) as Record<DeadlineKind, Counts>;
    const total = (key: keyof Counts) => Object.values(byKind).reduce((sum, counts) => sum + counts[key], 0);
    // Each pending approval has one live term (kind approval): its count is theirs.
    const pendingApprovals = byKind.approval.open + byKind.approval.breached;
    return { open: total('open'), atRisk: total('atRisk'), breached: total('breached'), byKind, pendingApprovals };
  }

  /**
   * Reports without a regisseur, highest risk first, then longest waiting, with their waiting time
   * in working days, their risk and their persons. Only supervisors read the dashboard, and every
   * case on it is one their organisation holds regie over, which sees all of it.
   */
  private async waitingList(organisationId: string, today: IsoDate) {
    const [items, [{ total }]] = (await Promise.all([
      // In the order of cases_waiting_list_risk_idx (migration RiskAssessments).
      this.dataSource.query(
        `SELECT c.id, c.reference, c.received_at, c.acute, c.risk_level, c.reassessment_due,
                working_days_between(${LOCAL_DAY('c.received_at')}, $2::date) AS waiting
           FROM cases c
          WHERE c.regie_organisation_id = $1 AND c.regisseur_user_id IS NULL AND c.phase <> 'closed'
          ORDER BY ${RISK_RANK('c.risk_level')}, c.received_at, c.id
          LIMIT $3`,
        [organisationId, today, WAITING_LIST_LIMIT],
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM cases c
          WHERE c.regie_organisation_id = $1 AND c.regisseur_user_id IS NULL AND c.phase <> 'closed'`,
        [organisationId],
      ),
    ])) as [WaitingRow[], { total: number }[]];
    const persons = (await this.dataSource.query(
      `SELECT cp.case_id, cp.role, p.first_name, p.last_name
         FROM case_persons cp JOIN persons p ON p.id = cp.person_id
        WHERE cp.case_id = ANY($1::uuid[])
        ORDER BY array_position(ARRAY['victim','child','suspect','other']::text[], cp.role), p.last_name, p.first_name`,
      [items.map((r) => r.id)],
    )) as { case_id: string; role: string; first_name: string; last_name: string }[];
    return {
      waitingList: items.map((r) => ({
        caseId: r.id,
        reference: r.reference,
        receivedAt: r.received_at,
        acute: r.acute,
        riskLevel: r.risk_level,
        reassessmentDue: r.reassessment_due,
        waitingWorkingDays: r.waiting,
        persons: persons
          .filter((p) => p.case_id === r.id)
          .map((p) => ({ role: p.role, firstName: p.first_name, lastName: p.last_name })),
      })),
      waitingListTotal: total,
    };
  }

  private async leadTimes(organisationId: string, firstMonth: string, lastMonth: string) {
    const rows = await this.leadTimeRows(organisationId, `${firstMonth}-01`, `${addMonths(lastMonth, 1)}-01`);
    const result = {} as Record<LeadTimeKey, LeadTimeFigures & { months: MonthFigures[] }>;
    for (const [key, { kind }] of Object.entries(LEAD_TIME_KINDS) as [LeadTimeKey, { kind: DeadlineKind }][]) {
      const total = figures(rows.find((r) => r.kind === kind && r.month === null));
      result[key] = {
        months: monthsBetween(firstMonth, lastMonth).map((month) => ({
          month,
          ...figures(rows.find((r) => r.kind === kind && r.month === month)),
        })),
        ...total,
      };
    }
    return result;
  }

  /**
   * Statutory terms completed on the Amsterdam days in [from, until), per Amsterdam month of
   * completion and over the whole span (month null): how many, how many on time, and the median
   * working days from start to completion. Read from the histogram that the triggers of migration
   * DashboardFigures keep, credited to the organisation that held regie at completion: per month
   * when the span is whole months (a year is some 700 rows), else per day.
   */
  private async leadTimeRows(organisationId: string, from: IsoDate, until: IsoDate): Promise<LeadTimeRow[]> {
    const [table, period] =
      from.endsWith('-01') && until.endsWith('-01')
        ? ['lead_times_by_month', 'month']
        : ['lead_times_by_day', 'completed_on'];
    // percentile_cont(0.5) from the bins: the mean of the values at 0-based positions floor((n-1)/2)
    // and floor(n/2), each the first bin whose running count passes the position.
    return (await this.dataSource.query(
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
      [organisationId, from, until],
    )) as LeadTimeRow[];
  }
}
