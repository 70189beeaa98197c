import { AbilityBuilder, createMongoAbility, MongoAbility } from '@casl/ability';
import { ANONYMOUS_CHAIN } from '@vt/audit';
import type { Principal } from '@vt/common';

export type Action =
  | 'manage'
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'verify'
  // Case work: the decisions of the regisseur, the supervisors and the receiving Veilig Thuis,
  // named after what they do.
  | 'assess'
  | 'assess_risk'
  | 'investigate'
  | 'report'
  | 'assign_regie'
  | 'manage_partners'
  | 'direct'
  | 'read_related'
  | 'resolve'
  | 'write_medical'
  | 'extend_investigation'
  | 'record_order'
  | 'decide';
export type SubjectType =
  | 'Organisation'
  | 'User'
  | 'AuditEntry'
  | 'Case'
  | 'CasePartner'
  | 'CaseAction'
  | 'Escalation'
  | 'Approval'
  | 'Deadline'
  | 'Dashboard'
  | 'Figures'
  | 'Notification'
  | 'Meeting'
  | 'MeetingParticipant'
  | 'all';

/** Roles that work on cases; admin and privacy_officer see no case content. */
export const CASE_ROLES = ['caseworker', 'supervisor', 'medical', 'chair'] as const;

/** Plain objects tagged with their subject type, so conditions can be checked in memory too. */
export type AppAbility = MongoAbility<[Action, SubjectType | Record<string, unknown>]>;

/**
 * Who may do what with a case, for one request. The same rules drive the endpoint guard,
 * in-memory checks on loaded rows and the SQL conditions of list queries (see accessible-by.ts).
 */
export function defineAbilityFor(principal: Principal): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const own = principal.organisationId;

  // Names of organisations are needed to invite partners; nothing else about them.
  can('read', 'Organisation');
  can('read', 'User', { id: principal.userId });
  can(['read', 'update'], 'Notification', { recipientUserId: principal.userId });
  if (principal.roles.some((role) => (CASE_ROLES as readonly string[]).includes(role))) {
    defineCaseRules(principal, can);
  }

  for (const role of principal.roles) {
    switch (role) {
      case 'admin':
        can(['read', 'create', 'update'], 'User', { organisationId: own });
        break;
      case 'privacy_officer':
        can('read', 'AuditEntry', { actorOrganisationId: own });
        can('read', 'AuditEntry', { subjectOrganisationId: own });
        can('verify', 'AuditEntry', { chainId: own });
        // Events without an organisation (refused tokens, throttled logins, refresh-token reuse)
        // are the platform operator's to read and verify.
        if (principal.organisationKind === 'platform') {
          can(['read', 'verify'], 'AuditEntry', { chainId: ANONYMOUS_CHAIN });
        }
        break;
      case 'platform_admin':
        can(['create', 'update'], 'Organisation');
        break;
      default:
        // Case roles get their rules from defineCaseRules.
        break;
    }
  }
  return build({ detectSubjectType: (object) => (object as { __type: SubjectType }).__type });
}

/**
 * A case exists for an organisation only through an active membership of its network: not
 * removed and not expired. List and lookup queries turn this rule into their SQL join condition.
 */
function defineCaseRules(principal: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  const own = principal.organisationId;
  const me = principal.userId;
  const roles = new Set(principal.roles);
  // Two rules, which CASL joins with OR: without expiry, or not yet expired.
  can('read', 'CasePartner', { organisationId: own, removedAt: null, expiresAt: null });
  can('read', 'CasePartner', { organisationId: own, removedAt: null, expiresAt: { $gt: new Date() } });
  // Rules on 'Case' apply to a case the caller can already see (found through the rule above).
  can('read', 'Case');
  can('read', 'CaseAction');
  can('read', 'Escalation');
  can(['assign_regie', 'manage_partners', 'direct'], 'Case', { regisseurUserId: me });
  can('update', 'CaseAction', { assigneeOrganisationId: own });
  can('update', 'CaseAction', { caseRegisseurUserId: me });
  can('read_related', 'Case', { organisationId: own });
  // Deadlines are listed for the organisation holding regie; the condition names the case's column.
  can('read', 'Deadline', { regieOrganisationId: own });
  const veiligThuis = principal.organisationKind === 'veilig_thuis';
  if (roles.has('caseworker')) {
    if (veiligThuis) {
      can('create', 'Case');
      can('report', 'Case', { organisationId: own });
      // The safety assessment and the investigation are Veilig Thuis's statutory tasks (Wmo 2015
      // art. 4.1.1): they stay with the receiving organisation, whoever holds regie.
      can(['assess', 'investigate'], 'Case', { organisationId: own });
    }
    // A restraining order is the mayor's; any caseworker in the network may record and extend it.
    can('record_order', 'Case');
    // Risk is assessed by caseworkers of any network organisation that sees the safety category
    // (the category is the membership's, checked by the service).
    can('assess_risk', 'Case');
  }
  if (roles.has('supervisor')) {
    can(['assign_regie', 'manage_partners'], 'Case', { regieOrganisationId: own });
    can('resolve', 'Escalation', { targetOrganisationId: own });
    // Extending the statutory investigation term likewise stays with the receiving organisation.
    if (veiligThuis) can('extend_investigation', 'Case', { organisationId: own });
    // Counts, waiting list and lead times of the organisation, and their export. The condition
    // names the case's column, as for deadlines: the dashboard's SQL is on the cases of its regie.
    can('read', 'Dashboard', { regieOrganisationId: own });
    // The quarterly figures are the receiving organisation's: its reports, cases and advice requests.
    can('read', 'Figures', { organisationId: own });
    // Four eyes: approvals wait for the regie organisation's supervisors, and not for their requester.
    // The conditions name the case's column, as for deadlines.
    can('read', 'Approval', { regieOrganisationId: own });
    can('decide', 'Approval', { regieOrganisationId: own, requestedBy: { $ne: me } });
  }
  if (roles.has('medical')) can('write_medical', 'Case');
  defineMeetingRules(principal, can);
}

/**
 * A meeting exists for the organisations taking part in it (list queries join the participant
 * rows under this rule). Chairs create meetings, and chairs of the holding organisation run them;
 * what each participant sees of an agenda item follows the case rules above.
 */
function defineMeetingRules(principal: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  const own = principal.organisationId;
  can('read', 'MeetingParticipant', { organisationId: own });
  if (principal.roles.includes('chair')) {
    can('create', 'Meeting');
    can('update', 'Meeting', { organisationId: own });
  }
}

/** Tags a plain row with its subject type for an in-memory ability check. */
export function subject<T extends object>(type: SubjectType, object: T): T & { __type: SubjectType } {
  return Object.assign(object, { __type: type });
}
