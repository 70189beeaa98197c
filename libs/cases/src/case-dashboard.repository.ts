import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseReach } from '@vt/access';
import type { IsoDate } from '@vt/deadlines';
import { DataSource } from 'typeorm';

export interface RegisseurCaseloadRow {
  user_id: string;
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

// The Amsterdam calendar day of an instant, as the statute counts days.
const LOCAL_DAY = (column: string) => `(${column} AT TIME ZONE 'Europe/Amsterdam')::date`;

// Risk levels from the highest: the waiting list's first key, as its index has it.
const RISK_RANK = (column: string) => `array_position(ARRAY['critical','high','elevated','low']::text[], ${column})`;

/**
 * The dashboard's figures of cases, each an aggregate over an index range (migrations
 * DeadlineDashboard and RiskAssessments). The cases read are those of the reach's 'Dashboard' rule:
 * the cases the caller's organisation holds regie over.
 */
@Injectable()
export class CaseDashboardRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Per regisseur of `regisseurIds` with any: the open cases they are regisseur of, and how many of
   * those have a breached term or one due by `atRiskBy`. A regisseur without open cases is absent.
   */
  caseload(reach: CaseReach, regisseurIds: string[], atRiskBy: Date): Promise<RegisseurCaseloadRow[]> {
    const params: unknown[] = [regisseurIds, atRiskBy];
    const live = (condition: string) =>
      `EXISTS (SELECT 1 FROM deadline_terms d WHERE d.case_id = c.id AND ${condition})`;
    return this.dataSource.query(
      `SELECT c.regisseur_user_id AS user_id, count(*)::int AS cases,
              count(*) FILTER (WHERE ${live(`d.status = 'breached'`)})::int AS breached,
              count(*) FILTER (WHERE ${live(`d.status = 'open' AND d.due_at <= $2`)})::int AS at_risk
         FROM cases c
        WHERE c.regisseur_user_id = ANY($1::uuid[]) AND ${reach.sql('read', 'Dashboard', 'c', params)}
          AND c.phase <> 'closed'
        GROUP BY c.regisseur_user_id`,
      params,
    );
  }

  /**
   * Open reports without a regisseur: the first `limit` by risk, then longest waiting (with their
   * waiting time in working days to `today`, and their persons), and how many there are.
   */
  async waitingList(reach: CaseReach, today: IsoDate, limit: number): Promise<{ items: WaitingRow[]; total: number }> {
    const params: unknown[] = [];
    const waiting = `${reach.sql('read', 'Dashboard', 'c', params)} AND c.regisseur_user_id IS NULL AND c.phase <> 'closed'`;
    // One round trip: the list in the order of cases_waiting_list_risk_idx (migration
    // RiskAssessments), the persons of its rows only, and the count of all waiting as a subquery
    // planned once, under the same condition and snapshot (no rows listed means none waiting).
    const rows = (await this.dataSource.query(
      `SELECT w.*, coalesce(ps.persons, '[]') AS persons,
              (SELECT count(*)::int FROM cases c WHERE ${waiting}) AS total
         FROM (SELECT c.id, c.reference, c.received_at, c.acute, c.risk_level, c.reassessment_due,
                      working_days_between(${LOCAL_DAY('c.received_at')}, $${params.push(today)}::date) AS waiting
                 FROM cases c
                WHERE ${waiting}
                ORDER BY ${RISK_RANK('c.risk_level')}, c.received_at, c.id
                LIMIT $${params.push(limit)}) w
         LEFT JOIN LATERAL (
           SELECT json_agg(json_build_object('role', cp.role, 'firstName', p.first_name, 'lastName', p.last_name)
                    ORDER BY array_position(ARRAY['victim','child','suspect','other']::text[], cp.role),
                             p.last_name, p.first_name) AS persons
             FROM case_persons cp JOIN persons p ON p.id = cp.person_id
            WHERE cp.case_id = w.id) ps ON TRUE
        ORDER BY ${RISK_RANK('w.risk_level')}, w.received_at, w.id`,
      params,
    )) as (WaitingRow & { total: number })[];
    // The rows as they came (each also carrying the total): the service picks its fields anyway.
    return { items: rows, total: rows[0]?.total ?? 0 };
  }
}
