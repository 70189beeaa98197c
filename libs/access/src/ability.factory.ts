import { AbilityBuilder, createMongoAbility, MongoAbility } from '@casl/ability';
import type { Principal } from '@vt/common';

export type Action = 'manage' | 'create' | 'read' | 'update' | 'delete' | 'verify';
export type SubjectType = 'Organisation' | 'User' | 'AuditEntry' | 'all';

/** Plain objects tagged with their subject type, so conditions can be checked in memory too. */
export type AppAbility = MongoAbility<[Action, SubjectType | Record<string, unknown>]>;

/**
 * The rules of DESIGN.md section 8 for one request. The same rules drive the endpoint guard,
 * in-memory checks on loaded rows and the SQL conditions of list queries (see accessible-by.ts).
 */
export function defineAbilityFor(principal: Principal): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const own = principal.organisationId;

  // Names of organisations are needed to invite partners; nothing else about them.
  can('read', 'Organisation');
  can('read', 'User', { id: principal.userId });

  for (const role of principal.roles) {
    switch (role) {
      case 'admin':
        can(['read', 'create', 'update'], 'User', { organisationId: own });
        break;
      case 'privacy_officer':
        can('read', 'AuditEntry', { actorOrganisationId: own });
        can('read', 'AuditEntry', { subjectOrganisationId: own });
        can('verify', 'AuditEntry', { chainId: own });
        break;
      case 'platform_admin':
        can(['create', 'update'], 'Organisation');
        break;
      default:
        // Case roles (caseworker, supervisor, medical, chair) get their rules with the case context.
        break;
    }
  }
  return build({ detectSubjectType: (object) => (object as { __type: SubjectType }).__type });
}

/** Tags a plain row with its subject type for an in-memory ability check. */
export function subject<T extends object>(type: SubjectType, object: T): T & { __type: SubjectType } {
  return Object.assign(object, { __type: type });
}
