import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DeadlineTerm, RECEIVING_ONLY_DEADLINE_KINDS } from '@vt/deadlines';
import {
  Brackets,
  DataSource,
  EntityTarget,
  FindOptionsOrder,
  FindOptionsWhere,
  In,
  SelectQueryBuilder,
} from 'typeorm';
import { Case, Phase } from './case.entity';
import { DataCategory } from './case-partner.entity';
import { CaseEvent } from './case-record.entity';
import { NUMBERING_ORGANISATIONS } from './case.repository';
import { CASE_ALIAS, PARTNER_ALIAS } from './case-store';
import { Person } from './person.entity';

export type CaseListSort = 'urgency' | 'risk';

/** Three integers, all ascending, that order a sorted list; the cursor is the last row's three. */
export type SortKeys = [string, string, string];

/** The work queue's filters and page, decided and decoded by CaseQueryService. */
export interface WorkQueueQuery {
  phase?: Phase;
  /** One regisseur's cases, or the waiting list (`none`). */
  regisseur?: { userId: string } | 'none';
  deadline?: 'open' | 'at_risk' | 'breached';
  sort?: CaseListSort;
  limit: number;
  /** Newest first: the page after this sequence number. */
  beforeSeq?: string;
  /** A computed order: the page after these keys. */
  afterKeys?: SortKeys;
  /** Open terms due by then are at risk. */
  atRisk: Date;
}

type PageDeadline = Pick<
  DeadlineTerm,
  'id' | 'kind' | 'subjectId' | 'startsAt' | 'dueAt' | 'status' | 'completedAt' | 'lateWorkingDays' | 'breachedAt'
>;

export interface WorkQueueRow {
  id: string;
  seq: string;
  reference: string;
  phase: Phase;
  acute: boolean;
  received_at: Date;
  organisation_id: string;
  regie_organisation_id: string;
  regisseur_user_id: string | null;
  risk_level: Case['riskLevel'];
  categories: DataCategory[];
  deadlines: PageDeadline[];
  persons: { role: string; firstName: string; lastName: string }[];
  k1?: string;
  k2?: string;
  k3?: string;
}

/** The last key of both orders, ascending: the newest case first among equals. */
const NEWEST_FIRST = `-${CASE_ALIAS}.seq`;

/** An instant as microseconds since 1970, what PostgreSQL stores: no row skipped or repeated at a page edge. */
const micros = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint`;

/** A timestamp as JSON.stringify writes a Date, for rows built as JSON in SQL. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The work queue page's deadlines (as the case view's deadlineView shapes them), earliest due first, per row `page`. */
const PAGE_DEADLINES = `SELECT json_agg(json_build_object(
    'id', d.id, 'kind', d.kind, 'subjectId', d.subject_id, 'startsAt', ${iso('d.starts_at')},
    'dueAt', ${iso('d.due_at')}, 'status', d.status, 'completedAt', ${iso('d.completed_at')},
    'lateWorkingDays', d.late_working_days, 'breachedAt', ${iso('d.breached_at')}) ORDER BY d.due_at) AS deadlines
  FROM deadline_terms d WHERE d.case_id = page.id AND d.status <> 'cancelled'`;

/** The page's persons by name and role, victims first, per row `page`. */
const PAGE_PERSONS = `SELECT json_agg(json_build_object('role', cp.role, 'firstName', p.first_name,
    'lastName', p.last_name)
    ORDER BY array_position(ARRAY['victim','child','suspect','other']::text[], cp.role), p.last_name, p.first_name)
    AS persons
  FROM case_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = page.id`;

/**
 * Reads of cases for the case view, its timeline, the work queue and the radar. The queue and the
 * radar take the caller's reach for their conditions; the rows of one case are read on a case the
 * caller's membership already found (CaseStore), on the manager of that read.
 */
@Injectable()
export class CaseQueryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** For a read outside a transaction: the pool's handle, to pass on as is. */
  get manager(): Transaction {
    return transactionOf(this.dataSource.manager);
  }

  caseById(transaction: Transaction, id: string): Promise<Case> {
    const manager = managerOf(transaction);
    return manager.getRepository(Case).findOneByOrFail({ id });
  }

  /** The rows of one case in a table of the case view, in this order. */
  ofCase<T extends { caseId: string }>(
    transaction: Transaction,
    entity: EntityTarget<T>,
    caseId: string,
    order?: FindOptionsOrder<T>,
  ): Promise<T[]> {
    const manager = managerOf(transaction);
    return manager.getRepository(entity).find({ where: { caseId } as FindOptionsWhere<T>, order });
  }

  persons(transaction: Transaction, ids: string[]): Promise<Person[]> {
    const manager = managerOf(transaction);
    return manager.getRepository(Person).findBy({ id: In(ids) });
  }

  /** How many cases the radar links to this one, either way. */
  async linkCount(transaction: Transaction, caseId: string): Promise<number> {
    const manager = managerOf(transaction);
    const rows = (await manager.query(
      `SELECT count(*)::int AS n FROM case_links WHERE case_id = $1 OR related_case_id = $1`,
      [caseId],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  }

  /** The case's timeline, oldest first. */
  events(transaction: Transaction, caseId: string): Promise<CaseEvent[]> {
    const manager = managerOf(transaction);
    return manager.getRepository(CaseEvent).find({ where: { caseId }, order: { id: 'ASC' } });
  }

  /**
   * The cases the radar links to this one, either way, that the reach's `read_related` rule covers
   * (the receiving organisation's), latest received first, and whether either was reported on
   * while the other was being followed up after closing.
   */
  related(reach: CaseReach, transaction: Transaction, caseId: string) {
    const manager = managerOf(transaction);
    const params: unknown[] = [caseId];
    return manager.query(
      `SELECT c.id, c.reference, c.phase, c.received_at, c.closed_at, l.reason,
              EXISTS (SELECT 1 FROM follow_up_reports f
                       WHERE (f.case_id = $1 AND f.closed_case_id = c.id)
                          OR (f.case_id = c.id AND f.closed_case_id = $1)) AS during_follow_up
         FROM (SELECT related_case_id AS id, reason FROM case_links WHERE case_id = $1
               UNION SELECT case_id, reason FROM case_links WHERE related_case_id = $1) l
         JOIN cases c ON c.id = l.id
        WHERE ${reach.sql('read_related', 'Case', 'c', params)}
        ORDER BY c.received_at DESC`,
      params,
    ) as Promise<
      {
        id: string;
        reference: string;
        phase: string;
        received_at: Date;
        closed_at: Date | null;
        reason: string;
        during_follow_up: boolean;
      }[]
    >;
  }

  /** The organisation that received the case, if the reach covers it. */
  async receivingOrganisationOf(reach: CaseReach, caseId: string): Promise<string | null> {
    const cases = this.dataSource.getRepository(Case);
    const found = await cases
      .createQueryBuilder(CASE_ALIAS)
      .select(`${CASE_ALIAS}.organisationId`, 'organisationId')
      .where(`${CASE_ALIAS}.id = :caseId`, { caseId })
      .andWhere(reach.where('read', 'Case', CASE_ALIAS, cases.metadata))
      .getRawOne<{ organisationId: string }>();
    return found?.organisationId ?? null;
  }

  /** The ids of the cases the reach covers that carry `reference` (each organisation numbers its own). */
  async idsByReference(reach: CaseReach, reference: string): Promise<string[]> {
    const cases = this.dataSource.getRepository(Case);
    const rows = await cases
      .createQueryBuilder(CASE_ALIAS)
      .select(`${CASE_ALIAS}.id`, 'id')
      // Through the organisations that number cases: one probe of the (organisation, reference) key
      // each, where the reference alone would scan every case.
      .where(`${CASE_ALIAS}.organisationId IN (${NUMBERING_ORGANISATIONS})`)
      .andWhere(`${CASE_ALIAS}.reference = :reference`, { reference })
      .andWhere(reach.where('read', 'Case', CASE_ALIAS, cases.metadata))
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /**
   * A page of the work queue, from `qb` (the cases the caller's membership shows, as `c` and
   * `partner`): newest first, keyset-paged by the case's sequence number; or by a computed order
   * (`sort`), keyset-paged by its keys. One more row than `limit` tells there is a next page.
   */
  async workQueue(reach: CaseReach, qb: SelectQueryBuilder<Case>, query: WorkQueueQuery): Promise<WorkQueueRow[]> {
    if (query.phase) qb.andWhere(`${CASE_ALIAS}.phase = :phase`, { phase: query.phase });
    const regisseur = typeof query.regisseur === 'object' ? query.regisseur : undefined;
    if (regisseur) qb.andWhere(`${CASE_ALIAS}.regisseurUserId = :regisseur`, { regisseur: regisseur.userId });
    if (query.regisseur === 'none') {
      qb.andWhere(`${CASE_ALIAS}.regisseurUserId IS NULL AND ${CASE_ALIAS}.phase <> 'closed'`);
      // The waiting list is the regie organisation's: the `Deadline` rule, on the case's regie column.
      qb.andWhere(reach.where('read', 'Deadline', CASE_ALIAS, this.dataSource.getRepository(Case).metadata));
    }
    if (query.deadline) qb.andWhere(this.deadlineCondition(query.deadline, query.atRisk));
    // Both columns hold the case's sequence number; the planner cannot know that, so the one whose
    // index leads the query orders it: one regisseur's cases from the regisseur index, the rest from
    // the partner index.
    const order = regisseur ? `${CASE_ALIAS}.seq` : `${PARTNER_ALIAS}.caseSeq`;
    if (query.beforeSeq !== undefined) qb.andWhere(`${order} < :cursor`, { cursor: query.beforeSeq });
    // Raw rows, and the page's deadlines folded into the same statement: no entity hydration and no
    // second round trip on the busiest read. The inner query pages; the deadlines join only its rows.
    qb.select(`${CASE_ALIAS}.id`, 'id')
      .addSelect(`${CASE_ALIAS}.seq`, 'seq')
      .addSelect(`${CASE_ALIAS}.reference`, 'reference')
      .addSelect(`${CASE_ALIAS}.phase`, 'phase')
      .addSelect(`${CASE_ALIAS}.acute`, 'acute')
      .addSelect(`${CASE_ALIAS}.received_at`, 'received_at')
      .addSelect(`${CASE_ALIAS}.organisation_id`, 'organisation_id')
      .addSelect(`${CASE_ALIAS}.regie_organisation_id`, 'regie_organisation_id')
      .addSelect(`${CASE_ALIAS}.regisseur_user_id`, 'regisseur_user_id')
      .addSelect(`${CASE_ALIAS}.risk_level`, 'risk_level')
      .addSelect(`${PARTNER_ALIAS}.categories`, 'categories');
    const sorted = query.sort ? this.sortKeys(qb, query.sort, reach, query.atRisk) : undefined;
    if (sorted) sorted.forEach((key, i) => qb.addSelect(key, `k${i + 1}`));
    else qb.orderBy(order, 'DESC').limit(query.limit + 1);
    const [inner, parameters] = qb.getQueryAndParameters();
    const param = (value: unknown) => `$${parameters.push(value)}`;
    // A computed order pages in a middle query: the keys exist only once the inner one has run.
    const paged = sorted
      ? `SELECT q.* FROM (${inner}) q
          ${
            query.afterKeys
              ? `WHERE (q.k1, q.k2, q.k3) > (${query.afterKeys.map((k) => `${param(k)}::bigint`).join(', ')})`
              : ''
          }
          ORDER BY q.k1, q.k2, q.k3 LIMIT ${param(query.limit + 1)}`
      : inner;
    return (await this.dataSource.query(
      `SELECT page.*, coalesce(dl.deadlines, '[]') AS deadlines, coalesce(ps.persons, '[]') AS persons
         FROM (${paged}) page
         LEFT JOIN LATERAL (${PAGE_DEADLINES}) dl ON TRUE
         LEFT JOIN LATERAL (${PAGE_PERSONS}) ps ON TRUE
        ORDER BY ${sorted ? 'page.k1, page.k2, page.k3' : 'page.seq DESC'}`,
      parameters,
    )) as WorkQueueRow[];
  }

  /**
   * The three ascending keys of a computed order, as SQL over the case row, with their parameters
   * set on `qb`. Urgency counts only the terms the caller sees (receiving-only kinds at the receiving
   * organisation), so the order tells nothing the row does not show.
   */
  private sortKeys(qb: SelectQueryBuilder<Case>, sort: CaseListSort, reach: CaseReach, atRisk: Date): SortKeys {
    if (sort === 'risk') {
      return [
        `coalesce(array_position(ARRAY['critical','high','elevated','low']::text[], ${CASE_ALIAS}.risk_level::text), 5)`,
        micros(`${CASE_ALIAS}.received_at`),
        NEWEST_FIRST,
      ];
    }
    qb.setParameters({
      sortOwn: reach.organisationId,
      sortKinds: RECEIVING_ONLY_DEADLINE_KINDS,
      sortAtRisk: atRisk,
    });
    const seen = (select: string, condition: string) =>
      `SELECT ${select} FROM deadline_terms d WHERE d.case_id = ${CASE_ALIAS}.id AND ${condition}
          AND (d.kind <> ALL(CAST(:sortKinds AS text[])) OR ${CASE_ALIAS}.organisation_id = :sortOwn)`;
    return [
      `CASE WHEN EXISTS (${seen('1', `d.status = 'breached'`)}) THEN 0
            WHEN EXISTS (${seen('1', `d.status = 'open' AND d.due_at <= :sortAtRisk`)}) THEN 1
            WHEN EXISTS (${seen('1', `d.status = 'open'`)}) THEN 2 ELSE 3 END`,
      // No live term: after every case that has one.
      `coalesce((${seen(micros('min(d.due_at)'), `d.status IN ('open', 'breached')`)}), 9223372036854775807)`,
      NEWEST_FIRST,
    ];
  }

  private deadlineCondition(kind: 'open' | 'at_risk' | 'breached', atRisk: Date): Brackets {
    return new Brackets((qb) => {
      // Correlated on the partner row that drives the scan, so each candidate is one index probe.
      const exists = (condition: string) =>
        `EXISTS (SELECT 1 FROM deadline_terms d WHERE d.case_id = ${PARTNER_ALIAS}.case_id AND ${condition})`;
      if (kind === 'breached') qb.where(exists(`d.status = 'breached'`));
      else if (kind === 'open') qb.where(exists(`d.status = 'open'`));
      else qb.where(exists(`d.status = 'open' AND d.due_at <= :atRisk`), { atRisk });
    });
  }
}
