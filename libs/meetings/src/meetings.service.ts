import { Injectable } from '@nestjs/common';
import { Action, CaseReach, OrganisationDirectory, UsersService } from '@vt/access';
import { AuditInput, AuditService } from '@vt/audit';
import {
  ActionInput,
  Actor,
  actorFields,
  CaseQueryService,
  CasesException,
  CaseStore,
  CaseWorkService,
  MeetingAction,
  MeetingCase,
  MeetingCaseFactsService,
  MeetingCaseInSight,
  PartnerInput,
  reveals,
  SafetyPlanService,
  seesDeadline,
} from '@vt/cases';
import { decodeSeqCursor, encodeSeqCursor, FieldError } from '@vt/common';
import type { Transaction } from '@vt/database';
import { DeadlinesService } from '@vt/deadlines';
import { NotificationsService } from '@vt/notifications';
import { FrozenMinutes, Meeting, MeetingDecision, MeetingItem, MeetingKind } from './meeting.entity';
import { MeetingsException } from './meetings.exception';
import { LockMode, MeetingsRepository } from './meetings.repository';

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

/** The agenda's cases in the viewer's reach, with what it may see of each. */
type InSight = Map<string, MeetingCaseInSight>;

/** The case permissions a decision needs: the meeting decides together what its chair records. */
const DECISION_GRANTS: ReadonlySet<Action> = new Set<Action>(['direct', 'assign_regie']);
/** Choosing the new regisseur for a decision needs only the regie part of it. */
const CANDIDATE_GRANTS: ReadonlySet<Action> = new Set<Action>(['assign_regie']);

/**
 * Meetings: agenda, decisions, closing, minutes and preparation. A meeting exists for its
 * participating organisations only; each agenda item shows a participant only what its
 * organisation may see of the case at the time of reading, through the caller's case reach.
 * Decisions run the case-work services with an actor that lends the meeting's grants and carries
 * the meeting's transaction, so everything a decision sets in motion commits together.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly store: CaseStore,
    private readonly meetings: MeetingsRepository,
    private readonly caseFacts: MeetingCaseFactsService,
    private readonly plan: SafetyPlanService,
    private readonly work: CaseWorkService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly query: CaseQueryService,
    private readonly organisations: OrganisationDirectory,
    private readonly users: UsersService,
  ) {}

  async create(actor: Actor, input: CreateMeetingInput) {
    const { principal, reach } = actor;
    const invalid: FieldError[] = [];
    const seen = new Set<string>();
    input.caseIds.forEach((caseId, i) => {
      if (seen.has(caseId)) invalid.push({ field: `caseIds.${i}`, message: 'staat al op de agenda / already listed' });
      seen.add(caseId);
    });
    // Organisations that exist and may take part: the platform's own never does.
    const known = new Set(
      (await this.organisations.cards(input.organisationIds)).filter((o) => o.kind !== 'platform').map((o) => o.id),
    );
    input.organisationIds.forEach((id, i) => {
      if (!known.has(id)) {
        invalid.push({ field: `organisationIds.${i}`, message: 'onbekende organisatie / unknown organisation' });
      }
    });
    if (invalid.length > 0) throw MeetingsException.invalid(invalid);
    const participants = [...new Set([principal.organisationId, ...input.organisationIds])];
    const id = await this.store.transaction(async (manager) => {
      const inSight = await this.caseFacts.inSight(reach, input.caseIds, manager);
      const outside = input.caseIds.flatMap((caseId, i) =>
        inSight.has(caseId) ? [] : [{ field: `caseIds.${i}`, message: 'niet gevonden / not found' }],
      );
      if (outside.length > 0) throw MeetingsException.notFound(outside);
      const meeting = await this.meetings.create(reach, manager, {
        kind: input.kind,
        organisationId: principal.organisationId,
        chairUserId: principal.userId,
        scheduledAt: input.scheduledAt,
        participants,
        caseIds: input.caseIds,
      });
      await this.audit.recordManyWithin(manager, [
        this.entry(actor, 'create', 'Meeting', meeting.id),
        ...input.caseIds.map((caseId) =>
          this.entry(actor, 'create', 'MeetingItem', meeting.id, inSight.get(caseId)!.case),
        ),
      ]);
      return meeting.id;
    });
    return this.view(reach, await this.visibleMeeting(reach, id));
  }

  /** The caller's organisation's meetings, newest first, keyset-paged. */
  async list(reach: CaseReach, filter: MeetingListFilter) {
    let beforeSeq: string | undefined;
    if (filter.cursor) {
      const seq = decodeSeqCursor(filter.cursor);
      if (seq === null)
        throw MeetingsException.invalid([{ field: 'cursor', message: 'onbekende cursor / unknown cursor' }]);
      beforeSeq = seq;
    }
    const rows = await this.meetings.page(reach, {
      from: filter.from,
      to: filter.to,
      beforeSeq,
      take: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(summary),
      nextCursor: rows.length > filter.limit && last ? encodeSeqCursor(last.seq) : null,
    };
  }

  /** The meeting with its agenda as the caller may see it; every case shown is audited. */
  async get(actor: Actor, meetingId: string) {
    const meeting = await this.visibleMeeting(actor.reach, meetingId);
    const view = await this.view(actor.reach, meeting);
    await this.recordReads(actor, 'Meeting', meeting, view.agenda);
    return view;
  }

  /** A case on the agenda of an open meeting; the chair's organisation must reach it. */
  async addItem(actor: Actor, meetingId: string, caseId: string) {
    const { reach } = actor;
    return this.store.transaction(async (manager) => {
      const meeting = await this.chairing(manager, reach, meetingId);
      const inSight = await this.caseFacts.inSight(reach, [caseId], manager);
      const target = inSight.get(caseId);
      if (!target) throw MeetingsException.notFound([{ field: 'caseId', message: 'niet gevonden / not found' }]);
      if (await this.meetings.item(reach, manager, meetingId, { caseId })) {
        throw MeetingsException.conflict('Casus staat al op de agenda / already on the agenda', [
          { field: 'caseId', message: 'staat al op de agenda / already on the agenda' },
        ]);
      }
      const item = await this.meetings.appendItem(reach, manager, meetingId, caseId);
      await this.audit.recordWithin(manager, this.entry(actor, 'create', 'MeetingItem', meeting.id, target.case));
      const [view] = await this.itemViews(reach, [item], inSight, manager);
      return view;
    });
  }

  /** Closing freezes the meeting: no more decisions or agenda changes. */
  async close(actor: Actor, meetingId: string) {
    await this.store.transaction(async (manager) => {
      const meeting = await this.chairing(manager, actor.reach, meetingId);
      // The minutes are frozen in the same transaction: nothing decided after closing can slip in.
      const minutes = await this.freeze(actor.reach, meeting, manager);
      await this.meetings.close(manager, meeting.id, this.store.clock.now(), actor.principal.userId, minutes);
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
    const { decision, actions } = await this.store.transaction(async (manager) => {
      // The case-work steps act with the meeting's grants, inside its transaction: they commit with
      // the decision, and their deadline timers follow once, after it.
      const meetingActor: Actor = {
        ...actor,
        reach: actor.reach.lending(new Map([[caseId, DECISION_GRANTS]])),
        transaction: manager,
      };
      const { meeting, item } = await this.chairedItem(manager, actor.reach, meetingId, caseId, 'update');
      // Checked before anything is written; each action's own creation checks again under the case's lock.
      await asField(
        () => this.plan.assertRoomForActions(manager, caseId, input.actions.length),
        () => 'actions',
      );
      const decision = await this.store.write(
        meetingActor,
        caseId,
        { permission: 'read', audit: { action: 'create', subjectType: 'MeetingDecision' } },
        async (tx) => {
          const saved = await this.meetings.saveDecision(tx.reach, tx.manager, {
            meetingId,
            itemId: item.id,
            caseId,
            text: input.text,
            regisseurUserId: input.regisseurUserId ?? null,
            decidedAt: tx.now,
          });
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
          () => this.work.assignRegisseur(meetingActor, caseId, userId, `Besluit ${MEETING_KIND_NAMES[meeting.kind]}`),
          () => 'regisseurUserId',
        );
      }
      const actions: MeetingAction[] = [];
      for (const [i, action] of input.actions.entries()) {
        const created = await asField(
          () => this.plan.createAction(meetingActor, caseId, action),
          (field) => `actions.${i}.${field}`,
        );
        await this.meetings.linkAction(manager, decision.id, created.id, i);
        actions.push(created);
      }
      return { decision, actions };
    });
    // The reply is the decision as the chair's minutes show it, with the chair's sight after the
    // decision (which may have moved regie): its actions only where that reveals the safety plan.
    const [inSight, names] = await Promise.all([
      this.caseFacts.inSight(actor.reach, [caseId]),
      this.organisations.names(actions.map((action) => action.assigneeOrganisationId)),
    ]);
    const target = inSight.get(caseId);
    return decisionView(decision, actions, target !== undefined && reveals(target.sight, 'safetyPlan'), names);
  }

  /**
   * Who a decision may make regisseur of a case on the agenda: the case-work service's own list,
   * asked under the same checks as the decision and with the `assign_regie` it would lend the chair.
   * A read: no transaction, so the request never holds two pool connections at once.
   */
  async regisseurCandidates(actor: Actor, meetingId: string, caseId: string) {
    // Outside a transaction the share lock only checks that the meeting is open; a read needs no more.
    await this.chairedItem(this.meetings.reading, actor.reach, meetingId, caseId, 'share');
    return this.work.regisseurCandidates(actor.reach.lending(new Map([[caseId, CANDIDATE_GRANTS]])), caseId);
  }

  /**
   * The regisseur (or a supervisor of the regie organisation) adds a participant to the case's
   * network from within the meeting; the case-work partner service decides who may and records it.
   */
  async addPartner(actor: Actor, meetingId: string, itemId: string, input: PartnerInput) {
    const item = await this.store.transaction(async (manager) => {
      const meeting = await this.visibleMeeting(actor.reach, meetingId, manager);
      await this.lockOpen(manager, meeting.id, 'share');
      const item = await this.meetings.item(actor.reach, manager, meetingId, { id: itemId });
      if (!item) throw MeetingsException.notFound();
      if (!(await this.meetings.isParticipant(manager, meetingId, input.organisationId))) {
        throw MeetingsException.invalid([
          { field: 'organisationId', message: 'neemt niet deel aan dit overleg / not a participant of this meeting' },
        ]);
      }
      await this.work.addPartner({ ...actor, transaction: manager }, item.caseId, input);
      return item;
    });
    const partner = await this.query.written(actor.reach, item.caseId, 'partners', input.organisationId);
    return { itemId: item.id, ...partner };
  }

  /**
   * Minutes: chair, participants and per agenda item the decisions and their actions, as far as
   * the reader may see the case now. A closed meeting answers what stood at closing (`frozen`).
   */
  async minutes(actor: Actor, meetingId: string) {
    const meeting = await this.visibleMeeting(actor.reach, meetingId);
    const stored = await this.meetings.storedMinutes(meeting.id);
    const frozen = stored ?? (await this.freeze(actor.reach, meeting));
    const inSight = await this.caseFacts.inSight(
      actor.reach,
      frozen.items.map((item) => item.caseId),
    );
    const items = frozen.items.map((item): ItemView => {
      const target = inSight.get(item.caseId);
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
  private async freeze(reach: CaseReach, meeting: Meeting, manager?: Transaction): Promise<FrozenMinutes> {
    const [participants, items] = await Promise.all([
      this.meetings.participants(meeting.id, manager),
      this.meetings.items(reach, meeting.id, manager),
    ]);
    // The record is the meeting's, for every participant: each reader's reach filters it when read.
    const { decisions, links } = await this.meetings.decisions(meeting.id, manager);
    const { cases, actions } = await this.caseFacts.minutes(
      CaseReach.system('meeting minutes'),
      items.map((item) => item.caseId),
      links.map((link) => link.actionId),
      manager,
    );
    // In the closing transaction when there is one: a second connection while it holds the
    // meeting's lock could wait on the pool, held by decisions waiting on that lock.
    const [chairs, names] = await Promise.all([
      this.users.namesOf([meeting.chairUserId], manager),
      this.organisations.names([...participants, ...actions.map((action) => action.assigneeOrganisationId)], manager),
    ]);
    const chair = chairs.get(meeting.chairUserId);
    // Through JSON, as the column stores it: dates as ISO strings, the same whether stored or built now.
    return JSON.parse(
      JSON.stringify({
        chair: {
          userId: meeting.chairUserId,
          name: chair?.name ?? null,
          organisationName: chair?.organisationName ?? null,
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
    const { reach } = actor;
    const meeting = await this.visibleMeeting(reach, meetingId);
    this.assertChair(reach, meeting);
    const items = await this.meetings.items(reach, meeting.id);
    const inSight = await this.caseFacts.inSight(
      reach,
      items.map((item) => item.caseId),
    );
    const caseIds = [...inSight.keys()];
    const [deadlines, { actions, escalations }] = await Promise.all([
      this.deadlines.forCases(this.meetings.reading, caseIds),
      this.caseFacts.openWork(reach, caseIds),
    ]);
    const now = this.store.clock.now();
    const views = await this.itemViews(reach, items, inSight);
    const prepared = views.map((view, i) => {
      const target = inSight.get(items[i].caseId);
      if (!view.visible || !target) return view;
      const caseId = target.case.id;
      return {
        ...view,
        openDeadlines: deadlines
          .filter((d) => d.caseId === caseId && d.status === 'open' && seesDeadline(target.sight, d.kind))
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
  private async visibleMeeting(reach: CaseReach, meetingId: string, manager?: Transaction) {
    const meeting = await this.meetings.visible(reach, meetingId, manager);
    if (!meeting) throw MeetingsException.notFound();
    return meeting;
  }

  private assertChair(reach: CaseReach, meeting: Meeting): void {
    if (!reach.can('update', 'Meeting', meeting)) throw MeetingsException.forbidden();
  }

  /**
   * A meeting the caller chairs, locked against closing for the rest of the transaction, and still
   * open. Writes lock it for update; a read only checks that it is open.
   */
  private async chairing(
    manager: Transaction,
    reach: CaseReach,
    meetingId: string,
    mode: LockMode = 'update',
  ): Promise<Meeting> {
    const meeting = await this.visibleMeeting(reach, meetingId, manager);
    this.assertChair(reach, meeting);
    await this.lockOpen(manager, meeting.id, mode);
    return meeting;
  }

  /** A case on the agenda of an open meeting the caller chairs (see `chairing`); 404 when not on it. */
  private async chairedItem(
    manager: Transaction,
    reach: CaseReach,
    meetingId: string,
    caseId: string,
    mode: LockMode,
  ): Promise<{ meeting: Meeting; item: MeetingItem }> {
    const meeting = await this.chairing(manager, reach, meetingId, mode);
    const item = await this.meetings.item(reach, manager, meetingId, { caseId });
    if (!item) throw MeetingsException.notFound();
    return { meeting, item };
  }

  /** Closing takes the row exclusively, so a decision either commits before it or sees it closed. */
  private async lockOpen(manager: Transaction, meetingId: string, mode: LockMode): Promise<void> {
    if ((await this.meetings.lockedStatus(manager, meetingId, mode)) !== 'open') throw MeetingsException.closed();
  }

  private async view(reach: CaseReach, meeting: Meeting) {
    const [participants, items] = await Promise.all([
      this.meetings.participants(meeting.id),
      this.meetings.items(reach, meeting.id),
    ]);
    const [names, inSight] = await Promise.all([
      this.organisations.names(participants),
      this.caseFacts.inSight(
        reach,
        items.map((item) => item.caseId),
      ),
    ]);
    return {
      ...summary(meeting),
      participants: participants.map((id) => ({ organisationId: id, organisationName: names.get(id) ?? null })),
      agenda: await this.itemViews(reach, items, inSight),
    };
  }

  /** Items in agenda order: a case outside the viewer's reach is its opaque id and position only. */
  private async itemViews(
    reach: CaseReach,
    items: MeetingItem[],
    inSight: InSight,
    manager?: Transaction,
  ): Promise<ItemView[]> {
    const seen = items.filter((item) => inSight.has(item.caseId)).map((item) => item.caseId);
    const involvements = await this.caseFacts.persons(reach, seen, manager);
    return items.map((item): ItemView => {
      const target = inSight.get(item.caseId);
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
          .map((i) => ({ role: i.role, firstName: i.firstName, lastName: i.lastName })),
        ...(reveals(target.sight, 'risk') ? { riskLevel: c.riskLevel } : {}),
      };
    });
  }

  /** One entry for the meeting and one per case shown to this reader, committed before the answer leaves. */
  private async recordReads(actor: Actor, subjectType: string, meeting: Meeting, shown: ItemView[]): Promise<void> {
    const cases = await this.caseFacts.receivingOrganisations(
      actor.reach,
      shown.flatMap((view) => (view.visible ? [view.caseId] : [])),
    );
    await this.store.transaction((manager) =>
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
    target?: Pick<MeetingCase, 'id' | 'organisationId'>,
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
  actions: MeetingAction[],
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
