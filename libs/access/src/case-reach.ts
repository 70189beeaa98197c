import type { Principal } from '@vt/common';
import { Brackets, EntityMetadata } from 'typeorm';
import { Action, AppAbility, defineAbilityFor, subject, SubjectType } from './ability.factory';
import { accessibleBy, accessibleSql } from './accessible-by';

/** Case permissions lent for one case each (by case id): what a meeting's partners decided together. */
export type LentGrants = ReadonlyMap<string, ReadonlySet<Action>>;

const NOTHING_LENT: LentGrants = new Map();

/**
 * The one scope through which case data is read and written. It is opened once for the caller
 * (organisation, roles, and the ability their rules make) and carries any permission lent for a
 * case explicitly, such as a meeting's. Repository methods on case tables take it as their first
 * parameter, so none can be called without one; the access condition of every query comes from
 * it, never from a hand-written organisation filter. The system's own jobs (timers, sweeps) open a
 * named system reach instead, which sees every case and is never handed to a request.
 */
export class CaseReach {
  private constructor(
    private readonly caller: Principal | null,
    readonly ability: AppAbility,
    readonly lent: LentGrants,
    /** For a system reach: the job it was opened for. */
    readonly job: string | null,
  ) {}

  static of(principal: Principal, lent: LentGrants = NOTHING_LENT): CaseReach {
    return new CaseReach(principal, defineAbilityFor(principal), lent, null);
  }

  static system(job: string): CaseReach {
    return new CaseReach(null, defineAbilityFor(SYSTEM_PRINCIPAL), NOTHING_LENT, job);
  }

  /** The same caller with these permissions lent on top (a meeting passing its grants on). */
  lending(grants: LentGrants): CaseReach {
    return new CaseReach(this.caller, this.ability, grants, this.job);
  }

  get isSystem(): boolean {
    return this.caller === null;
  }

  /** The caller; a system reach has none, and asking for it is a programming error. */
  get principal(): Principal {
    if (!this.caller) throw new Error(`the system reach for ${this.job} has no caller`);
    return this.caller;
  }

  get organisationId(): string {
    return this.principal.organisationId;
  }

  /** Whether `action` on `row` is allowed by the caller's rules, or lent for the case it names. */
  can(action: Action, type: SubjectType, row: object, caseId?: string): boolean {
    if (this.isSystem) return true;
    const lentFor = caseId ?? (type === 'Case' ? (row as { id?: string }).id : undefined);
    if (lentFor && this.lent.get(lentFor)?.has(action)) return true;
    return this.ability.can(action, subject(type, { ...row }));
  }

  /** The access condition on `alias` for a query builder: exactly the rules `can` applies. */
  where(action: Action, type: SubjectType, alias: string, metadata: EntityMetadata): Brackets {
    if (this.isSystem) return new Brackets((qb) => qb.where('TRUE'));
    return accessibleBy(this.ability, action, type, alias, metadata);
  }

  /** The same condition for a hand-written statement, its values appended to `params` as `$n`. */
  sql(action: Action, type: SubjectType, alias: string, params: unknown[]): string {
    if (this.isSystem) return 'TRUE';
    return accessibleSql(this.ability, action, type, alias, params);
  }
}

/** A principal with no roles: its ability allows nothing, so a system reach's answers come from `isSystem`. */
const SYSTEM_PRINCIPAL: Principal = {
  userId: '00000000-0000-0000-0000-000000000000',
  organisationId: '00000000-0000-0000-0000-000000000000',
  organisationKind: 'platform',
  roles: [],
  tokenId: 'system',
};
