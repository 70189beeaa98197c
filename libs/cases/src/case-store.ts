import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { accessibleBy, Action, AppAbility, defineAbilityFor, ROLES, subject, SubjectType } from '@vt/access';
import { AuditAction, AuditService } from '@vt/audit';
import { Clock, CLOCK, Principal } from '@vt/common';
import { DeadlinesService } from '@vt/deadlines';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Case } from './case.entity';
import { phaseRefusal } from './case-lifecycle';
import { CASE_OPERATIONS, CaseOperation, openInPhase, OperationRule } from './case-operations';
import { CasePartner } from './case-partner.entity';
import { EventCategory } from './case-record.entity';
import { CasesException } from './cases.exception';

/** Who acts, and where the request came from (for the audit entry). */
export interface Actor {
  principal: Principal;
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

export const CASE_ALIAS = 'c';
export const PARTNER_ALIAS = 'partner';

/** SQL condition (on alias `p`) for a membership that is in force: not removed, not expired. */
export const ACTIVE_PARTNER = `p.removed_at IS NULL AND (p.expires_at IS NULL OR p.expires_at > now())`;

/** A case being changed inside a transaction, by an actor. */
export interface CaseScope {
  manager: EntityManager;
  case: Case;
  actor: Actor;
  /** The clock's time when the change began: one moment for everything it writes. */
  now: Date;
  /** Adds a timeline event in this transaction. */
  event(type: string, category: EventCategory, data?: Record<string, unknown>): Promise<void>;
}

/** A case loaded for a write: locked, with the caller's membership and ability. */
export interface CaseTx extends CaseScope {
  membership: CasePartner;
  ability: AppAbility;
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

/**
 * The one way into a case. Reads and writes find it through the caller's active network
 * membership in SQL (absent, removed or expired: 404); writes lock the case row and commit the
 * change, its timeline events and its audit entry in one transaction.
 */
/** The role an event's actor acted in: their first role in ROLES' order (case roles come first). */
function caseRoleOf(roles: readonly string[]): string | null {
  return ROLES.find((role) => roles.includes(role)) ?? null;
}

@Injectable()
export class CaseStore {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(CLOCK) readonly clock: Clock,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** A transaction whose deadline changes get their timers once it has committed. */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let used: EntityManager | undefined;
    const result = await this.dataSource.transaction((manager) => {
      used = manager;
      return work(manager);
    });
    if (used) await this.deadlines.afterCommit(used);
    return result;
  }

  /** Cases joined to the caller's active membership, as `c` and `partner`. */
  visibleCases(manager: EntityManager, ability: AppAbility): SelectQueryBuilder<Case> {
    const partners = manager.getRepository(CasePartner);
    return manager
      .getRepository(Case)
      .createQueryBuilder(CASE_ALIAS)
      .innerJoin(CasePartner, PARTNER_ALIAS, `${PARTNER_ALIAS}.caseId = ${CASE_ALIAS}.id`)
      .where(accessibleBy(ability, 'read', 'CasePartner', PARTNER_ALIAS, partners.metadata));
  }

  /** The caller's membership of a case, or 404. */
  async membership(manager: EntityManager, ability: AppAbility, caseId: string): Promise<CasePartner> {
    const partners = manager.getRepository(CasePartner);
    const membership = await partners
      .createQueryBuilder(PARTNER_ALIAS)
      .where(`${PARTNER_ALIAS}.caseId = :caseId`, { caseId })
      .andWhere(accessibleBy(ability, 'read', 'CasePartner', PARTNER_ALIAS, partners.metadata))
      .getOne();
    if (!membership) throw CasesException.notFound();
    return membership;
  }

  async read(manager: EntityManager, principal: Principal, caseId: string) {
    const ability = defineAbilityFor(principal);
    const membership = await this.membership(manager, ability, caseId);
    const found = await manager.getRepository(Case).findOneByOrFail({ id: caseId });
    return { case: found, membership, ability };
  }

  async write<T>(actor: Actor, caseId: string, spec: WriteSpec, work: (tx: CaseTx) => Promise<WriteResult<T>>) {
    const ability = defineAbilityFor(actor.principal);
    return this.transaction(async (manager) => {
      const locked = await manager
        .getRepository(Case)
        .createQueryBuilder(CASE_ALIAS)
        // Not FOR UPDATE: radar links to this case from another intake need only a key-share lock.
        .setLock('for_no_key_update')
        .where(`${CASE_ALIAS}.id = :caseId`, { caseId })
        .getOne();
      if (!locked) throw CasesException.notFound();
      const membership = await this.membership(manager, ability, caseId);
      this.assertMay(ability, 'operation' in spec ? CASE_OPERATIONS[spec.operation] : spec, locked);
      const tx: CaseTx = { ...this.scope(manager, actor, locked), membership, ability };
      const outcome = await work(tx);
      await this.recordAudit(manager, actor, spec.audit, locked, outcome);
      return outcome.result;
    });
  }

  scope(manager: EntityManager, actor: Actor, target: Case): CaseScope {
    return {
      manager,
      case: target,
      actor,
      now: this.clock.now(),
      event: (type, category, data = {}) => this.event(manager, actor, target, type, category, data),
    };
  }

  /** Whether the organisation is an active partner of the case (assignees, escalation targets). */
  async isActivePartner(manager: EntityManager, caseId: string, organisationId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM case_partners p WHERE p.case_id = $1 AND p.organisation_id = $2 AND ${ACTIVE_PARTNER}`,
      [caseId, organisationId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The rule's permission on the case (403), then its phase (409). */
  assertMay(ability: AppAbility, rule: OperationRule, target: Case): void {
    this.assertCan(ability, rule.permission, 'Case', target);
    if (!openInPhase(rule, target.phase)) throw phaseRefusal(target.phase);
  }

  assertCan(ability: AppAbility, action: Action, type: SubjectType, row: object): void {
    if (!ability.can(action, subject(type, { ...row }))) throw CasesException.forbidden();
  }

  async event(
    manager: EntityManager,
    actor: Actor,
    target: Pick<Case, 'id' | 'regisseurUserId'>,
    type: string,
    category: EventCategory,
    data: Record<string, unknown>,
  ): Promise<void> {
    const { principal } = actor;
    await manager.query(
      `INSERT INTO case_events (case_id, type, category, data, actor_user_id, actor_organisation_id, actor_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        target.id,
        type,
        category,
        JSON.stringify(data),
        principal.userId,
        principal.organisationId,
        target.regisseurUserId === principal.userId ? 'regisseur' : caseRoleOf(principal.roles),
      ],
    );
  }

  recordAudit(
    manager: EntityManager,
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
