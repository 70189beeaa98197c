import type { Action, CaseReach } from '@vt/access';
import type { Case, Phase } from './case.entity';
import type { DataCategory } from './case-partner.entity';
import type { DeadlineKind } from '@vt/deadlines';

export interface OperationRule {
  /** The ability the caller needs on the case. */
  permission: Action;
  /** The phases the operation is open in; absent: every phase but closed. */
  phases?: readonly Phase[];
  /** Open on a closed case too. */
  allowClosed?: boolean;
  /** The data category the caller must see in the case (the service checks it on the write). */
  category?: DataCategory;
}

/**
 * The case writes a client offers as buttons, each with the rule its service is held to. The
 * services name their operation here, so what `allowedOperations` promises is what the write checks.
 */
export const CASE_OPERATIONS = {
  assign_regisseur: { permission: 'assign_regie' },
  manage_partners: { permission: 'manage_partners' },
  add_report: { permission: 'report', allowClosed: true },
  record_safety_assessment: { permission: 'assess', phases: ['triage'] },
  // Children (docs/children.md): steps of the receiving Veilig Thuis, offered in a case with a child.
  record_child_check: { permission: 'assess' },
  refer_child_protection: { permission: 'assess' },
  suspend_investigation: { permission: 'investigate', phases: ['investigation'] },
  extend_investigation: { permission: 'extend_investigation', phases: ['investigation'] },
  complete_investigation: { permission: 'investigate', phases: ['investigation'] },
  create_action: { permission: 'direct' },
  raise_escalation: { permission: 'direct' },
  record_restraining_order: { permission: 'record_order' },
  assess_risk: { permission: 'assess_risk', category: 'safety' },
  close: { permission: 'direct', phases: ['follow_up'] },
  // Seen by every network member; the approval's own rule ('decide' Approval) picks who decides.
  decide_approval: { permission: 'read' },
  // After the safety assessment (docs/feedback-and-follow-up.md), also once the case has closed.
  record_reporter_feedback: {
    permission: 'report',
    phases: ['investigation', 'follow_up', 'closed'],
    allowClosed: true,
  },
  // The regie organisation's users (the service checks it as the deadlines' rule does).
  record_follow_up_check: { permission: 'read', phases: ['closed'], allowClosed: true },
} as const satisfies Record<string, OperationRule>;

export type CaseOperation = keyof typeof CASE_OPERATIONS;

/** Steps that meet a term: offered while that term is open (the service answers 409 otherwise). */
const OWED_BY_DEADLINE: Partial<Record<CaseOperation, DeadlineKind>> = {
  record_reporter_feedback: 'reporter_feedback',
  record_follow_up_check: 'follow_up_check',
};

/** The operations a pending approval holds back (the service answers 409 to them). */
export const LIFECYCLE_WAITS: readonly CaseOperation[] = ['record_safety_assessment', 'close'];

/** Whether the rule lets the operation run in this phase (the permission aside). */
export function openInPhase(rule: OperationRule, phase: Phase): boolean {
  if (phase === 'closed' && !rule.allowClosed) return false;
  return !rule.phases || rule.phases.includes(phase);
}

/**
 * Whether the caller is of the organisation holding regie over the case: the rule that lists it
 * the case's deadlines, and that the follow-up checks are recorded under.
 */
export function holdsRegie(reach: CaseReach, target: Case): boolean {
  return reach.can('read', 'Deadline', { regieOrganisationId: target.regieOrganisationId }, target.id);
}

/**
 * The operations this caller may start on the case now, in the table's order: the checks the
 * write makes, through the reach, so a permission lent for the case (a meeting's) shows. A running
 * suspension rules out a second one (the service answers 409 to it); an operation needing a data
 * category is listed only when `categories` (what the caller sees) holds it.
 */
export function allowedOperations(
  reach: CaseReach,
  target: Case,
  state: {
    suspended: boolean;
    categories?: ReadonlySet<DataCategory>;
    pendingApproval?: { requestedBy: string } | null;
    /** Whether the case has a child, and whether the child protection board was brought in. */
    children?: { any: boolean; referred: boolean };
    /** The kinds of the case's open deadlines: feedback and follow-up are offered while owed. */
    openDeadlineKinds?: ReadonlySet<string>;
  },
): CaseOperation[] {
  return (Object.keys(CASE_OPERATIONS) as CaseOperation[]).filter((operation) => {
    const rule: OperationRule = CASE_OPERATIONS[operation];
    if (operation === 'suspend_investigation' && state.suspended) return false;
    // The children's steps need a child in the case; the board is brought in once.
    if (operation === 'record_child_check' && !state.children?.any) return false;
    if (operation === 'refer_child_protection' && (!state.children?.any || state.children.referred)) return false;
    // A pending approval holds the lifecycle back; only a supervisor of the regie organisation
    // other than its requester may decide it.
    if (LIFECYCLE_WAITS.includes(operation) && state.pendingApproval) return false;
    if (operation === 'decide_approval') {
      const approval = {
        regieOrganisationId: target.regieOrganisationId,
        requestedBy: state.pendingApproval?.requestedBy,
      };
      if (!state.pendingApproval || !reach.can('decide', 'Approval', approval)) return false;
    }
    const owed = OWED_BY_DEADLINE[operation];
    if (owed && !state.openDeadlineKinds?.has(owed)) return false;
    if (operation === 'record_follow_up_check' && !holdsRegie(reach, target)) return false;
    if (rule.category && !state.categories?.has(rule.category)) return false;
    return openInPhase(rule, target.phase) && reach.can(rule.permission, 'Case', target);
  });
}

/**
 * What the caller may do with one row of the case, shown beside it: the same checks through the
 * reach the services make on the row (lent grants included), on a case that is not closed.
 */
export function rowPermissions(reach: CaseReach, target: Case, now: Date) {
  const open = target.phase !== 'closed';
  const onCase = (permission: Action) => open && reach.can(permission, 'Case', target);
  return {
    action: (a: { assigneeOrganisationId: string; status: string }) =>
      open &&
      a.status !== 'done' &&
      reach.can('update', 'CaseAction', { ...a, caseRegisseurUserId: target.regisseurUserId }),
    escalation: (e: { targetOrganisationId: string; resolvedAt: Date | null }) =>
      open && e.resolvedAt === null && reach.can('resolve', 'Escalation', e),
    suspension: (s: { endedAt: Date | null }) => s.endedAt === null && onCase('investigate'),
    // A running order is decided on (extended, not extended, lifted) by any caseworker in the
    // network, advised on once by the receiving Veilig Thuis; a breach is recorded while the case is open.
    restrainingOrder: (o: { endsAt: Date; endedAt: Date | null; advice: string | null; decision: string | null }) => {
      const running = o.endedAt === null && o.endsAt > now;
      return {
        mayDecide: running && onCase('record_order'),
        mayAdvise: running && o.advice === null && o.decision === null && onCase('assess'),
        mayRecordBreach: onCase('record_order'),
      };
    },
    protectiveMeasure: (m: { status: string }) => m.status === 'active' && onCase('record_order'),
  };
}
