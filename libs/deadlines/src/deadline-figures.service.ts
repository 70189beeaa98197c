import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { CommonException } from '@vt/common';
import { addCalendarDays, IsoDate, startOfAmsterdamDay } from './amsterdam-time';
import { DeadlineFiguresRepository, LeadTimePeriod, LeadTimeRow, LeadTimeRule } from './deadline-figures.repository';
import { LEAD_TIME_DEADLINE_KINDS, LeadTimeKind } from './deadline-kinds';
import { DEADLINE_KINDS, DeadlineKind } from './deadline.entity';
import { DeadlinesService } from './deadlines.service';

/** Each term whose lead times are reported, under its key on the dashboard and its name in the export. */
const LEAD_TIME_NAMES = {
  safety_assessment: { key: 'safetyAssessment', dutch: 'veiligheidsbeoordeling' },
  investigation: { key: 'investigation', dutch: 'onderzoek' },
} as const satisfies Record<LeadTimeKind, { key: string; dutch: string }>;
type LeadTimeKey = (typeof LEAD_TIME_NAMES)[LeadTimeKind]['key'];

export type { LeadTimeKind, LeadTimePeriod, LeadTimeRule };

/** The dashboard shows the current month and the eleven before it. */
const DASHBOARD_MONTHS = 12;
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

/** The lead times of one kind in one period ('2026-10' or '2026-Q4'), or over the whole span (null). */
export interface PeriodLeadTimes extends LeadTimeFigures {
  kind: LeadTimeKind;
  period: string | null;
}

/** The dashboard's counts: open, at risk and breached terms, in total and per kind. */
export interface DeadlineCounts extends Counts {
  byKind: Record<DeadlineKind, Counts>;
  /** Approvals awaiting a decision: each has one live term of kind approval. */
  pendingApprovals: number;
}

/** What the dashboard shows of the deadlines context's own tables. */
export interface DeadlineDashboardFigures {
  counts: DeadlineCounts;
  leadTimes: Record<LeadTimeKey, LeadTimeFigures & { months: MonthFigures[] }>;
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

function fromRow(row: LeadTimeRow): PeriodLeadTimes {
  return {
    kind: row.kind,
    period: row.period,
    completed: row.completed,
    withinTerm: row.within_term,
    withinTermShare: row.completed > 0 ? row.within_term / row.completed : null,
    medianWorkingDays: row.median,
  };
}

/** The figures of `kind` in `period` (null: the whole span) among `rows`; none completed when it has no row. */
export function leadTimesIn(rows: PeriodLeadTimes[], kind: DeadlineKind, period: string | null): LeadTimeFigures {
  const row = rows.find((r) => r.kind === kind && r.period === period);
  return row
    ? {
        completed: row.completed,
        withinTerm: row.withinTerm,
        withinTermShare: row.withinTermShare,
        medianWorkingDays: row.medianWorkingDays,
      }
    : { completed: 0, withinTerm: 0, withinTermShare: null, medianWorkingDays: null };
}

function invalid(field: string, message: string): CommonException {
  return new CommonException('common.validation', 'Ongeldige invoer / invalid input', [{ field, message }]);
}

/**
 * The supervisor's figures of the organisation's deadlines: counts and lead times, for the
 * dashboard (which the cases context composes with its waiting list and caseload), the lead-time
 * export and the quarterly figures (the cases context's, which name their own 'Figures' rule). The
 * organisation's share is the terms of the cases it holds regie over (the reach's 'Dashboard' rule;
 * for lead times: held when the term was completed); every figure is an aggregate in SQL.
 */
@Injectable()
export class DeadlineFiguresService {
  constructor(
    private readonly repository: DeadlineFiguresRepository,
    private readonly deadlines: DeadlinesService,
  ) {}

  /**
   * The counts now (at risk: open and due by `atRiskBy`, the threshold of `atRiskThreshold`), and
   * the lead times of the month of `today` (an Amsterdam day) and the eleven before it.
   */
  async dashboardFigures(reach: CaseReach, today: IsoDate, atRiskBy: Date): Promise<DeadlineDashboardFigures> {
    const lastMonth = today.slice(0, 7);
    const firstMonth = addMonths(lastMonth, 1 - DASHBOARD_MONTHS);
    const [counts, leadTimes] = await Promise.all([
      this.counts(reach, atRiskBy),
      this.monthlyLeadTimes(reach, firstMonth, lastMonth),
    ]);
    return { counts, leadTimes };
  }

  /** Lead times per month and kind between two Amsterdam days (both included), as CSV rows. */
  async leadTimesCsv(reach: CaseReach, from: IsoDate, to: IsoDate): Promise<string> {
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
    const rows = await this.leadTimes(reach, 'Dashboard', 'month', from, addCalendarDays(to, 1));
    // Semicolons and decimal commas: what a Dutch spreadsheet opens as columns and numbers.
    const decimal = (n: number | null, digits: number) => (n === null ? '' : n.toFixed(digits).replace('.', ','));
    const lines = ['maand;termijn;afgerond;binnen_termijn;aandeel_binnen_termijn;mediaan_werkdagen'];
    for (const month of months) {
      for (const kind of LEAD_TIME_DEADLINE_KINDS) {
        const f = leadTimesIn(rows, kind, month);
        lines.push(
          [
            month,
            LEAD_TIME_NAMES[kind].dutch,
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

  /**
   * Statutory terms completed on the Amsterdam days in [from, until), per month or quarter of
   * completion (`per`) and over the whole span (period null), of the organisation the reach's
   * `rule` picks: how many, how many within the term, and the median working days (exact from the
   * histogram's bins, as percentile_cont(0.5)). Only periods with a completion have a row.
   */
  async leadTimes(
    reach: CaseReach,
    rule: LeadTimeRule,
    per: LeadTimePeriod,
    from: IsoDate,
    until: IsoDate,
  ): Promise<PeriodLeadTimes[]> {
    return (await this.repository.leadTimes(reach, rule, per, from, until)).map(fromRow);
  }

  /** Open, at risk (open and due by `atRiskBy`) and breached, in total and per kind. */
  private async counts(reach: CaseReach, atRiskBy: Date): Promise<DeadlineCounts> {
    const rows = await this.repository.counts(reach, atRiskBy);
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

  private async monthlyLeadTimes(reach: CaseReach, firstMonth: string, lastMonth: string) {
    const rows = await this.leadTimes(reach, 'Dashboard', 'month', `${firstMonth}-01`, `${addMonths(lastMonth, 1)}-01`);
    const result = {} as DeadlineDashboardFigures['leadTimes'];
    for (const kind of LEAD_TIME_DEADLINE_KINDS) {
      result[LEAD_TIME_NAMES[kind].key] = {
        months: monthsBetween(firstMonth, lastMonth).map((month) => ({ month, ...leadTimesIn(rows, kind, month) })),
        ...leadTimesIn(rows, kind, null),
      };
    }
    return result;
  }
}
