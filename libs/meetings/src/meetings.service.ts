import { Injectable } from '@nestjs/common';
import { accessibleBy, Action, defineAbilityFor, Organisation, subject } from '@vt/access';
import { AuditInput, AuditService } from '@vt/audit';
import {
  ActionInput,
  Actor,
  actorFields,
  Case,
  CASE_ALIAS,
  CaseAction,
  CasePerson,
  CaseQueryService,
  CasesException,
  CaseWorkService,
  DataCategory,
  Escalation,
  PARTNER_ALIAS,
  PartnerInput,
  Person,
  reveals,
  SafetyPlanService,
  Sight,
  sightOf,
} from '@vt/cases';
import { decodeSeqCursor, encodeSeqCursor, FieldError, Principal } from '@vt/common';
import { DeadlinesService } from '@vt/deadlines';
import { NotificationsService } from '@vt/notifications';
import { EntityManager, In, IsNull } from 'typeorm';
import { MeetingCaseStore } from './meeting-case-store';
import {
  Meeting,
  MeetingDecision,
  FrozenMinutes,
  MeetingDecisionAction,
  MeetingItem,
  MeetingKind,
  MeetingParticipant,
} from './meeting.entity';
import { MeetingsException } from './meetings.exception';

export interface CreateMeetingInput {
  kind: MeetingKind;
  scheduledAt: Date;
  organisationIds: string[];
  caseIds: string[];
}

export interface DecisionInput {
  text: string;
  regisseurUserId?: string;
  actions: ActionInput[];
}

export interface MeetingListFilter {
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

/** An agenda item as one viewer may see it: the opaque id only, unless the case is in reach. */
export type ItemView =
  | { id: string; position: number; visible: false }
  | { id: string; position: number; visible: true; caseId: string; reference: string; [key: string]: unknown };

/** A case on the agenda that the viewer's organisation reaches, with what it may see of it. */
interface Reach {
  case: Case;
  sight: Sight;
}

/** How a transaction holds the meeting row: exclusively against closing, or shared while reading. */
type LockMode = 'update' | 'share';

const MEETING_ALIAS = 'm';
const PARTICIPANT_ALIAS = 'mp';

/** The case permissions a decision needs: the meeting decides together what its chair records. */
const DECISION_GRANTS: ReadonlySet<Action> = new Set<Action>(['direct', 'assign_regie']);
/** Choosing the new regisseur for a decision needs only the regie part of it. */
const CANDIDATE_GRANTS: ReadonlySet<Action> = new Set<Action>(['assign_regie']);

/**
 * Meetings: agenda, decisions, closing, minutes and preparation. A meeting exists for its
 * participating organisations only; each agenda item shows a participant only what its
 * organisation may see of the case at the time of reading, through the case store's network rule.
 * Decisions reuse the case-work services inside one transaction (see MeetingCaseStore).
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly store: MeetingCaseStore,
    private readonly plan: SafetyPlanService,
    private readonly work: CaseWorkService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly query: CaseQueryService,
  ) {}

  async create(actor: Actor, input: CreateMeetingInput) {
    const { principal } = actor;
    const invalid: FieldError[] = [];
    const seen = new Set<string>();
    input.caseIds.forEach((caseId, i) => {
      if (seen.has(caseId)) invalid.push({ field: `caseIds.${i}`, message: 'staat al op de agenda / already listed' });
      seen.add(caseId);
    });
    const known = await this.knownOrganisations(this.store.dataSource.manager, input.organisationIds);
    input.organisationIds.forEach((id, i) => {
      if (!known.has(id)) {
        invalid.push({ field: `organisationIds.${i}`, message: 'onbekende organisatie / unknown organisation' });
      }
    });
    if (invalid.length > 0) throw MeetingsException.invalid(invalid);
    const participants = [...new Set([principal.organisationId, ...input.organisationIds])];
    const id = await this.store.transaction(async (manager) => {
      const reach = await this.reach(manager, principal, input.caseIds);
      const outside = input.caseIds.flatMap((caseId, i) =>
        reach.has(caseId) ? [] : [{ field: `caseIds.${i}`, message: 'niet gevonden / not found' }],
      );
      if (outside.length > 0) throw MeetingsException.notFound(outside);
      const meeting = await manager.getRepository(Meeting).save(
        manager.getRepository(Meeting).create({
          kind: input.kind,
          organisationId: principal.organisationId,
          chairUserId: principal.userId,
          scheduledAt: input.scheduledAt,
          status: 'open',
          closedAt: null,
          closedBy: null,
        }),
      );
      await manager
        .getRepository(MeetingParticipant)
        .insert(participants.map((organisationId) => ({ meetingId: meeting.id, organisationId })));
      const items = input.caseIds.map((caseId, i) => ({
        meetingId: meeting.id,
        caseId,
        position: i + 1,
        addedBy: principal.userId,
      }));
      if (items.length > 0) await manager.getRepository(MeetingItem).insert(items);
      await this.audit.recordManyWithin(manager, [
        this.entry(actor, 'create', 'Meeting', meeting.id),
        ...input.caseIds.map((caseId) =>
          this.entry(actor, 'create', 'MeetingItem', meeting.id, reach.get(caseId)!.case),
        ),
      ]);
      return meeting.id;
    });
    return this.view(this.store.dataSource.manager, principal, await this.visibleMeeting(principal, id));
  }

  /** The caller's organisation's meetings, newest first, keyset-paged. */
  async list(principal: Principal, filter: MeetingListFilter) {
    const manager = this.store.dataSource.manager;
    const qb = this.participating(manager, principal);
    if (filter.from) qb.andWhere(`${MEETING_ALIAS}.scheduledAt >= :from`, { from: filter.from });
    if (filter.to) qb.andWhere(`${MEETING_ALIAS}.scheduledAt < :to`, { to: filter.to });
    if (filter.cursor) {
      const seq = decodeSeqCursor(filter.cursor);
      if (seq === null)
        throw MeetingsException.invalid([{ field: 'cursor', message: 'onbekende cursor / unknown cursor' }]);
      qb.andWhere(`${MEETING_ALIAS}.seq < :seq`, { seq });
    }
    const rows = await qb
      .orderBy(`${MEETING_ALIAS}.seq`, 'DESC')
      .limit(filter.limit + 1)
      .getMany();
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(summary),
      nextCursor: rows.length > filter.limit && last ? encodeSeqCursor(last.seq) : null,
    };
  }

  /** The meeting with its agenda as the caller may see it; every case shown is audited. */
  async get(actor: Actor, meetingId: string) {
    const manager = this.store.dataSource.manager;
    const meeting = await this.visibleMeeting(actor.principal, meetingId);
    const view = await this.view(manager, actor.principal, meeting);
    await this.recordReads(actor, 'Meeting', meeting, view.agenda);
    return view;
  }

  /** A case on the agenda of an open meeting; the chair's organisation must reach it. */
  async addItem(actor: Actor, meetingId: string, caseId: string) {
    return this.store.transaction(async (manager) => {
      const meeting = await this.chairing(manager, actor.principal, meetingId);
      const reach = await this.reach(manager, actor.principal, [caseId]);
      const target = reach.get(caseId);
      if (!target) throw MeetingsException.notFound([{ field: 'caseId', message: 'niet gevonden / not found' }]);
      const items = manager.getRepository(MeetingItem);
      if (await items.existsBy({ meetingId, caseId })) {
        throw MeetingsException.conflict('Casus staat al op de agenda / already on the agenda', [
          { field: 'caseId', message: 'staat al op de agenda / already on the agenda' },
        ]);
      }
      const [{ next }] = (await manager.query(
        `SELECT coalesce(max(position), 0) + 1 AS next FROM meeting_items WHERE meeting_id = $1`,
        [meetingId],
      )) as { next: number }[];
      const item = await items.save(
        items.create({ meetingId, caseId, position: next, addedBy: actor.principal.userId }),
      );
      await this.audit.recordWithin(manager, this.entry(actor, 'create', 'MeetingItem', meeting.id, target.case));
      const [view] = await this.itemViews(manager, [item], reach);
      return view;
    });
  }

  /** Closing freezes the meeting: no more decisions or agenda changes. */
  async close(actor: Actor, meetingId: string) {
    await this.store.transaction(async (manager) => {
      const meeting = await this.chairing(manager, actor.principal, meetingId);
      // The minutes are frozen in the same transaction: nothing decided after closing can slip in.
      await manager.getRepository(Meeting).update(meeting.id, {
        status: 'closed',
        closedAt: this.store.clock.now(),
        closedBy: actor.principal.userId,
        minutes: await this.freeze(manager, meeting),
      });
      await this.audit.recordWithin(manager, this.entry(actor, 'update', 'Meeting', meeting.id));
    });
    return this.get(actor, meetingId);
  }

  /**
   * A decision about one agenda item. The decision, the regie change and every action with its
   * deadline land in the case through the case-work services, all in one transaction: one
   * refused action leaves nothing written.
   */
  async decide(actor: Actor, meetingId: string, caseId: string, input: DecisionInput) {
    const grants = new Map([[caseId, DECISION_GRANTS]]);
    const { decision, actions } = await this.store.meetingTransaction(grants, async (manager) => {
      const { meeting, item } = await this.chairedItem(manager, actor.principal, meetingId, caseId, 'update');
      // Checked before anything is written; each action's own creation checks again under the case's lock.
      await asField(
        () => this.plan.assertRoomForActions(manager, caseId, input.actions.length),
        () => 'actions',
      );
      const decision = await this.store.write(
        actor,
        caseId,
        { permission: 'read', audit: { action: 'create', subjectType: 'MeetingDecision' } },
        async (tx) => {
          const repository = tx.manager.getRepository(MeetingDecision);
          const saved = await repository.save(
            repository.create({
              meetingId,
              itemId: item.id,
              caseId,
              text: input.text,
              regisseurUserId: input.regisseurUserId ?? null,
              decidedBy: actor.principal.userId,
              decidedAt: tx.now,
            }),
          );
          await tx.event('meeting_decision', 'basic', { meetingId, meetingKind: meeting.kind, decisionId: saved.id });
          const regisseur = tx.case.regisseurUserId;
          if (regisseur && regisseur !== actor.principal.userId) {
            await this.notifications.notifyUser(tx.manager, regisseur, {
              kind: 'meeting_decision',
              caseId,
              subjectId: saved.id,
              title: `Besluit in overleg: casus ${tx.case.reference}`,
              body: `In het ${MEETING_KIND_NAMES[meeting.kind]} is een besluit genomen over casus ${tx.case.reference}.`,
            });
          }
          return { result: saved, subjectId: saved.id };
        },
      );
      if (input.regisseurUserId) {
        const userId = input.regisseurUserId;
        await asField(
          () => this.work.assignRegisseur(actor, caseId, userId, `Besluit ${MEETING_KIND_NAMES[meeting.kind]}`),
          () => 'regisseurUserId',
        );
      }
      const actions: CaseAction[] = [];
      for (const [i, action] of input.actions.entries()) {
        const created = await asField(
          () => this.plan.createAction(actor, caseId, action),
          (field) => `actions.${i}.${field}`,
        );
        await manager
          .getRepository(MeetingDecisionAction)
          .insert({ decisionId: decision.id, actionId: created.id, position: i });
        actions.push(created);
      }
      return { decision, actions };
    });
    // The reply is the decision as the chair's minutes show it, with the chair's sight after the
    // decision (which may have moved regie): its actions only where that reveals the safety plan.
    const manager = this.store.dataSource.manager;
    const [reach, names] = await Promise.all([
      this.reach(manager, actor.principal, [caseId]),
      this.organisationNames(
        manager,
        actions.map((action) => action.assigneeOrganisationId),
      ),
    ]);
    const target = reach.get(caseId);
    return decisionView(decision, actions, target !== undefined && reveals(target.sight, 'safetyPlan'), names);
  }

  /**
   * Who a decision may make regisseur of a case on the agenda: the case-work service's own list,
   * asked under the same checks as the decision and with the `assign_regie` it would lend the chair.
   */
  async regisseurCandidates(actor: Actor, meetingId: string, caseId: string) {
    // Outside a transaction the share lock only checks that the meeting is open; a read needs no more.
    await this.chairedItem(this.store.dataSource.manager, actor.principal, meetingId, caseId, 'share');
    return this.store.withGrants(new Map([[caseId, CANDIDATE_GRANTS]]), () =>
      this.work.regisseurCandidates(actor.principal, caseId),
    );
  }

  /**
   * The regisseur (or a supervisor of the regie organisation) adds a participant to the case's
   * network from within the meeting; the case-work partner service decides who may and records it.
   */
  async addPartner(actor: Actor, meetingId: string, itemId: string, input: PartnerInput) {
    const item = await this.store.meetingTransaction(new Map(), async (manager) => {
      const meeting = await this.visibleMeeting(actor.principal, meetingId, manager);
      await this.lockOpen(manager, meeting.id, 'share');
      const item = await manager.getRepository(MeetingItem).findOneBy({ id: itemId, meetingId });
      if (!item) throw MeetingsException.notFound();
      if (
        !(await manager.getRepository(MeetingParticipant).existsBy({ meetingId, organisationId: input.organisationId }))
      ) {
        throw MeetingsException.invalid([
          { field: 'organisationId', message: 'neemt niet deel aan dit overleg / not a participant of this meeting' },
        ]);
      }
      await this.work.addPartner(actor, item.caseId, input);
      return item;
    });
    const partner = await this.query.written(actor.principal, item.caseId, 'partners', input.organisationId);
    return { itemId: item.id, ...partner };
  }

  /**
   * Minutes: chair, participants and per agenda item the decisions and their actions, as far as
   * the reader may see the case now. A closed meeting answers what stood at closing (`frozen`).
   */
  async minutes(actor: Actor, meetingId: string) {
    const manager = this.store.dataSource.manager;
    const meeting = await this.visibleMeeting(actor.principal, meetingId);
    const stored =
      (await manager.getRepository(Meeting).findOne({ select: { id: true, minutes: true }, where: { id: meeting.id } }))
        ?.minutes ?? null;
    const frozen = stored ?? (await this.freeze(manager, meeting));
    const reach = await this.reach(
      manager,
      actor.principal,
      frozen.items.map((item) => item.caseId),
    );
    const items = frozen.items.map((item): ItemView => {
      const target = reach.get(item.caseId);
      if (!target) return { id: item.id, position: item.position, visible: false };
      // Actions belong to the case's safety plan.
      const plan = reveals(target.sight, 'safetyPlan');
      return {
        ...item,
        visible: true,
        decisions: item.decisions.map(({ actions, ...decision }) => (plan ? { ...decision, actions } : decision)),
      };
    });
    await this.recordReads(actor, 'MeetingMinutes', meeting, items);
    return {
      ...summary(meeting),
      frozen: stored !== null,
      chair: frozen.chair,
      participants: frozen.participants,
      items,
    };
  }

  /**
   * Everything the minutes can say: every agenda item whoever may see it, its decisions with their
   * actions as they stand. Stored at closing; built live for an open meeting and filtered per reader.
   */
  private async freeze(manager: EntityManager, meeting: Meeting): Promise<FrozenMinutes> {
    const [participants, items] = await Promise.all([
      this.participants(manager, meeting.id),
      this.items(manager, meeting.id),
    ]);
    const cases = items.length
      ? await manager.getRepository(Case).find({
          select: { id: true, reference: true, phase: true },
          where: { id: In(items.map((item) => item.caseId)) },
        })
      : [];
    const decisions = items.length
      ? await manager.getRepository(MeetingDecision).find({
          where: { meetingId: meeting.id },
          order: { decidedAt: 'ASC' },
        })
      : [];
    const links = decisions.length
      ? await manager.getRepository(MeetingDecisionAction).find({
          where: { decisionId: In(decisions.map((d) => d.id)) },
          order: { position: 'ASC' },
        })
      : [];
    const actions = links.length
      ? await manager.getRepository(CaseAction).findBy({ id: In(links.map((link) => link.actionId)) })
      : [];
    const [chair] = (await manager.query(
      `SELECT u.name, o.name AS organisation FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE u.id = $1`,
      [meeting.chairUserId],
    )) as { name: string; organisation: string }[];
    const names = await this.organisationNames(manager, [
      ...participants,
      ...actions.map((action) => action.assigneeOrganisationId),
    ]);
    // Through JSON, as the column stores it: dates as ISO strings, the same whether stored or built now.
    return JSON.parse(
      JSON.stringify({
        chair: {
          userId: meeting.chairUserId,
          name: chair?.name ?? null,
          organisationName: chair?.organisation ?? null,
        },
        participants: participants.map((id) => ({ organisationId: id, organisationName: names.get(id) ?? null })),
        items: items.map((item) => {
          const c = cases.find((found) => found.id === item.caseId)!;
          return {
            id: item.id,
            position: item.position,
            caseId: c.id,
            reference: c.reference,
            phase: c.phase,
            decisions: decisions
              .filter((d) => d.itemId === item.id)
              .map((d) => {
                const own = links
                  .filter((link) => link.decisionId === d.id)
                  .map((link) => actions.find((action) => action.id === link.actionId)!);
                return decisionView(d, own, true, names);
              }),
          };
        }),
      }),
    ) as FrozenMinutes;
  }

  /**
   * What the chair needs per agenda item: open deadlines, open and overdue actions, unresolved
   * escalations with their response term, red flags and risk level, each only as far as the
   * chair's organisation may see the case.
   */
  async preparation(actor: Actor, meetingId: string) {
    const manager = this.store.dataSource.manager;
    const meeting = await this.visibleMeeting(actor.principal, meetingId);
    this.assertChair(actor.principal, meeting);
    const items = await this.items(manager, meeting.id);
    const reach = await this.reach(
      manager,
      actor.principal,
      items.map((item) => item.caseId),
    );
    const caseIds = [...reach.keys()];
    const [deadlines, actions, escalations] = await Promise.all([
      this.deadlines.forCases(manager, caseIds),
      caseIds.length
        ? manager.getRepository(CaseAction).find({
            where: { caseId: In(caseIds), status: In(['open', 'blocked']) },
            order: { dueAt: 'ASC' },
          })
        : Promise.resolve([]),
      caseIds.length
        ? manager.getRepository(Escalation).find({
            where: { caseId: In(caseIds), resolvedAt: IsNull() },
            order: { raisedAt: 'ASC' },
          })
        : Promise.resolve([]),
    ]);
    const now = this.store.clock.now();
    const views = await this.itemViews(manager, items, reach);
    const prepared = views.map((view, i) => {
      const target = reach.get(items[i].caseId);
      if (!view.visible || !target) return view;
      const caseId = target.case.id;
      return {
        ...view,
        openDeadlines: deadlines
          .filter((d) => d.caseId === caseId && d.status === 'open')
          .map((d) => ({ id: d.id, kind: d.kind, dueAt: d.dueAt, overdue: d.dueAt <= now })),
        ...(reveals(target.sight, 'risk') ? { riskLevel: target.case.riskLevel, redFlags: target.case.redFlags } : {}),
        ...(reveals(target.sight, 'safetyPlan')
          ? {
              openActions: actions
                .filter((a) => a.caseId === caseId)
                .map((a) => ({
                  id: a.id,
                  assigneeOrganisationId: a.assigneeOrganisationId,
                  description: a.description,
                  dueAt: a.dueAt,
                  status: a.status,
                  overdue: a.dueAt <= now,
                })),
              openEscalations: escalations
                .filter((e) => e.caseId === caseId)
                .map((e) => {
                  const response = deadlines.find(
                    (d) => d.kind === 'escalation_response' && d.subjectId === e.id && d.status === 'open',
                  );
                  return {
                    id: e.id,
                    targetOrganisationId: e.targetOrganisationId,
                    actionId: e.actionId,
                    reason: e.reason,
                    raisedAt: e.raisedAt,
                    responseDueAt: response?.dueAt ?? null,
                    overdue: response ? response.dueAt <= now : false,
                  };
                }),
            }
          : {}),
      };
    });
    await this.recordReads(actor, 'MeetingPreparation', meeting, views);
    return { ...summary(meeting), items: prepared };
  }

  /** The meeting if the caller's organisation takes part in it; 404 otherwise. */
  private async visibleMeeting(principal: Principal, meetingId: string, manager = this.store.dataSource.manager) {
    const meeting = await this.participating(manager, principal)
      .andWhere(`${MEETING_ALIAS}.id = :meetingId`, { meetingId })
      .getOne();
    if (!meeting) throw MeetingsException.notFound();
    return meeting;
  }

  private participating(manager: EntityManager, principal: Principal) {
    const participants = manager.getRepository(MeetingParticipant);
    return manager
      .getRepository(Meeting)
      .createQueryBuilder(MEETING_ALIAS)
      .innerJoin(MeetingParticipant, PARTICIPANT_ALIAS, `${PARTICIPANT_ALIAS}.meetingId = ${MEETING_ALIAS}.id`)
      .where(
        accessibleBy(
          defineAbilityFor(principal),
          'read',
          'MeetingParticipant',
          PARTICIPANT_ALIAS,
          participants.metadata,
        ),
      );
  }

  private assertChair(principal: Principal, meeting: Meeting): void {
    if (!defineAbilityFor(principal).can('update', subject('Meeting', { ...meeting }))) {
      throw MeetingsException.forbidden();
    }
  }

  /**
   * A meeting the caller chairs, locked against closing for the rest of the transaction, and still
   * open. Writes lock it for update; a read only checks that it is open.
   */
  private async chairing(
    manager: EntityManager,
    principal: Principal,
    meetingId: string,
    mode: LockMode = 'update',
  ): Promise<Meeting> {
    const meeting = await this.visibleMeeting(principal, meetingId, manager);
    this.assertChair(principal, meeting);
    await this.lockOpen(manager, meeting.id, mode);
    return meeting;
  }

  /** A case on the agenda of an open meeting the caller chairs (see `chairing`); 404 when not on it. */
  private async chairedItem(
    manager: EntityManager,
    principal: Principal,
    meetingId: string,
    caseId: string,
    mode: LockMode,
  ): Promise<{ meeting: Meeting; item: MeetingItem }> {
    const meeting = await this.chairing(manager, principal, meetingId, mode);
    const item = await manager.getRepository(MeetingItem).findOneBy({ meetingId, caseId });
    if (!item) throw MeetingsException.notFound();
    return { meeting, item };
  }

  /** Closing takes the row exclusively, so a decision either commits before it or sees it closed. */
  private async lockOpen(manager: EntityManager, meetingId: string, mode: LockMode): Promise<void> {
    const [row] = (await manager.query(
      `SELECT status FROM meetings WHERE id = $1 FOR ${mode === 'update' ? 'NO KEY UPDATE' : 'SHARE'}`,
      [meetingId],
    )) as { status: string }[];
    if (row?.status !== 'open') throw MeetingsException.closed();
  }

  /**
   * The agenda's cases that the caller's organisation reaches now (an active membership of the
   * case network, the same rule as every case read), with what it may see of each.
   */
  private async reach(manager: EntityManager, principal: Principal, caseIds: string[]): Promise<Map<string, Reach>> {
    if (caseIds.length === 0) return new Map();
    const { entities, raw } = await this.store
      .visibleCases(manager, defineAbilityFor(principal))
      .andWhere(`${CASE_ALIAS}.id IN (:...caseIds)`, { caseIds })
      .addSelect(`${PARTNER_ALIAS}.categories`, 'categories')
      .getRawAndEntities<{ c_id: string; categories: DataCategory[] }>();
    const categories = new Map(raw.map((row) => [row.c_id, row.categories]));
    return new Map(
      entities.map((c) => [
        c.id,
        { case: c, sight: sightOf(principal, c, { categories: categories.get(c.id) ?? [] }) },
      ]),
    );
  }

  private async view(manager: EntityManager, principal: Principal, meeting: Meeting) {
    const [participants, items] = await Promise.all([
      this.participants(manager, meeting.id),
      this.items(manager, meeting.id),
    ]);
    const [names, reach] = await Promise.all([
      this.organisationNames(manager, participants),
      this.reach(
        manager,
        principal,
        items.map((item) => item.caseId),
      ),
    ]);
    return {
      ...summary(meeting),
      participants: participants.map((id) => ({ organisationId: id, organisationName: names.get(id) ?? null })),
      agenda: await this.itemViews(manager, items, reach),
    };
  }

  /** Items in agenda order: a case outside the viewer's reach is its opaque id and position only. */
  private async itemViews(
    manager: EntityManager,
    items: MeetingItem[],
    reach: Map<string, Reach>,
  ): Promise<ItemView[]> {
    const seen = items.filter((item) => reach.has(item.caseId)).map((item) => item.caseId);
    const involvements = seen.length ? await manager.getRepository(CasePerson).findBy({ caseId: In(seen) }) : [];
    const persons = involvements.length
      ? await manager.getRepository(Person).findBy({ id: In(involvements.map((i) => i.personId)) })
      : [];
    return items.map((item): ItemView => {
      const target = reach.get(item.caseId);
      if (!target) return { id: item.id, position: item.position, visible: false };
      const c = target.case;
      return {
        id: item.id,
        position: item.position,
        visible: true,
        caseId: c.id,
        reference: c.reference,
        phase: c.phase,
        regisseur: c.regisseurUserId ? { userId: c.regisseurUserId, organisationId: c.regieOrganisationId } : null,
        persons: involvements
          .filter((i) => i.caseId === c.id)
          .map((i) => {
            const person = persons.find((p) => p.id === i.personId)!;
            return { role: i.role, firstName: person.firstName, lastName: person.lastName };
          }),
        ...(reveals(target.sight, 'risk') ? { riskLevel: c.riskLevel } : {}),
      };
    });
  }

  private items(manager: EntityManager, meetingId: string): Promise<MeetingItem[]> {
    return manager.getRepository(MeetingItem).find({ where: { meetingId }, order: { position: 'ASC' } });
  }

  private async participants(manager: EntityManager, meetingId: string): Promise<string[]> {
    const rows = await manager.getRepository(MeetingParticipant).findBy({ meetingId });
    return rows.map((row) => row.organisationId).sort();
  }

  private async knownOrganisations(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await manager.query(`SELECT id FROM organisations WHERE id = ANY($1) AND kind <> 'platform'`, [
      ids,
    ])) as { id: string }[];
    return new Set(rows.map((row) => row.id));
  }

  private async organisationNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await manager.getRepository(Organisation).findBy({ id: In(unique) });
    return new Map(rows.map((o) => [o.id, o.name]));
  }

  /** One entry for the meeting and one per case shown to this reader, committed before the answer leaves. */
  private async recordReads(actor: Actor, subjectType: string, meeting: Meeting, shown: ItemView[]): Promise<void> {
    const caseIds = shown.flatMap((view) => (view.visible ? [view.caseId] : []));
    const cases = caseIds.length
      ? await this.store.dataSource.getRepository(Case).find({
          select: { id: true, organisationId: true },
          where: { id: In(caseIds) },
        })
      : [];
    await this.store.dataSource.transaction((manager) =>
      this.audit.recordManyWithin(manager, [
        this.entry(actor, 'read', subjectType, meeting.id),
        ...cases.map((c) => this.entry(actor, 'read', subjectType, meeting.id, c)),
      ]),
    );
  }

  private entry(
    actor: Actor,
    action: 'create' | 'read' | 'update',
    subjectType: string,
    meetingId: string,
    target?: Pick<Case, 'id' | 'organisationId'>,
  ): AuditInput {
    return {
      action,
      subjectType,
      subjectId: meetingId,
      // Who saw a case in a meeting is the receiving organisation's privacy officer's business.
      subjectOrganisationId: target?.organisationId ?? actor.principal.organisationId,
      caseId: target?.id ?? null,
      outcome: 'success',
      ...actorFields(actor),
    };
  }
}

/** Dutch names of the meeting kinds, for the minutes and the case's regie history. */
export const MEETING_KIND_NAMES: Record<MeetingKind, string> = {
  action_meeting: 'Actie-overleg',
  zsm: 'ZSM-overleg',
  mda: 'MDA++-overleg',
  safety_house: 'Casusoverleg Zorg- en Veiligheidshuis',
};

function summary(meeting: Meeting) {
  return {
    id: meeting.id,
    kind: meeting.kind,
    kindName: MEETING_KIND_NAMES[meeting.kind],
    scheduledAt: meeting.scheduledAt,
    status: meeting.status,
    organisationId: meeting.organisationId,
    chairUserId: meeting.chairUserId,
    closedAt: meeting.closedAt,
  };
}

/** A decision; its actions are the case's safety plan, shown when the reader's sight reveals it. */
function decisionView(
  decision: MeetingDecision,
  actions: CaseAction[],
  plan: boolean,
  names: Map<string, string> = new Map(),
) {
  return {
    id: decision.id,
    text: decision.text,
    regisseurUserId: decision.regisseurUserId,
    decidedBy: decision.decidedBy,
    decidedAt: decision.decidedAt,
    ...(plan
      ? {
          actions: actions.map((action) => ({
            id: action.id,
            assigneeOrganisationId: action.assigneeOrganisationId,
            assigneeOrganisationName: names.get(action.assigneeOrganisationId) ?? null,
            description: action.description,
            dueAt: action.dueAt,
            status: action.status,
          })),
        }
      : {}),
  };
}

/**
 * Runs one case-work step of a decision; its invalid fields are renamed to the decision's body
 * (e.g. `dueAt` of the second action becomes `actions.1.dueAt`).
 */
export async function asField<T>(step: () => Promise<T>, rename: (field: string) => string): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof CasesException && error.code === 'cases.invalid') {
      throw MeetingsException.invalid(error.details.map((d) => ({ field: rename(d.field), message: d.message })));
    }
    throw error;
  }
}
