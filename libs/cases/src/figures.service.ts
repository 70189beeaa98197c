import { Inject, Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Clock, CLOCK, CommonException } from '@vt/common';
import {
  amsterdamDate,
  DeadlineFiguresService,
  isIsoDate,
  IsoDate,
  LeadTimeFigures,
  leadTimesIn,
  startOfAmsterdamDay,
} from '@vt/deadlines';
import { FiguresRepository, KeyedCount } from './figures.repository';
import { PROTECTIVE_MEASURE_TYPES } from './protective-measure.entity';

/** A request spans at most three years, so one call cannot ask for an unbounded scan. */
export const MAX_FIGURE_QUARTERS = 12;
/** Without a range: the current quarter and the seven before it, as the dashboard's chart shows. */
export const DEFAULT_FIGURE_QUARTERS = 8;

/** A statutory term's figures in a quarter, as the dashboard and the lead-time export count them. */
export type TermFigures = LeadTimeFigures;

export interface QuarterFigures {
  quarter: string;
  from: Date;
  to: Date;
  adviceRequests: number;
  reports: {
    total: number;
    byViolenceType: Record<string, number>;
    byReporterKind: Record<string, number>;
    withChildren: number;
  };
  safetyAssessments: TermFigures;
  investigations: TermFigures;
  closedCases: number;
  repeatReports: number;
  protectiveMeasures: {
    /** Restraining orders (huisverboden) imposed in the quarter. */
    restrainingOrders: number;
    /** Other protective measures started in the quarter, per type. */
    byType: Record<string, number>;
  };
}

// Quarters are Amsterdam calendar quarters ('2026-Q4'), the statute's days.
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/** A quarter as its number since year 0, for arithmetic. */
const index = (quarter: string) => Number(quarter.slice(0, 4)) * 4 + Number(quarter.slice(6)) - 1;
const label = (n: number) => `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
const firstDay = (n: number): IsoDate => `${Math.floor(n / 4)}-${String((n % 4) * 3 + 1).padStart(2, '0')}-01`;
const firstDayOf = (quarter: string) => firstDay(index(quarter));

function invalid(field: string, message: string): CommonException {
  return new CommonException('common.validation', 'Ongeldige invoer / invalid input', [{ field, message }]);
}

/** '2026-Q3' or a day ('2026-08-14', its quarter) → quarter number; 400 naming the field otherwise. */
function quarterOf(field: string, value: string): number {
  const quarter = /^[0-9]{4}-Q[1-4]$/.test(value)
    ? index(value)
    : isIsoDate(value)
      ? index(`${value.slice(0, 4)}-Q${Math.floor((Number(value.slice(5, 7)) - 1) / 3) + 1}`)
      : null;
  if (quarter === null) throw invalid(field, 'geen kwartaal (2026-Q3) of datum (2026-08-14) / not a quarter or date');
  // Years the calendar arithmetic can hold, with room for the quarter after `to`.
  if (quarter < index(`${MIN_YEAR}-Q1`) || quarter > index(`${MAX_YEAR}-Q4`)) {
    throw invalid(
      field,
      `een kwartaal tussen ${MIN_YEAR} en ${MAX_YEAR} / a quarter between ${MIN_YEAR} and ${MAX_YEAR}`,
    );
  }
  return quarter;
}

/**
 * Kwartaalcijfers (docs/figures.md): per quarter, for the reports an organisation received, counted
 * in SQL from the same rows as the cases (reports, cases, advice requests, orders and measures).
 * Lives with the cases, whose tables it reads; the terms' lead times are the deadlines context's,
 * read under the same `Figures` rule.
 */
@Injectable()
export class FiguresService {
  constructor(
    private readonly repository: FiguresRepository,
    private readonly deadlineFigures: DeadlineFiguresService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The quarters asked for: both ends included, at most MAX_FIGURE_QUARTERS. */
  range(from?: string, to?: string): { first: number; last: number } {
    const current = quarterOf('to', amsterdamDate(this.clock.now()));
    const last = to !== undefined ? quarterOf('to', to) : current;
    const first = from !== undefined ? quarterOf('from', from) : last - (DEFAULT_FIGURE_QUARTERS - 1);
    if (first > last) throw invalid('to', 'niet vóór from / not before from');
    if (last - first + 1 > MAX_FIGURE_QUARTERS) {
      throw invalid(
        'to',
        `hoogstens ${MAX_FIGURE_QUARTERS} kwartalen (3 jaar) / at most ${MAX_FIGURE_QUARTERS} quarters`,
      );
    }
    return { first, last };
  }

  /** The figures of the caller's organisation: the reach's `Figures` rule picks its rows. */
  async figures(reach: CaseReach, from?: string, to?: string) {
    const { first, last } = this.range(from, to);
    const ranges = [];
    for (let n = first; n <= last; n++) {
      ranges.push({
        label: label(n),
        from: startOfAmsterdamDay(firstDay(n)),
        to: startOfAmsterdamDay(firstDay(n + 1)),
      });
    }
    const rows = await this.rows(reach, ranges);
    const quarters: QuarterFigures[] = [];
    for (let n = first; n <= last; n++) {
      const q = label(n);
      const of = <T extends { q: string }>(list: T[]) => list.filter((row) => row.q === q);
      const reports = of(rows.reports)[0];
      quarters.push({
        quarter: q,
        from: ranges[n - first].from,
        to: ranges[n - first].to,
        adviceRequests: of(rows.advice)[0]?.n ?? 0,
        reports: {
          total: reports?.n ?? 0,
          byViolenceType: Object.fromEntries(of(rows.violence).map((r) => [r.key, r.n])),
          byReporterKind: Object.fromEntries(of(rows.kinds).map((r) => [r.key, r.n])),
          withChildren: reports?.children ?? 0,
        },
        safetyAssessments: leadTimesIn(rows.terms, 'safety_assessment', q),
        investigations: leadTimesIn(rows.terms, 'investigation', q),
        closedCases: of(rows.closed)[0]?.n ?? 0,
        repeatReports: of(rows.repeats)[0]?.n ?? 0,
        protectiveMeasures: {
          restrainingOrders: of(rows.orders)[0]?.n ?? 0,
          byType: Object.fromEntries(of(rows.measures).map((r) => [r.key, r.n])),
        },
      });
    }
    return { organisationId: reach.organisationId, from: label(first), to: label(last), quarters };
  }

  /**
   * The figures as CSV for a Dutch spreadsheet: semicolons and decimal commas, a row per quarter,
   * one column per violence type that occurs in the range and one per type of protective measure.
   */
  async csv(reach: CaseReach, from?: string, to?: string): Promise<string> {
    const { quarters } = await this.figures(reach, from, to);
    const types = [...new Set(quarters.flatMap((q) => Object.keys(q.reports.byViolenceType)))].sort();
    const decimal = (n: number | null, digits: number) => (n === null ? '' : n.toFixed(digits).replace('.', ','));
    const term = (prefix: string) => [
      `${prefix}_afgerond`,
      `${prefix}_binnen_termijn`,
      `${prefix}_aandeel_binnen_termijn`,
      `${prefix}_mediaan_werkdagen`,
    ];
    const header = [
      'kwartaal',
      'adviesvragen',
      'meldingen',
      'meldingen_professional',
      'meldingen_burger',
      'meldingen_politie',
      'meldingen_met_kinderen',
      ...types.map((type) => `meldingen_${type}`),
      ...term('veiligheidsbeoordeling'),
      ...term('onderzoek'),
      'afgesloten_casussen',
      'herhaalde_meldingen_12_maanden',
      'huisverboden',
      ...PROTECTIVE_MEASURE_TYPES.map((type) => `beschermingsmaatregelen_${type}`),
    ];
    const termCells = (t: TermFigures) => [
      t.completed,
      t.withinTerm,
      decimal(t.withinTermShare, 3),
      decimal(t.medianWorkingDays, 1),
    ];
    const lines = [header.join(';')];
    for (const q of quarters) {
      lines.push(
        [
          q.quarter,
          q.adviceRequests,
          q.reports.total,
          q.reports.byReporterKind.professional ?? 0,
          q.reports.byReporterKind.citizen ?? 0,
          q.reports.byReporterKind.police ?? 0,
          q.reports.withChildren,
          ...types.map((type) => q.reports.byViolenceType[type] ?? 0),
          ...termCells(q.safetyAssessments),
          ...termCells(q.investigations),
          q.closedCases,
          q.repeatReports,
          q.protectiveMeasures.restrainingOrders,
          ...PROTECTIVE_MEASURE_TYPES.map((type) => q.protectiveMeasures.byType[type] ?? 0),
        ].join(';'),
      );
    }
    // A byte order mark, so Excel reads the file as UTF-8.
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  /**
   * Each figure one aggregate per quarter (FiguresRepository), the terms per quarter of completion
   * from the deadlines context; the report groups summed here.
   */
  private async rows(reach: CaseReach, quarters: { label: string; from: Date; to: Date }[]) {
    const [{ advice, groups, closed, repeats, orders, measures }, terms] = await Promise.all([
      this.repository.quarterRows(reach, quarters),
      this.deadlineFigures.leadTimes(
        reach,
        'Figures',
        'quarter',
        firstDayOf(quarters[0].label),
        firstDayOf(label(index(quarters[quarters.length - 1].label) + 1)),
      ),
    ]);
    const reports = new Map<string, { n: number; children: number }>();
    const kinds = new Map<string, KeyedCount>();
    const violence = new Map<string, KeyedCount>();
    const add = (into: Map<string, KeyedCount>, q: string, key: string, n: number) => {
      const row = into.get(`${q} ${key}`) ?? { q, key, n: 0 };
      row.n += n;
      into.set(`${q} ${key}`, row);
    };
    for (const g of groups) {
      const total = reports.get(g.q) ?? { n: 0, children: 0 };
      total.n += g.n;
      if (g.children) total.children += g.n;
      reports.set(g.q, total);
      add(kinds, g.q, g.kind, g.n);
      for (const type of new Set(g.types)) add(violence, g.q, type, g.n);
    }
    return {
      advice,
      reports: [...reports].map(([q, total]) => ({ q, ...total })),
      kinds: [...kinds.values()],
      violence: [...violence.values()],
      terms,
      closed,
      repeats,
      orders,
      measures,
    };
  }
}
