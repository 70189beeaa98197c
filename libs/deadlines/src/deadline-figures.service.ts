import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { CommonException } from '@vt/common';
import { addCalendarDays, amsterdamDate, IsoDate, startOfAmsterdamDay } from './amsterdam-time';
import { DeadlineFiguresRepository, LeadTimeRow } from './deadline-figures.repository';
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
 * The supervisor's figures of the organisation's deadlines: counts and lead times, for the
 * dashboard (which the cases context composes with its waiting list and caseload) and the
 * lead-time export. The organisation's share is the terms of the cases it holds regie over (the
 * reach's 'Dashboard' rule; for lead times: held when the term was completed); every figure is an
 * aggregate in SQL.
 */
@Injectable()
export class DeadlineFiguresService {
  constructor(
    private readonly repository: DeadlineFiguresRepository,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** The counts at `now`, and the lead times of the Amsterdam month of `now` and the eleven before it. */
  async dashboardFigures(reach: CaseReach, now: Date): Promise<DeadlineDashboardFigures> {
    const lastMonth = amsterdamDate(now).slice(0, 7);
    const firstMonth = addMonths(lastMonth, 1 - DASHBOARD_MONTHS);
    const [counts, leadTimes] = await Promise.all([
      this.counts(reach, now),
      this.leadTimes(reach, firstMonth, lastMonth),
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
    const rows = await this.repository.leadTimes(reach, from, addCalendarDays(to, 1));
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
  private async counts(reach: CaseReach, now: Date): Promise<DeadlineCounts> {
    const rows = await this.repository.counts(reach, this.deadlines.atRiskThreshold(now));
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

  private async leadTimes(reach: CaseReach, firstMonth: string, lastMonth: string) {
    const rows = await this.repository.leadTimes(reach, `${firstMonth}-01`, `${addMonths(lastMonth, 1)}-01`);
    const result = {} as DeadlineDashboardFigures['leadTimes'];
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
}
