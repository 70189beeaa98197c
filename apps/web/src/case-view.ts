import type { Deadline } from './countdown';
import type { OtherRegion } from './screens/OtherRegions';

/** The operations the api names in `allowedOperations`: what the caller may start now. */
export type CaseOperation =
  | 'assign_regisseur'
  | 'manage_partners'
  | 'add_report'
  | 'record_safety_assessment'
  | 'record_child_check'
  | 'refer_child_protection'
  | 'suspend_investigation'
  | 'extend_investigation'
  | 'complete_investigation'
  | 'create_action'
  | 'raise_escalation'
  | 'record_restraining_order'
  | 'assess_risk'
  | 'close'
  | 'decide_approval'
  | 'record_reporter_feedback'
  | 'record_follow_up_check';

export interface CaseAction {
  id: string;
  assigneeOrganisationId: string;
  description: string;
  dueAt: string;
  status: string;
  note: string | null;
  mayUpdate: boolean;
}

export interface CaseEscalation {
  id: string;
  actionId: string | null;
  targetOrganisationId: string;
  reason: string;
  raisedAt: string;
  resolution: string | null;
  resolvedAt: string | null;
  mayResolve: boolean;
}

export interface Suspension {
  id: string;
  reason: string;
  startedAt: string;
  endedAt: string | null;
  workingDays: number | null;
  mayEnd: boolean;
}

export interface Extension {
  id: string;
  weeks: number;
  reason: string;
  previousDueAt: string;
  dueAt: string;
  extendedAt: string;
}

export interface RestrainingOrder {
  id: string;
  subjectPersonId: string | null;
  imposedAt: string;
  imposedBy: string;
  endsAt: string;
  extendedAt: string | null;
  advice: string | null;
  adviceSummary: string | null;
  advisedAt: string | null;
  decision: string | null;
  decidedAt: string | null;
  endedAt: string | null;
  breaches: { id: string; occurredAt: string; description: string }[];
  mayExtend: boolean;
  mayAdvise: boolean;
  mayDecide: boolean;
  mayRecordBreach: boolean;
}

export interface ProtectiveMeasure {
  id: string;
  type: string;
  subjectPersonId: string | null;
  protectedPersonId: string | null;
  authority: string;
  description: string | null;
  startsAt: string;
  endsAt: string | null;
  status: 'active' | 'ended';
  endReason: string | null;
  endedAt: string | null;
  mayUpdate: boolean;
}

/** A child's check (kindcheck); `childView` (the child's own words) only with `narrative`. */
export interface ChildCheck {
  seen: boolean;
  spokenTo: boolean;
  childView?: string | null;
  involvement: string;
  caregivers: string | null;
  schoolKnown: boolean;
  school: string | null;
  updatedAt: string;
}

export interface Partner {
  organisationId: string;
  organisationName: string | null;
  legalBasis: string;
  legalBasisRef: string;
  categories: string[];
  expiresAt: string | null;
}

export interface CaseNote {
  id: string;
  category: string;
  organisationId: string;
  text: string;
  createdAt: string;
}

export interface CaseReport {
  id: string;
  receivedAt: string;
  acute: boolean;
  channel: string;
  /** With `narrative` only. */
  narrative?: string;
  /** Only at the receiving Veilig Thuis organisation. */
  reporter?: { kind: string; name?: string; organisation?: string; phone?: string; email?: string };
  /** Only at the receiving organisation; null until given (docs/feedback-and-follow-up.md). */
  feedback?: { followUp: string; note: string | null; emailStatus: string; recordedAt: string } | null;
}

/** A check after closing, for the regie organisation. */
export interface FollowUpCheck {
  id: string;
  interval: string;
  dueAt: string;
  outcome: string | null;
  note: string | null;
  recordedAt: string | null;
}

/** GET /cases/{id}: sections the caller's categories do not cover are absent. */
export interface CaseView {
  id: string;
  reference: string;
  phase: string;
  acute: boolean;
  receivedAt: string;
  organisationId: string;
  regieOrganisationId: string;
  regisseur: { userId: string; organisationId: string } | null;
  regieContact: {
    name: string | null;
    email: string | null;
    organisationName: string | null;
    organisationContact: string | null;
  } | null;
  regieHistory: { toUserId: string; toOrganisationId: string; reason: string | null; assignedAt: string }[];
  allowedOperations: CaseOperation[];
  /** A step waiting for a supervisor's approval; the case's lifecycle stands still meanwhile. */
  pendingApproval: { id: string; operation: string; requestedBy: string; requestedAt: string } | null;
  /** The data categories this caller sees in this case. */
  visibleCategories: string[];
  persons: {
    id: string;
    role: string;
    firstName: string;
    lastName: string;
    dateOfBirth: string | null;
    bsnLast4?: string;
    /** A child in the case, or under 18: custody may be asked. */
    minor: boolean;
  }[];
  deadlines: (Deadline & { subjectId: string | null })[];
  partners: Partner[];
  violenceTypes?: string[];
  redFlags?: string[];
  riskLevel?: string;
  riskReasons?: string[];
  /** With `safety`: a new report, red flag or breached order waits for the next risk assessment. */
  reassessmentDue?: boolean;
  reassessmentReasons?: string[];
  actions?: CaseAction[];
  escalations?: CaseEscalation[];
  investigation?: { suspended: boolean; suspensions: Suspension[]; extensions: Extension[] };
  restrainingOrders?: RestrainingOrder[];
  /** With `safety`: contact or area bans, monitoring, alarm devices. */
  protectiveMeasures?: ProtectiveMeasure[];
  /** With `safety`: every child of the case, with its check once recorded. */
  childChecks?: { personId: string; check: ChildCheck | null }[];
  /** With `safety`; null until the board is brought in. */
  childProtectionReferral?: { organisationId: string; reason: string; referredAt: string } | null;
  /** Only the notes this caller may read. */
  notes: CaseNote[];
  reports: CaseReport[];
  /** A closed case's checks, for the regie organisation. */
  followUpChecks?: FollowUpCheck[];
  closedAt: string | null;
  closeReason: string | null;
  /** Only at the receiving organisation. */
  radar?: { relatedCases: number; repeatWithin12Months: boolean; otherRegions?: OtherRegion[] };
  /** With `safety`; null until recorded. */
  safetyAssessment?: { outcome: string; decision: string; assessedAt: string } | null;
  /** With `narrative`. */
  assessmentSummary?: string | null;
  investigationConclusion?: string | null;
}

/** A partner's name as the case knows it. */
export function partnerName(c: CaseView, organisationId: string): string {
  return c.partners.find((p) => p.organisationId === organisationId)?.organisationName ?? 'Onbekende organisatie';
}
