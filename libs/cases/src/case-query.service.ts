import { Injectable } from '@nestjs/common';
import { AppAbility, CaseReach, Organisation, User } from '@vt/access';
import { decodeSeqCursor, encodeSeqCursor, Principal } from '@vt/common';
import { Deadline, DeadlinesService, RECEIVING_ONLY_DEADLINE_KINDS } from '@vt/deadlines';
import { Brackets, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Approval } from './approval.entity';
import { Case, Phase } from './case.entity';
import { allowedOperations, rowPermissions } from './case-operations';
import { CasePartner, DATA_CATEGORIES, DataCategory } from './case-partner.entity';
import { CaseEvent, CaseNote } from './case-record.entity';
import { CASE_ALIAS, CaseStore, PARTNER_ALIAS } from './case-store';
import { reveals, Sight, sightOf } from './case-sight';
import { CasesException } from './cases.exception';
import { ChildChecksService, isMinor } from './child-checks.service';
import { DataProtection } from './data-protection';
import { FollowUpChecksService } from './follow-up-checks.service';
import { InvestigationExtension, InvestigationSuspension } from './investigation.entity';
import { extensionView, suspensionView } from './investigation.service';
import { CasePerson, Person } from './person.entity';
import { RegieAssignment } from './regie-assignment.entity';
import { Report } from './report.entity';
import { ReporterFeedbackService } from './reporter-feedback.service';
import { ProtectiveMeasure } from './protective-measure.entity';
import { protectiveMeasureView } from './protective-measures.service';
import { RestrainingOrder, RestrainingOrderBreach } from './restraining-order.entity';
import { restrainingOrderView } from './restraining-order.service';
import { CaseAction, Escalation } from './safety-plan.entity';
import { namedIds, timelineChanges, TimelineNames } from './timeline-changes';
import { RegionRadarService } from './region-radar.service';

export interface CaseListFilter {
  phase?: Phase;
  regisseur?: 'me' | 'none';
  deadline?: 'open' | 'at_risk' | 'breached';
  /** `urgency` (my cases only) and `risk` (the waiting list only); newest first without. */
  sort?: CaseListSort;
  limit: number;
  cursor?: string;
}

export type CaseListSort = 'urgency' | 'risk';

/** The list each order is for: computed orders read a bounded list, never every partner case. */
const SORT_SCOPE: Record<CaseListSort, 'me' | 'none'> = { urgency: 'me', risk: 'none' };

/** Three integers, all ascending, that order a sorted list; the cursor is the last row's three. */
type SortKeys = [string, string, string];

const KEYS_CURSOR = /^-?[0-9]{1,19}:-?[0-9]{1,19}:-?[0-9]{1,19}$/;

function decodeKeysCursor(cursor: string): SortKeys {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!KEYS_CURSOR.test(text) || Buffer.from(text).toString('base64url') !== cursor) {
    throw CasesException.invalid('cursor', 'onbekende cursor / unknown cursor');
  }
  return text.split(':') as SortKeys;
}

/** The last key of both orders, ascending: the newest case first among equals. */
const NEWEST_FIRST = `-${CASE_ALIAS}.seq`;

const encodeKeysCursor = (keys: SortKeys) => Buffer.from(keys.join(':')).toString('base64url');

/** An instant as microseconds since 1970, what PostgreSQL stores: no row skipped or repeated at a page edge. */
const micros = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint`;

/** The case view's lists that a write adds to or changes. */
export type WrittenSection =
  | 'actions'
  | 'escalations'
  | 'restrainingOrders'
  | 'orderBreaches'
  | 'protectiveMeasures'
  | 'suspensions'
  | 'extensions'
  | 'notes'
  | 'reports'
  | 'followUpChecks'
  | 'partners'
  | 'childChecks';

const deadlineView = (d: Deadline) => ({
  id: d.id,
  kind: d.kind,
  subjectId: d.subjectId,
  startsAt: d.startsAt,
  dueAt: d.dueAt,
  status: d.status,
  completedAt: d.completedAt,
  lateWorkingDays: d.lateWorkingDays,
  breachedAt: d.breachedAt,
});

/** A deadline of a kind only the receiving organisation sees, or any other. */
const seesDeadline = (sight: Pick<Sight, 'receiving'>, kind: string) =>
  sight.receiving || !(RECEIVING_ONLY_DEADLINE_KINDS as readonly string[]).includes(kind);

/** A timestamp as JSON.stringify writes a Date, for rows built as JSON in SQL. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The work queue page's deadlines (as deadlineView shapes them), earliest due first, per row `page`. */
const PAGE_DEADLINES = `SELECT json_agg(json_build_object(
    'id', d.id, 'kind', d.kind, 'subjectId', d.subject_id, 'startsAt', ${iso('d.starts_at')},
    'dueAt', ${iso('d.due_at')}, 'status', d.status, 'completedAt', ${iso('d.completed_at')},
    'lateWorkingDays', d.late_working_days, 'breachedAt', ${iso('d.breached_at')}) ORDER BY d.due_at) AS deadlines
  FROM deadlines d WHERE d.case_id = page.id AND d.status <> 'cancelled'`;

interface ListRow {
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
  deadlines: ReturnType<typeof deadlineView>[];
  persons: { role: string; firstName: string; lastName: string }[];
  k1?: string;
  k2?: string;
  k3?: string;
}

/** The page's persons by name and role, victims first, per row `page`. */
const PAGE_PERSONS = `SELECT json_agg(json_build_object('role', cp.role, 'firstName', p.first_name,
    'lastName', p.last_name)
    ORDER BY array_position(ARRAY['victim','child','suspect','other']::text[], cp.role), p.last_name, p.first_name)
    AS persons
  FROM case_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = page.id`;

/** What every listing and view of a case starts with: basic category only. */
const summary = (c: Case) => ({
  id: c.id,
  reference: c.reference,
  phase: c.phase,
  acute: c.acute,
  receivedAt: c.receivedAt,
  organisationId: c.organisationId,
  regieOrganisationId: c.regieOrganisationId,
  regisseur: c.regisseurUserId ? { userId: c.regisseurUserId, organisationId: c.regieOrganisationId } : null,
});

function decodeCursor(cursor: string): string {
  const seq = decodeSeqCursor(cursor);
  if (seq === null) throw CasesException.invalid('cursor', 'onbekende cursor / unknown cursor');
  return seq;
}

/** Reads of cases, always through the caller's membership; fields limited to what they may see. */
@Injectable()
export class CaseQueryService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly protection: DataProtection,
    private readonly children: ChildChecksService,
    private readonly feedback: ReporterFeedbackService,
    private readonly followUp: FollowUpChecksService,
    private readonly regions: RegionRadarService,
  ) {}

  async get(principal: Principal, caseId: string, manager = this.store.dataSource.manager) {
    const reach = CaseReach.of(principal);
    const { case: found, membership } = await this.store.read(manager, reach, caseId);
    return this.view(manager, found, sightOf(principal, found, membership), reach.ability);
  }

  /**
   * A write's reply: the written row exactly as this caller's `GET` of the case shows it, so a write
   * never answers more than a read would; only its id when the caller's categories hide the row.
   */
  async written(principal: Principal, caseId: string, section: WrittenSection, id: string) {
    const view = await this.get(principal, caseId);
    const orders = view.restrainingOrders as { breaches: { id: string }[] }[] | undefined;
    // Partners are listed by organisation, a child's check under the child: their key is not `id`.
    const key = section === 'partners' ? 'organisationId' : section === 'childChecks' ? 'personId' : 'id';
    const rows = (
      section === 'suspensions' || section === 'extensions'
        ? (view.investigation as Record<string, unknown> | undefined)?.[section]
        : section === 'orderBreaches'
          ? orders?.flatMap((o) => o.breaches)
          : view[section]
    ) as Record<string, unknown>[] | undefined;
    const row = rows?.find((r) => r[key] === id);
    if (!row) return { [key]: id };
    // The check's reply has always been flat: the child and the check's fields side by side.
    return section === 'childChecks' ? { personId: id, ...(row.check as Record<string, unknown>) } : row;
  }

  /**
   * The work queue: newest first, keyset-paged by the case's sequence number; or my cases by
   * urgency (a breached term first, then one at risk, then the soonest due), or the waiting list by
   * risk (highest first, then longest waiting), keyset-paged by those keys.
   */
  async list(principal: Principal, filter: CaseListFilter) {
    if (filter.sort && filter.regisseur !== SORT_SCOPE[filter.sort]) {
      throw CasesException.invalid(
        'sort',
        `alleen met regisseur=${SORT_SCOPE[filter.sort]} / only with regisseur=${SORT_SCOPE[filter.sort]}`,
      );
    }
    const manager = this.store.dataSource.manager;
    const qb = this.store
      .visibleCases(manager, CaseReach.of(principal))
      .addSelect(`${PARTNER_ALIAS}.categories`, 'categories');
    if (filter.phase) qb.andWhere(`${CASE_ALIAS}.phase = :phase`, { phase: filter.phase });
    if (filter.regisseur === 'me') qb.andWhere(`${CASE_ALIAS}.regisseurUserId = :me`, { me: principal.userId });
    if (filter.regisseur === 'none') {
      qb.andWhere(`${CASE_ALIAS}.regisseurUserId IS NULL AND ${CASE_ALIAS}.phase <> 'closed'`);
      qb.andWhere(`${CASE_ALIAS}.regieOrganisationId = :own`, { own: principal.organisationId });
    }
    if (filter.deadline) qb.andWhere(this.deadlineCondition(filter.deadline));
    // Both columns hold the case's sequence number; the planner cannot know that, so the one whose
    // index leads the query orders it: my cases from the regisseur index, the rest from the partner index.
    const order = filter.regisseur === 'me' ? `${CASE_ALIAS}.seq` : `${PARTNER_ALIAS}.caseSeq`;
    if (filter.cursor && !filter.sort) qb.andWhere(`${order} < :cursor`, { cursor: decodeCursor(filter.cursor) });
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
    const sorted = filter.sort ? this.sortKeys(qb, filter.sort, principal) : undefined;
    if (sorted) sorted.forEach((key, i) => qb.addSelect(key, `k${i + 1}`));
    else qb.orderBy(order, 'DESC').limit(filter.limit + 1);
    const [inner, parameters] = qb.getQueryAndParameters();
    const param = (value: unknown) => `$${parameters.push(value)}`;
    // A computed order pages in a middle query: the keys exist only once the inner one has run.
    const paged = sorted
      ? `SELECT q.* FROM (${inner}) q
          ${
            filter.cursor
              ? `WHERE (q.k1, q.k2, q.k3) > (${decodeKeysCursor(filter.cursor)
                  .map((k) => `${param(k)}::bigint`)
                  .join(', ')})`
              : ''
          }
          ORDER BY q.k1, q.k2, q.k3 LIMIT ${param(filter.limit + 1)}`
      : inner;
    const rows = (await manager.query(
      `SELECT page.*, coalesce(dl.deadlines, '[]') AS deadlines, coalesce(ps.persons, '[]') AS persons
         FROM (${paged}) page
         LEFT JOIN LATERAL (${PAGE_DEADLINES}) dl ON TRUE
         LEFT JOIN LATERAL (${PAGE_PERSONS}) ps ON TRUE
        ORDER BY ${sorted ? 'page.k1, page.k2, page.k3' : 'page.seq DESC'}`,
      parameters,
    )) as ListRow[];
    const page = rows.slice(0, filter.limit);
    const items = page.map((r) => {
      const target = { organisationId: r.organisation_id, regieOrganisationId: r.regie_organisation_id };
      const sight = sightOf(principal, target, r);
      return {
        id: r.id,
        reference: r.reference,
        phase: r.phase,
        acute: r.acute,
        receivedAt: r.received_at,
        organisationId: r.organisation_id,
        regieOrganisationId: r.regie_organisation_id,
        regisseur: r.regisseur_user_id
          ? { userId: r.regisseur_user_id, organisationId: r.regie_organisation_id }
          : null,
        ...(reveals(sight, 'risk') ? { riskLevel: r.risk_level } : {}),
        ...(sight.categories.has('basic') ? { persons: r.persons } : {}),
        deadlines: r.deadlines.filter((d) => seesDeadline(sight, d.kind)),
      };
    });
    const last = page[page.length - 1];
    const more = rows.length > filter.limit && last;
    return {
      items,
      nextCursor: more ? (sorted ? encodeKeysCursor([last.k1!, last.k2!, last.k3!]) : encodeSeqCursor(last.seq)) : null,
    };
  }

  /**
   * The three ascending keys of a computed order, as SQL over the case row, with their parameters
   * set on `qb`. Urgency counts only the terms the caller sees (receiving-only kinds at the receiving
   * organisation), so the order tells nothing the row does not show.
   */
  private sortKeys(qb: SelectQueryBuilder<Case>, sort: CaseListSort, principal: Principal): SortKeys {
    if (sort === 'risk') {
      return [
        `coalesce(array_position(ARRAY['critical','high','elevated','low']::text[], ${CASE_ALIAS}.risk_level::text), 5)`,
        micros(`${CASE_ALIAS}.received_at`),
        NEWEST_FIRST,
      ];
    }
    qb.setParameters({
      sortOwn: principal.organisationId,
      sortKinds: RECEIVING_ONLY_DEADLINE_KINDS,
      sortAtRisk: this.deadlines.atRiskThreshold(this.store.clock.now()),
    });
    const seen = (select: string, condition: string) =>
      `SELECT ${select} FROM deadlines d WHERE d.case_id = ${CASE_ALIAS}.id AND ${condition}
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

  private deadlineCondition(kind: 'open' | 'at_risk' | 'breached'): Brackets {
    return new Brackets((qb) => {
      // Correlated on the partner row that drives the scan, so each candidate is one index probe.
      const exists = (condition: string) =>
        `EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = ${PARTNER_ALIAS}.case_id AND ${condition})`;
      if (kind === 'breached') qb.where(exists(`d.status = 'breached'`));
      else if (kind === 'open') qb.where(exists(`d.status = 'open'`));
      else
        qb.where(exists(`d.status = 'open' AND d.due_at <= :atRisk`), {
          atRisk: this.deadlines.atRiskThreshold(this.store.clock.now()),
        });
    });
  }

  /** For audit entries only: the organisation that answers for the case, whoever asks. */
  async receivingOrganisationOf(caseId: string): Promise<string | null> {
    const found = await this.store.dataSource.getRepository(Case).findOne({
      select: { organisationId: true },
      where: { id: caseId },
    });
    return found?.organisationId ?? null;
  }

  /**
   * For the audit search only: the cases carrying `reference`, whichever organisation received
   * them (each numbers its own). The audit's access rule then decides which of their entries a
   * privacy officer sees, so another organisation's reference answers as an unknown one does.
   */
  async idsByReference(reference: string): Promise<string[]> {
    const rows = await this.store.dataSource
      .getRepository(Case)
      .createQueryBuilder(CASE_ALIAS)
      .select(`${CASE_ALIAS}.id`, 'id')
      // Through the organisations: one probe of the (organisation, reference) key each, where the
      // reference alone would scan every case.
      .where(`${CASE_ALIAS}.organisationId IN (SELECT o.id FROM organisations o)`)
      .andWhere(`${CASE_ALIAS}.reference = :reference`, { reference })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async timeline(principal: Principal, caseId: string) {
    const manager = this.store.dataSource.manager;
    const { case: found, membership } = await this.store.read(manager, CaseReach.of(principal), caseId);
    const sight = sightOf(principal, found, membership);
    const events = (await manager.getRepository(CaseEvent).find({ where: { caseId }, order: { id: 'ASC' } })).filter(
      (e) => this.sees(sight, e.category, e.actorOrganisationId),
    );
    const named = events.map((e) => namedIds(e.data));
    const [users, organisations] = await Promise.all([
      this.userNames(manager, [...events.map((e) => e.actorUserId), ...named.flatMap((n) => n.users)]),
      this.organisationNames(
        manager,
        [...new Set([...events.map((e) => e.actorOrganisationId), ...named.flatMap((n) => n.organisations)])].filter(
          (id): id is string => id !== null,
        ),
      ),
    ]);
    const names: TimelineNames = {
      user: (id) => (typeof id === 'string' ? (users.get(id) ?? null) : null),
      organisation: (id) => (typeof id === 'string' ? (organisations.get(id) ?? null) : null),
    };
    return {
      items: events.map((e) => ({
        id: e.id,
        occurredAt: e.occurredAt,
        type: e.type,
        category: e.category,
        // Who did it, by name, so a partner knows whom to call; the system (timers) has no person.
        actor: {
          userId: e.actorUserId,
          organisationId: e.actorOrganisationId,
          name: e.actorUserId ? names.user(e.actorUserId) : 'Systeem',
          organisationName: names.organisation(e.actorOrganisationId),
          role: e.actorUserId ? e.actorRole : 'system',
        },
        changes: timelineChanges(e.type, e.data, names),
        data: e.data,
      })),
    };
  }

  private async regieContact(manager: EntityManager, c: Case) {
    if (!c.regisseurUserId) return null;
    const [user, organisation] = await Promise.all([
      manager.getRepository(User).findOneBy({ id: c.regisseurUserId }),
      manager.getRepository(Organisation).findOneBy({ id: c.regieOrganisationId }),
    ]);
    return {
      name: user?.name ?? null,
      email: user?.email ?? null,
      organisationName: organisation?.name ?? null,
      organisationContact: organisation?.contact ?? null,
    };
  }

  private async userNames(manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    if (unique.length === 0) return new Map();
    const rows = await manager.getRepository(User).findBy({ id: In(unique) });
    return new Map(rows.map((u) => [u.id, u.name]));
  }

  /** Radar: earlier (and later) cases of the receiving organisation that share persons. */
  async related(principal: Principal, caseId: string) {
    const manager = this.store.dataSource.manager;
    const reach = CaseReach.of(principal);
    const { case: found } = await this.store.read(manager, reach, caseId);
    this.assertReceiving(reach, found);
    const rows = (await manager.query(
      `SELECT c.id, c.reference, c.phase, c.received_at, c.closed_at, l.reason,
              EXISTS (SELECT 1 FROM follow_up_reports f
                       WHERE (f.case_id = $1 AND f.closed_case_id = c.id)
                          OR (f.case_id = c.id AND f.closed_case_id = $1)) AS during_follow_up
         FROM (SELECT related_case_id AS id, reason FROM case_links WHERE case_id = $1
               UNION SELECT case_id, reason FROM case_links WHERE related_case_id = $1) l
         JOIN cases c ON c.id = l.id
        WHERE c.organisation_id = $2
        ORDER BY c.received_at DESC`,
      [caseId, found.organisationId],
    )) as {
      id: string;
      reference: string;
      phase: string;
      received_at: Date;
      closed_at: Date | null;
      reason: string;
      during_follow_up: boolean;
    }[];
    return {
      items: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        phase: r.phase,
        receivedAt: r.received_at,
        closedAt: r.closed_at,
        reason: r.reason,
        // A report on the household while this case (or that one) was being followed up after closing.
        duringFollowUp: r.during_follow_up,
      })),
    };
  }

  private assertReceiving(reach: CaseReach, target: Case): void {
    this.store.assertCan(reach, 'read_related', 'Case', target);
  }

  private sees(sight: Sight, category: string, organisationId: string | null): boolean {
    if (category === 'reporter') return sight.receiving;
    if (category === 'medical') return sight.medicalOf !== null && sight.medicalOf === organisationId;
    return sight.categories.has(category as DataCategory);
  }

  /** The case as the caller may see it; every section is absent when its category is not granted. */
  private async view(manager: EntityManager, c: Case, sight: Sight, ability: AppAbility) {
    const has = (category: DataCategory) => sight.categories.has(category);
    const may = rowPermissions(ability, c, this.store.clock.now());
    const [involvements, deadlines, partners, regie, links, suspensions, otherRegions] = await Promise.all([
      manager.getRepository(CasePerson).findBy({ caseId: c.id }),
      this.deadlines.forCases(manager, [c.id]),
      manager.getRepository(CasePartner).find({ where: { caseId: c.id }, order: { addedAt: 'ASC' } }),
      manager.getRepository(RegieAssignment).find({ where: { caseId: c.id }, order: { assignedAt: 'ASC' } }),
      sight.receiving
        ? manager.query(`SELECT count(*)::int AS n FROM case_links WHERE case_id = $1 OR related_case_id = $1`, [c.id])
        : Promise.resolve([]),
      manager.getRepository(InvestigationSuspension).find({ where: { caseId: c.id }, order: { startedAt: 'ASC' } }),
      sight.receiving ? this.regions.otherRegions(manager, c.id) : Promise.resolve([]),
    ]);
    const persons = await manager.getRepository(Person).findBy({ id: In(involvements.map((i) => i.personId)) });
    const pending = await manager.getRepository(Approval).findOneBy({ caseId: c.id, status: 'pending' });
    const names = await this.organisationNames(
      manager,
      partners.map((p) => p.organisationId),
    );
    const children = await this.children.viewOf(manager, c, sight, involvements);
    const regieContact = await this.regieContact(manager, c);
    const view: Record<string, unknown> = {
      ...summary(c),
      allowedOperations: allowedOperations(ability, c, {
        suspended: suspensions.some((s) => s.endedAt === null),
        categories: sight.categories,
        pendingApproval: pending,
        children: children.state,
        openDeadlineKinds: new Set(deadlines.filter((d) => d.status === 'open').map((d) => d.kind)),
      }),
      // The step waiting for a supervisor's approval (GET /cases/{id}/approvals has the history).
      pendingApproval: pending && {
        id: pending.id,
        operation: pending.operation,
        requestedBy: pending.requestedBy,
        requestedAt: pending.requestedAt,
      },
      // What this caller sees of the case (all of it at the regie organisation), so a client can
      // say what is withheld and offer notes only in categories the write accepts.
      visibleCategories: DATA_CATEGORIES.filter(has),
      // Whom a partner calls about the case: the regisseur by name, with their organisation's desk.
      regieContact,
      regieHistory: regie.map((r) => ({
        fromUserId: r.fromUserId,
        fromOrganisationId: r.fromOrganisationId,
        toUserId: r.toUserId,
        toOrganisationId: r.toOrganisationId,
        assignedBy: r.assignedBy,
        reason: r.reason,
        assignedAt: r.assignedAt,
      })),
      persons: involvements.map((i) => {
        const person = persons.find((p) => p.id === i.personId)!;
        return {
          id: person.id,
          role: i.role,
          firstName: person.firstName,
          lastName: person.lastName,
          dateOfBirth: person.dateOfBirth,
          // Custody (gezag) is asked for minors only.
          minor: isMinor(
            involvements.filter((other) => other.personId === i.personId).map((other) => other.role),
            person.dateOfBirth,
            this.store.clock.now(),
          ),
          ...(person.bsnCiphertext
            ? {
                bsnLast4: this.protection
                  .open({ ciphertext: person.bsnCiphertext, keyId: person.bsnKeyId! }, 'bsn')
                  .slice(-4),
              }
            : {}),
        };
      }),
      deadlines: deadlines.filter((d) => seesDeadline(sight, d.kind)).map(deadlineView),
      partners: partners
        .filter((p) => p.removedAt === null)
        .map((p) => ({
          organisationId: p.organisationId,
          organisationName: names.get(p.organisationId) ?? null,
          legalBasis: p.legalBasis,
          legalBasisRef: p.legalBasisRef,
          categories: p.categories,
          expiresAt: p.expiresAt,
          addedAt: p.addedAt,
        })),
      predecessorCaseId: sight.receiving ? c.predecessorCaseId : undefined,
      closedAt: c.closedAt,
      closeReason: c.closeReason,
      radar: sight.receiving
        ? {
            relatedCases: (links as { n: number }[])[0]?.n ?? 0,
            repeatWithin12Months: c.repeatWithin12Months,
            otherRegions,
          }
        : undefined,
    };
    // Each part beyond the summary as its category reveals it (case-sight.ts), loaded only then.
    const risk = reveals(sight, 'risk');
    const plan = reveals(sight, 'safetyPlan');
    const investigation = reveals(sight, 'investigation');
    const protection = reveals(sight, 'protection');
    const none = <T>() => Promise.resolve<T[]>([]);
    const [actions, escalations, extensions, orders, breaches, measures] = await Promise.all([
      plan
        ? manager.getRepository(CaseAction).find({ where: { caseId: c.id }, order: { createdAt: 'ASC' } })
        : none<CaseAction>(),
      plan
        ? manager.getRepository(Escalation).find({ where: { caseId: c.id }, order: { raisedAt: 'ASC' } })
        : none<Escalation>(),
      investigation
        ? manager.getRepository(InvestigationExtension).find({ where: { caseId: c.id }, order: { extendedAt: 'ASC' } })
        : none<InvestigationExtension>(),
      protection
        ? manager.getRepository(RestrainingOrder).find({ where: { caseId: c.id }, order: { imposedAt: 'ASC' } })
        : none<RestrainingOrder>(),
      protection
        ? manager
            .getRepository(RestrainingOrderBreach)
            .find({ where: { caseId: c.id }, order: { occurredAt: 'ASC', recordedAt: 'ASC' } })
        : none<RestrainingOrderBreach>(),
      protection
        ? manager.getRepository(ProtectiveMeasure).find({ where: { caseId: c.id }, order: { startsAt: 'ASC' } })
        : none<ProtectiveMeasure>(),
    ]);
    Object.assign(view, {
      ...(risk
        ? {
            violenceTypes: c.violenceTypes,
            redFlags: c.redFlags,
            riskLevel: c.riskLevel,
            riskReasons: c.riskReasons,
            reassessmentDue: c.reassessmentDue,
            reassessmentReasons: c.reassessmentReasons,
            safetyAssessment: c.assessedAt
              ? { outcome: c.assessmentOutcome, decision: c.assessmentDecision, assessedAt: c.assessedAt }
              : null,
          }
        : {}),
      ...(plan
        ? {
            actions: actions.map((a) => ({
              id: a.id,
              assigneeOrganisationId: a.assigneeOrganisationId,
              description: a.description,
              dueAt: a.dueAt,
              status: a.status,
              note: a.note,
              createdAt: a.createdAt,
              mayUpdate: may.action(a),
            })),
            escalations: escalations.map((e) => ({
              id: e.id,
              actionId: e.actionId,
              targetOrganisationId: e.targetOrganisationId,
              reason: e.reason,
              raisedBy: e.raisedBy,
              raisedAt: e.raisedAt,
              resolution: e.resolution,
              resolvedBy: e.resolvedBy,
              resolvedAt: e.resolvedAt,
              mayResolve: may.escalation(e),
            })),
          }
        : {}),
      ...(investigation
        ? {
            investigation: {
              suspended: suspensions.some((s) => s.endedAt === null),
              suspensions: suspensions.map((s) => ({ ...suspensionView(s), mayEnd: may.suspension(s) })),
              extensions: extensions.map(extensionView),
            },
          }
        : {}),
      ...(protection
        ? {
            restrainingOrders: orders.map((o) => {
              const permissions = may.restrainingOrder(o);
              return { ...restrainingOrderView(o, breaches), mayExtend: permissions.mayDecide, ...permissions };
            }),
            protectiveMeasures: measures.map((m) => ({
              ...protectiveMeasureView(m),
              mayUpdate: may.protectiveMeasure(m),
            })),
          }
        : {}),
    });
    Object.assign(view, children.view);
    const reports = await manager.getRepository(Report).find({ where: { caseId: c.id }, order: { receivedAt: 'ASC' } });
    const feedback = sight.receiving ? await this.feedback.forCase(manager, c.id) : new Map();
    view.reports = reports.map((r) => ({
      id: r.id,
      receivedAt: r.receivedAt,
      acute: r.acute,
      channel: r.channel,
      ...(reveals(sight, 'narrative') ? { narrative: r.narrative } : {}),
      ...(sight.receiving ? { reporter: this.reporterOf(r), feedback: feedback.get(r.id) ?? null } : {}),
    }));
    if (c.phase === 'closed' && this.followUp.mayRecord(ability, c)) {
      view.followUpChecks = await this.followUp.checks(manager, c);
    }
    if (reveals(sight, 'narrative')) {
      view.assessmentSummary = c.assessmentSummary;
      view.investigationConclusion = c.investigationConclusion;
    }
    const notes = await manager.getRepository(CaseNote).find({ where: { caseId: c.id }, order: { createdAt: 'ASC' } });
    view.notes = notes
      .filter((n) => this.sees(sight, n.category, n.organisationId))
      .map((n) => ({
        id: n.id,
        category: n.category,
        organisationId: n.organisationId,
        text: n.text,
        createdBy: n.createdBy,
        createdAt: n.createdAt,
      }));
    return view;
  }

  private reporterOf(report: Report) {
    const identity = JSON.parse(
      this.protection.open({ ciphertext: report.reporterCiphertext, keyId: report.reporterKeyId }, 'reporter'),
    ) as Record<string, string>;
    return { kind: report.reporterKind, ...identity };
  }

  private async organisationNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.getRepository(Organisation).findBy({ id: In(ids) });
    return new Map(rows.map((o) => [o.id, o.name]));
  }
}
