import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { DataSource } from 'typeorm';

export type QuarterCount = { q: string; n: number };
export type KeyedCount = QuarterCount & { key: string };

/**
 * The quarterly figures' counts over the organisation's reports, cases, advice requests, orders
 * and measures; the lead times come from the deadlines context (DeadlineFiguresService). The
 * organisation is the reach's: its `Figures` rule (the organisation's own rows) is each
 * statement's condition on the same indexed columns.
 */
@Injectable()
export class FiguresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Each figure one aggregate per quarter over an index range of the organisation's rows: the
   * quarters are joined as ranges, so rows are counted where the index has them rather than each
   * converted to a local date.
   */
  async quarterRows(reach: CaseReach, quarters: { label: string; from: Date; to: Date }[]) {
    const inQuarter = (column: string) => `${column} >= q.starts AND ${column} < q.ends`;
    const Q = `WITH q AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS q(label, starts, ends))`;
    /** A statement over the quarters; `own(alias)` is the reach's condition on that alias. */
    const query = <T>(sql: (own: (alias: string) => string) => string) => {
      const values: unknown[] = [quarters.map((q) => q.label), quarters.map((q) => q.from), quarters.map((q) => q.to)];
      const text = sql((alias) => reach.sql('read', 'Figures', alias, values));
      return this.dataSource.query(text, values) as Promise<T[]>;
    };
    const [advice, groups, closed, repeats, orders, measures] = await Promise.all([
      query<QuarterCount>(
        (own) => `${Q} SELECT q.label AS q, count(*)::int AS n FROM q
           JOIN advice_requests a ON ${own('a')} AND ${inQuarter('a.asked_at')} GROUP BY 1`,
      ),
      // Every report figure from one pass over the covering index: the reports grouped by what they
      // are counted by, a few dozen groups per quarter. With children: the report's case has a
      // child among its persons (cases.has_child, kept by a trigger on case_persons).
      query<QuarterCount & { kind: string; types: string[]; children: boolean }>(
        (own) => `${Q} SELECT q.label AS q, r.reporter_kind AS kind, r.violence_types AS types,
                r.case_id IN (SELECT c.id FROM cases c WHERE ${own('c')} AND c.has_child) AS children,
                count(*)::int AS n
           FROM q JOIN reports r ON ${own('r')} AND ${inQuarter('r.received_at')} GROUP BY 1, 2, 3, 4`,
      ),
      query<QuarterCount>(
        (own) => `${Q} SELECT q.label AS q, count(*)::int AS n FROM q
           JOIN cases c ON ${own('c')} AND ${inQuarter('c.closed_at')} GROUP BY 1`,
      ),
      // Cases received in the quarter that the radar flagged: same victim and suspect reported
      // within the 12 months before (IntakeService).
      query<QuarterCount>(
        (own) => `${Q} SELECT q.label AS q, count(*)::int AS n FROM q
           JOIN cases c ON ${own('c')} AND ${inQuarter('c.received_at')} AND c.repeat_within_12_months
          GROUP BY 1`,
      ),
      // Orders and measures in the organisation's cases, by when they took effect (not when recorded).
      query<QuarterCount>(
        (own) => `${Q} SELECT q.label AS q, count(*)::int AS n FROM q
           JOIN restraining_orders o ON ${inQuarter('o.imposed_at')}
           JOIN cases c ON c.id = o.case_id AND ${own('c')} GROUP BY 1`,
      ),
      query<KeyedCount>(
        (own) => `${Q} SELECT q.label AS q, m.type AS key, count(*)::int AS n FROM q
           JOIN protective_measures m ON ${inQuarter('m.starts_at')}
           JOIN cases c ON c.id = m.case_id AND ${own('c')} GROUP BY 1, 2`,
      ),
    ]);
    return { advice, groups, closed, repeats, orders, measures };
  }
}
