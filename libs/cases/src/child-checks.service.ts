import { Injectable } from '@nestjs/common';
import { OrganisationDirectory } from '@vt/access';
import { Transaction } from '@vt/database';
import { DeadlinesService } from '@vt/deadlines';
import { NotificationsService } from '@vt/notifications';
import type { Case } from './case.entity';
import { DATA_CATEGORIES } from './case-partner.entity';
import { reveals, Sight } from './case-sight';
import { Actor, CaseStore, CaseTx } from './case-store';
import { CasesException } from './cases.exception';
import { ChildCheck, ChildInvolvement, ChildProtectionReferral, ReferralReason } from './child-check.entity';
import { ChildChecksRepository } from './child-checks.repository';
import type { CasePerson } from './person.entity';

export interface ChildCheckInput {
  seen: boolean;
  spokenTo: boolean;
  childView: string | null;
  involvement: ChildInvolvement;
  caregivers: string | null;
  schoolKnown: boolean;
  school: string | null;
}

export interface ReferralInput {
  reason: ReferralReason;
  /** The board to bring in; absent: the one board in the receiving organisation's region. */
  organisationId?: string;
}

/**
 * Veilig Thuis informs the child protection board when the children's safety calls for it (Wmo
 * 2015 art. 4.1.1 lid 2); after (attempted) partner killing at once.
 */
export const BOARD_LEGAL_BASIS_REF = 'Wmo 2015 art. 4.1.1 lid 2 (Raad voor de Kinderbescherming)';

const FIELDS = ['seen', 'spokenTo', 'childView', 'involvement', 'caregivers', 'schoolKnown', 'school'] as const;

/** The check as a caller sees it: the child's own words only with `narrative`. */
function checkView(check: ChildCheck, narrative: boolean) {
  return {
    seen: check.seen,
    spokenTo: check.spokenTo,
    ...(narrative ? { childView: check.childView } : {}),
    involvement: check.involvement,
    caregivers: check.caregivers,
    schoolKnown: check.schoolKnown,
    school: check.school,
    recordedBy: check.recordedBy,
    recordedAt: check.recordedAt,
    updatedBy: check.updatedBy,
    updatedAt: check.updatedAt,
  };
}

/** Whether a person is a minor in a case: a child in it, or under 18 by date of birth. */
export function isMinor(roles: readonly string[], dateOfBirth: string | null, today: Date): boolean {
  if (roles.includes('child')) return true;
  if (!dateOfBirth) return false;
  const eighteenth = new Date(`${dateOfBirth}T00:00:00Z`);
  eighteenth.setUTCFullYear(eighteenth.getUTCFullYear() + 18);
  return eighteenth > today;
}

/**
 * Children in a case (docs/children.md): a check per child with its own deadline, and the referral
 * to the child protection board after (attempted) partner killing. Both are steps of the receiving
 * Veilig Thuis, like the safety assessment they belong to.
 */
@Injectable()
export class ChildChecksService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly notifications: NotificationsService,
    private readonly repository: ChildChecksRepository,
    private readonly directory: OrganisationDirectory,
  ) {}

  /**
   * Opens a `child_check` deadline for every child of the case that has none yet: at intake, and
   * when a later report names a new child. Counted from that report's receipt.
   */
  async openDeadlines(manager: Transaction, caseId: string, receivedAt: Date, acute: boolean): Promise<void> {
    const children = await this.repository.childrenWithoutDeadline(manager, caseId);
    const dueAt = this.deadlines.childCheckDueAt(receivedAt, acute);
    for (const personId of children) {
      await this.deadlines.open(manager, { caseId, kind: 'child_check', subjectId: personId }, receivedAt, dueAt);
    }
  }

  /**
   * Records or updates the check of one child. Seeing the child meets its deadline; the timeline
   * gets which fields changed (not their text).
   */
  record(actor: Actor, caseId: string, personId: string, input: ChildCheckInput) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'record_child_check', audit: { action: 'update', subjectType: 'ChildCheck' } },
      async (tx) => {
        await this.assertChild(tx, personId);
        if (input.childView !== null && !input.spokenTo) {
          throw CasesException.invalid(
            'childView',
            'alleen als met het kind is gesproken / only when the child was spoken to',
          );
        }
        if (input.school !== null && !input.schoolKnown) {
          throw CasesException.invalid('school', 'alleen als school of opvang bekend is / only when known');
        }
        const existing = await this.repository.check(tx.manager, caseId, personId);
        const changed = FIELDS.filter((field) => !existing || existing[field] !== input[field]);
        const check = await this.repository.saveCheck(tx.manager, {
          ...(existing ?? { caseId, personId, recordedBy: actor.principal.userId, recordedAt: tx.now }),
          ...input,
          updatedBy: actor.principal.userId,
          updatedAt: tx.now,
        });
        if (check.seen) {
          await this.deadlines.complete(tx.manager, { caseId, kind: 'child_check', subjectId: personId }, tx.now);
        }
        await tx.event(existing ? 'child_check_updated' : 'child_check_recorded', 'safety', {
          personId,
          seen: check.seen,
          spokenTo: check.spokenTo,
          involvement: check.involvement,
          changed,
        });
        // The reply is the row as the caller's case view shows it (CaseQueryService.written).
        return { result: undefined, subjectId: check.id, personRefs: [personId] };
      },
    );
  }

  /**
   * Children of a victim of (attempted) partner killing: the child protection board joins the
   * network at once on a statutory basis, seeing every category, and its caseworkers and
   * supervisors are notified. Once per case.
   */
  refer(actor: Actor, caseId: string, input: ReferralInput) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'refer_child_protection', audit: { action: 'create', subjectType: 'ChildProtectionReferral' } },
      async (tx) => {
        if (!(await this.repository.hasChildren(tx.manager, caseId))) {
          throw CasesException.conflict('Deze casus heeft geen kinderen / this case has no children');
        }
        if (await this.repository.referred(tx.manager, caseId)) {
          throw CasesException.conflict('De Raad voor de Kinderbescherming is al ingeschakeld / already referred');
        }
        const boardId = await this.board(tx, input.organisationId);
        await this.joinNetwork(tx, boardId);
        const referral = await this.repository.createReferral(tx.manager, {
          caseId,
          organisationId: boardId,
          reason: input.reason,
          referredBy: actor.principal.userId,
          referredAt: tx.now,
        });
        const notified = await this.notifications.notifyWithin(tx.manager, [
          {
            kind: 'child_protection_referral',
            caseId,
            subjectId: referral.id,
            title: `Kinderen na (poging tot) partnerdoding: casus ${tx.case.reference}`,
            body:
              `Veilig Thuis heeft uw organisatie op wettelijke grondslag toegevoegd aan casus ${tx.case.reference}, ` +
              'omdat er kinderen zijn van een slachtoffer van (een poging tot) partnerdoding.',
            to: { roles: [{ organisationId: boardId, roles: ['caseworker', 'supervisor'] }] },
          },
        ]);
        await tx.event('child_protection_referred', 'safety', {
          referralId: referral.id,
          organisationId: boardId,
          reason: input.reason,
          notified,
        });
        return { result: { ...referralView(referral), notified }, subjectId: referral.id };
      },
    );
  }

  /**
   * What the case view shows of the children, and what `allowedOperations` needs to know. The
   * checks and the referral are `safety`; the child's own words `narrative`.
   */
  async viewOf(manager: Transaction, target: Case, sight: Sight, involvements: CasePerson[]) {
    const children = [...new Set(involvements.filter((i) => i.role === 'child').map((i) => i.personId))];
    const referral = await this.repository.referral(manager, target.id);
    const state = { any: children.length > 0, referred: referral !== null };
    if (!reveals(sight, 'children')) return { state, view: {} };
    const checks = children.length > 0 ? await this.repository.checks(manager, target.id) : [];
    const narrative = reveals(sight, 'narrative');
    return {
      state,
      view: {
        childChecks: children.map((personId) => {
          const check = checks.find((c) => c.personId === personId);
          return { personId, check: check ? checkView(check, narrative) : null };
        }),
        childProtectionReferral: referral ? referralView(referral) : null,
      },
    };
  }

  /** 404 for a person outside the case; 409 for one who is not a child in it. */
  private async assertChild(tx: CaseTx, personId: string): Promise<void> {
    const roles = await this.repository.roles(tx.manager, tx.case.id, personId);
    if (roles.length === 0) throw CasesException.notFound();
    if (!roles.includes('child')) {
      throw CasesException.conflict('Een kindcheck is alleen voor een kind in deze casus / only for a child', [
        { field: 'personId', message: 'geen kind in deze casus / not a child in this case' },
      ]);
    }
  }

  /** The board asked for, or the one board in the receiving organisation's region. */
  private async board(tx: CaseTx, organisationId?: string): Promise<string> {
    const boards = await this.boards(tx, organisationId);
    if (organisationId && boards.length === 0) {
      throw CasesException.invalid(
        'organisationId',
        'geen Raad voor de Kinderbescherming / not a child protection board',
      );
    }
    if (boards.length !== 1) {
      throw CasesException.invalid(
        'organisationId',
        `${boards.length === 0 ? 'geen' : 'meer dan één'} Raad voor de Kinderbescherming in de regio; kies er een / choose a board`,
      );
    }
    return boards[0];
  }

  /** The board asked for, or the boards in the receiving organisation's region. */
  private async boards(tx: CaseTx, organisationId?: string): Promise<string[]> {
    if (!organisationId) {
      return this.directory.ofKind('child_protection_board', { sameAs: tx.case.organisationId }, tx.manager);
    }
    const card = await this.directory.card(organisationId, tx.manager);
    return card?.kind === 'child_protection_board' ? [card.id] : [];
  }

  /** A membership on statutory basis with every category; one the board already had is raised to it. */
  private async joinNetwork(tx: CaseTx, boardId: string): Promise<void> {
    const grant = {
      legalBasis: 'statutory' as const,
      legalBasisRef: BOARD_LEGAL_BASIS_REF,
      categories: [...DATA_CATEGORIES],
      expiresAt: null,
    };
    const active = await this.repository.joinNetwork(
      tx.manager,
      { caseId: tx.case.id, caseSeq: tx.case.seq, organisationId: boardId, by: tx.actor.principal.userId, at: tx.now },
      grant,
    );
    await tx.event(active ? 'partner_changed' : 'partner_added', 'basic', {
      organisationId: boardId,
      legalBasis: grant.legalBasis,
      legalBasisRef: grant.legalBasisRef,
      categories: grant.categories,
      expiresAt: null,
    });
  }
}

function referralView(referral: ChildProtectionReferral) {
  return {
    id: referral.id,
    organisationId: referral.organisationId,
    reason: referral.reason,
    referredBy: referral.referredBy,
    referredAt: referral.referredAt,
  };
}
