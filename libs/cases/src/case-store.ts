import { Inject, Injectable } from '@nestjs/common';
import { Action, CaseReach, ROLES, SubjectType } from '@vt/access';
import { AuditAction, AuditService } from '@vt/audit';
import { Clock, CLOCK, Principal } from '@vt/common';
import { Transaction } from '@vt/database';
import { DeadlinesService } from '@vt/deadlines';
import { SelectQueryBuilder } from 'typeorm';
import { CaseRepository } from './case.repository';
import { Case } from './case.entity';
import { phaseRefusal } from './case-lifecycle';
import { CASE_OPERATIONS, CaseOperation, openInPhase, OperationRule } from './case-operations';
import { CasePartner } from './case-partner.entity';
import { Sight, sightOf } from './case-sight';
import { EventCategory } from './case-record.entity';
import { CasesException } from './cases.exception';

/** Who acts, and where the request came from (for the audit entry). */
export interface Actor {
  principal: Principal;
  /** The case scope opened for the principal, with anything lent to them (a meeting's grants). */
  reach: CaseReach;
  /**
   * A transaction the actor's case writes join instead of opening their own: a meeting's decision,
   * whose owner commits everything it set in motion at once and then syncs the deadline timers.
   */
  transaction?: Transaction;
  requestId: string;
  clientAddress: string;
}

/** The audit entry's account of who acted, from where. */
export function actorFields(actor: Actor) {
  return {
    actorUserId: actor.principal.userId,
    actorOrganisationId: actor.principal.organisationId,
    actorRoles: actor.principal.roles,
    requestId: actor.requestId,
    clientAddress: actor.clientAddress,
  };
}

export { ACTIVE_PARTNER, CASE_ALIAS, PARTNER_ALIAS } from './case.repository';

/** A case being changed inside a transaction, by an actor. */
export interface CaseScope {
  manager: Transaction;
  case: Case;
  actor: Actor;
  /** The clock's time when the change began: one moment for everything it writes. */
  now: Date;
  /** Adds a timeline event in this transaction. */
  event(type: string, category: EventCategory, data?: Record<string, unknown>): Promise<void>;
}

/** A case loaded for a write: locked, with the caller's membership and reach. */
export interface CaseTx extends CaseScope {
  membership: CasePartner;
  reach: CaseReach;
}

/**
 * What a write needs: a named operation (its permission and phases from CASE_OPERATIONS), or for
 * work on one row of the case (an action, an escalation, a note) the permission on the case alone.
 * Visible but not allowed: 403; the wrong phase or a closed case: 409.
 */
export type WriteSpec = { audit: { action: AuditAction; subjectType: string } } & (
  { operation: CaseOperation } | { permission: Action }
);

export interface WriteResult<T> {
  result: T;
  subjectId?: string;
  personRefs?: string[];
}

/** The role an event's actor acted in: their first role in ROLES' order (case roles come first). */
function caseRoleOf(roles: readonly string[]): string | null {
  return ROLES.find((role) => roles.includes(role)) ?? null;
}

/**
 * The one way into a case. Reads and writes find it through the caller's reach, in SQL (no active
 * membership: 404), and check permissions through it, lent grants included; writes lock the case
 * row and commit the change, its timeline events and its audit entry in one transaction, or join
 * the transaction the actor carries.
 */

@Injectable()
export class CaseStore {
  constructor(
    private readonly cases: CaseRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) readonly clock: Clock,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** The handle for reads outside a transaction, passed on unopened to `read` and `visibleCases`. */
  get reading(): Transaction {
    return this.cases.manager;
  }

  /** A transaction whose deadline changes get their timers once it has committed. */
  async transaction<T>(work: (manager: Transaction) => Promise<T>): Promise<T> {
    let used: Transaction | undefined;
    const result = await this.cases.transaction((manager) => {
      used = manager;
      return work(manager);
    });
    if (used) await this.deadlines.afterCommit(used);
    return result;
  }

  /** The actor's transaction when it carries one (its owner syncs the timers), else one of its own. */
  private within<T>(actor: Actor, work: (manager: Transaction) => Promise<T>): Promise<T> {
    return actor.transaction ? work(actor.transaction) : this.transaction(work);
  }

  /** Cases joined to the reach's active membership, as `c` and `partner`. */
  visibleCases(manager: Transaction, reach: CaseReach): SelectQueryBuilder<Case> {
    return this.cases.visibleCases(reach, manager);
  }

  /**
   * The cases among `caseIds` in the reach, with what the caller may see of each; the rest are
   * left out, not refused (an agenda lists cases whoever may see them).
   */
  async casesInReach(
    reach: CaseReach,
    caseIds: string[],
    manager = this.cases.manager,
  ): Promise<Map<string, { case: Case; sight: Sight }>> {
    const found = await this.cases.visibleAmong(reach, manager, caseIds);
    return new Map(
      found.map(({ case: c, categories }) => [c.id, { case: c, sight: sightOf(reach.principal, c, { categories }) }]),
    );
  }

  /** The reach's membership of a case, or 404. */
  async membership(manager: Transaction, reach: CaseReach, caseId: string): Promise<CasePartner> {
    const membership = await this.cases.membership(reach, manager, caseId);
    if (!membership) throw CasesException.notFound();
    return membership;
  }

  /** The case with the reach's membership of it, or 404. */
  async read(manager: Transaction, reach: CaseReach, caseId: string) {
    const found = await this.cases.readable(reach, manager, caseId);
    if (!found) throw CasesException.notFound();
    return found;
  }

  async write<T>(actor: Actor, caseId: string, spec: WriteSpec, work: (tx: CaseTx) => Promise<WriteResult<T>>) {
    const { reach } = actor;
    return this.within(actor, async (manager) => {
      const found = await this.cases.lockForWrite(reach, manager, caseId);
      if (!found) throw CasesException.notFound();
      const { case: locked, membership } = found;
      this.assertMay(reach, 'operation' in spec ? CASE_OPERATIONS[spec.operation] : spec, locked);
      const tx: CaseTx = { ...this.scope(manager, actor, locked), membership, reach };
      const outcome = await work(tx);
      await this.recordAudit(manager, actor, spec.audit, locked, outcome);
      return outcome.result;
    });
  }

  scope(manager: Transaction, actor: Actor, target: Case): CaseScope {
    return {
      manager,
      case: target,
      actor,
      now: this.clock.now(),
      event: (type, category, data = {}) => this.event(manager, actor, target, type, category, data),
    };
  }

  /** Whether the organisation is an active partner of the case (assignees, escalation targets). */
  isActivePartner(manager: Transaction, reach: CaseReach, caseId: string, organisationId: string): Promise<boolean> {
    return this.cases.isActivePartner(reach, manager, caseId, organisationId);
  }

  /** The rule's permission on the case (403), then its phase (409). */
  assertMay(reach: CaseReach, rule: OperationRule, target: Case): void {
    this.assertCan(reach, rule.permission, 'Case', target);
    if (!openInPhase(rule, target.phase)) throw phaseRefusal(target.phase);
  }

  /** The reach's rules, or a permission lent to it for the case (a meeting's grants); 403 otherwise. */
  assertCan(reach: CaseReach, action: Action, type: SubjectType, row: object): void {
    if (!reach.can(action, type, row)) throw CasesException.forbidden();
  }

  event(
    manager: Transaction,
    actor: Actor,
    target: Pick<Case, 'id' | 'regisseurUserId'>,
    type: string,
    category: EventCategory,
    data: Record<string, unknown>,
  ): Promise<void> {
    const { principal } = actor;
    return this.cases.insertEvent(actor.reach, manager, {
      caseId: target.id,
      type,
      category,
      data,
      actorRole: target.regisseurUserId === principal.userId ? 'regisseur' : caseRoleOf(principal.roles),
    });
  }

  recordAudit(
    manager: Transaction,
    actor: Actor,
    audit: WriteSpec['audit'],
    target: Pick<Case, 'id' | 'organisationId'>,
    outcome: { subjectId?: string; personRefs?: string[] },
  ): Promise<void> {
    return this.audit.recordWithin(manager, {
      action: audit.action,
      subjectType: audit.subjectType,
      subjectId: outcome.subjectId ?? target.id,
      // The receiving organisation's privacy officer answers for who saw its cases.
      subjectOrganisationId: target.organisationId,
      caseId: target.id,
      personRefs: outcome.personRefs ?? [],
      outcome: 'success',
      ...actorFields(actor),
    });
  }
}
