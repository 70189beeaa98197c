import { Injectable } from '@nestjs/common';
import { CaseReach, OrganisationDirectory, UsersService } from '@vt/access';
import { decodeSeqCursor, encodeSeqCursor } from '@vt/common';
import { Transaction } from '@vt/database';
import { DeadlinesService, DeadlineTerm } from '@vt/deadlines';
import { ApprovalsRepository } from './approvals.repository';
import { Case, Phase } from './case.entity';
import { allowedOperations, holdsRegie, rowPermissions } from './case-operations';
import { CasePartner, DATA_CATEGORIES, DataCategory } from './case-partner.entity';
import { CaseListSort, CaseQueryRepository, SortKeys } from './case-query.repository';
import { CaseNote } from './case-record.entity';
import { CaseStore, PARTNER_ALIAS } from './case-store';
import { reveals, seesDeadline, Sight, sightOf } from './case-sight';
import { CasesException } from './cases.exception';
import { ChildChecksService, isMinor } from './child-checks.service';
import { DataProtection } from './data-protection';
import { FollowUpChecksService } from './follow-up-checks.service';
import { InvestigationExtension } from './investigation.entity';
import { InvestigationRepository } from './investigation.repository';
import { extensionView, suspensionView } from './investigation.service';
import { CasePerson } from './person.entity';
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
  /** `me`, a user's id (their cases as regisseur), or `none` (the waiting list). */
  regisseur?: string;
  deadline?: 'open' | 'at_risk' | 'breached';
  /** `urgency` (one regisseur's cases only) and `risk` (the waiting list only); newest first without. */
  sort?: CaseListSort;
  limit: number;
  cursor?: string;
}

export type { CaseListSort } from './case-query.repository';

/** The list each order is for: computed orders read a bounded list, never every partner case. */
const SORT_SCOPE: Record<CaseListSort, 'one regisseur' | 'none'> = { urgency: 'one regisseur', risk: 'none' };
const SORT_NEEDS: Record<CaseListSort, string> = {
  urgency: 'regisseur=me of een gebruikers-id',
  risk: 'regisseur=none',
};

const KEYS_CURSOR = /^-?[0-9]{1,19}:-?[0-9]{1,19}:-?[0-9]{1,19}$/;

function decodeKeysCursor(cursor: string): SortKeys {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!KEYS_CURSOR.test(text) || Buffer.from(text).toString('base64url') !== cursor) {
    throw CasesException.invalid('cursor', 'onbekende cursor / unknown cursor');
  }
  return text.split(':') as SortKeys;
}

const encodeKeysCursor = (keys: SortKeys) => Buffer.from(keys.join(':')).toString('base64url');

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

const deadlineView = (d: DeadlineTerm) => ({
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

/** Audit entries name a case's receiving organisation and find cases by reference, whoever asks. */
const AUDIT_ATTRIBUTION = CaseReach.system('audit attribution');

function decodeCursor(cursor: string): string {
  const seq = decodeSeqCursor(cursor);
  if (seq === null) throw CasesException.invalid('cursor', 'onbekende cursor / unknown cursor');
  return seq;
}

/**
 * Reads of cases, always through the caller's reach (opened once per request by the edge); fields
 * limited to what they may see, and what they may do as the writes decide it, lent grants included.
 */
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
    private readonly repository: CaseQueryRepository,
    private readonly approvals: ApprovalsRepository,
    private readonly investigation: InvestigationRepository,
    private readonly users: UsersService,
    private readonly directory: OrganisationDirectory,
  ) {}

  async get(reach: CaseReach, caseId: string, manager = this.repository.manager) {
    const { case: found, membership } = await this.store.read(manager, reach, caseId);
    return this.view(manager, found, sightOf(reach.principal, found, membership), reach);
  }

  /**
   * A write's reply: the written row exactly as this caller's `GET` of the case shows it, so a write
   * never answers more than a read would; only its id when the caller's categories hide the row.
   */
  async written(reach: CaseReach, caseId: string, section: WrittenSection, id: string) {
    const view = await this.get(reach, caseId);
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
  async list(reach: CaseReach, filter: CaseListFilter) {
    const { principal } = reach;
    const regisseurUserId =
      filter.regisseur === 'none' ? undefined : filter.regisseur === 'me' ? principal.userId : filter.regisseur;
    const scope = filter.regisseur === 'none' ? 'none' : regisseurUserId ? 'one regisseur' : undefined;
    if (filter.sort && scope !== SORT_SCOPE[filter.sort]) {
      throw CasesException.invalid(
        'sort',
        `alleen met ${SORT_NEEDS[filter.sort]} / only with one regisseur's list or the waiting list`,
      );
    }
    const manager = this.repository.manager;
    const qb = this.store.visibleCases(manager, reach).addSelect(`${PARTNER_ALIAS}.categories`, 'categories');
    const rows = await this.repository.workQueue(reach, qb, {
      phase: filter.phase,
      regisseur: scope === 'none' ? 'none' : regisseurUserId ? { userId: regisseurUserId } : undefined,
      deadline: filter.deadline,
      sort: filter.sort,
      limit: filter.limit,
      beforeSeq: filter.cursor && !filter.sort ? decodeCursor(filter.cursor) : undefined,
      afterKeys: filter.cursor && filter.sort ? decodeKeysCursor(filter.cursor) : undefined,
      atRisk: this.deadlines.atRiskThreshold(this.store.clock.now()),
    });
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
      nextCursor: more
        ? filter.sort
          ? encodeKeysCursor([last.k1!, last.k2!, last.k3!])
          : encodeSeqCursor(last.seq)
        : null,
    };
  }

  /** For audit entries only: the organisation that answers for the case, whoever asks. */
  async receivingOrganisationOf(caseId: string): Promise<string | null> {
    return this.repository.receivingOrganisationOf(AUDIT_ATTRIBUTION, caseId);
  }

  /**
   * For the audit search only: the cases carrying `reference`, whichever organisation received
   * them (each numbers its own). The audit's access rule then decides which of their entries a
   * privacy officer sees, so another organisation's reference answers as an unknown one does.
   */
  async idsByReference(reference: string): Promise<string[]> {
    return this.repository.idsByReference(AUDIT_ATTRIBUTION, reference);
  }

  async timeline(reach: CaseReach, caseId: string) {
    const manager = this.repository.manager;
    const { case: found, membership } = await this.store.read(manager, reach, caseId);
    const sight = sightOf(reach.principal, found, membership);
    const events = (await this.repository.events(manager, caseId)).filter((e) =>
      this.sees(sight, e.category, e.actorOrganisationId),
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

  private async regieContact(manager: Transaction, c: Case) {
    if (!c.regisseurUserId) return null;
    return this.users.contactCard(c.regisseurUserId, c.regieOrganisationId, manager);
  }

  private async userNames(manager: Transaction, ids: (string | null)[]): Promise<Map<string, string>> {
    return this.users.names(
      ids.filter((id): id is string => id !== null),
      manager,
    );
  }

  /** Radar: earlier (and later) cases of the receiving organisation that share persons. */
  async related(reach: CaseReach, caseId: string) {
    const manager = this.repository.manager;
    const { case: found } = await this.store.read(manager, reach, caseId);
    this.assertReceiving(reach, found);
    const rows = await this.repository.related(reach, manager, caseId);
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
  private async view(manager: Transaction, c: Case, sight: Sight, reach: CaseReach) {
    const has = (category: DataCategory) => sight.categories.has(category);
    const may = rowPermissions(reach, c, this.store.clock.now());
    const [involvements, deadlines, partners, regie, links, suspensions, otherRegions] = await Promise.all([
      this.repository.ofCase(manager, CasePerson, c.id),
      this.deadlines.forCases(manager, [c.id]),
      this.repository.ofCase(manager, CasePartner, c.id, { addedAt: 'ASC' }),
      this.repository.ofCase(manager, RegieAssignment, c.id, { assignedAt: 'ASC' }),
      sight.receiving ? this.repository.linkCount(manager, c.id) : Promise.resolve(0),
      this.investigation.suspensions(manager, c.id),
      sight.receiving ? this.regions.otherRegions(manager, c.id) : Promise.resolve([]),
    ]);
    const persons = await this.repository.persons(
      manager,
      involvements.map((i) => i.personId),
    );
    const pending = await this.approvals.pending(manager, c.id);
    const names = await this.organisationNames(
      manager,
      partners.map((p) => p.organisationId),
    );
    const children = await this.children.viewOf(manager, c, sight, involvements);
    const regieContact = await this.regieContact(manager, c);
    const view: Record<string, unknown> = {
      ...summary(c),
      allowedOperations: allowedOperations(reach, c, {
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
            relatedCases: links,
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
      plan ? this.repository.ofCase(manager, CaseAction, c.id, { createdAt: 'ASC' }) : none<CaseAction>(),
      plan ? this.repository.ofCase(manager, Escalation, c.id, { raisedAt: 'ASC' }) : none<Escalation>(),
      investigation ? this.investigation.extensions(manager, c.id) : none<InvestigationExtension>(),
      protection
        ? this.repository.ofCase(manager, RestrainingOrder, c.id, { imposedAt: 'ASC' })
        : none<RestrainingOrder>(),
      protection
        ? this.repository.ofCase(manager, RestrainingOrderBreach, c.id, { occurredAt: 'ASC', recordedAt: 'ASC' })
        : none<RestrainingOrderBreach>(),
      protection
        ? this.repository.ofCase(manager, ProtectiveMeasure, c.id, { startsAt: 'ASC' })
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
    const reports = await this.repository.ofCase(manager, Report, c.id, { receivedAt: 'ASC' });
    const feedback = sight.receiving ? await this.feedback.forCase(manager, c.id) : new Map();
    view.reports = reports.map((r) => ({
      id: r.id,
      receivedAt: r.receivedAt,
      acute: r.acute,
      channel: r.channel,
      ...(reveals(sight, 'narrative') ? { narrative: r.narrative } : {}),
      ...(sight.receiving ? { reporter: this.reporterOf(r), feedback: feedback.get(r.id) ?? null } : {}),
    }));
    if (c.phase === 'closed' && holdsRegie(reach, c)) {
      view.followUpChecks = await this.followUp.checks(manager, c);
    }
    if (reveals(sight, 'narrative')) {
      view.assessmentSummary = c.assessmentSummary;
      view.investigationConclusion = c.investigationConclusion;
    }
    const notes = await this.repository.ofCase(manager, CaseNote, c.id, { createdAt: 'ASC' });
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

  private organisationNames(manager: Transaction, ids: string[]): Promise<Map<string, string>> {
    return this.directory.names(ids, manager);
  }
}
