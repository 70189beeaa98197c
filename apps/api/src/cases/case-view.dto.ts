import { Type } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import {
  ACTION_STATUSES,
  APPROVAL_OPERATIONS,
  CHILD_INVOLVEMENTS,
  DATA_CATEGORIES,
  FEEDBACK_FOLLOW_UPS,
  FOLLOW_UP_OUTCOMES,
  INVOLVEMENT_ROLES,
  LEGAL_BASES,
  NOTE_CATEGORIES,
  ORDER_ADVICES,
  ORDER_DECISIONS,
  PROTECTIVE_MEASURE_TYPES,
  REFERRAL_REASONS,
  RISK_LEVELS,
} from '@vt/cases';
import { CaseHeadDto, DeadlineViewDto } from './cases-responses.dto';

/**
 * A write's answer in a case: the row it wrote exactly as the caller's `GET /cases/{id}` shows it
 * (`CaseQueryService.written`), so its type is that section's row.
 */
export const ApiWrittenRow = (type: Type<unknown>, status: 200 | 201 = 201) =>
  ApiResponse({
    status,
    type,
    description:
      "The written row as the caller's GET of the case shows it; only its id when their categories hide the row",
  });

export class PendingApprovalRefDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: APPROVAL_OPERATIONS })
  operation!: (typeof APPROVAL_OPERATIONS)[number];

  @ApiProperty()
  requestedBy!: string;

  @ApiProperty({ type: Date })
  requestedAt!: Date;
}

export class RegieContactDto {
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true })
  organisationName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  organisationContact!: string | null;
}

export class RegieAssignmentDto {
  @ApiProperty({ type: String, nullable: true })
  fromUserId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  fromOrganisationId!: string | null;

  @ApiProperty()
  toUserId!: string;

  @ApiProperty()
  toOrganisationId!: string;

  @ApiProperty()
  assignedBy!: string;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: Date })
  assignedAt!: Date;
}

export class CasePersonDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: INVOLVEMENT_ROLES })
  role!: (typeof INVOLVEMENT_ROLES)[number];

  @ApiProperty()
  firstName!: string;

  @ApiProperty()
  lastName!: string;

  @ApiProperty({ type: String, nullable: true })
  dateOfBirth!: string | null;

  @ApiProperty()
  minor!: boolean;

  @ApiProperty({ required: false })
  bsnLast4?: string;
}

export class CasePartnerViewDto {
  @ApiProperty()
  organisationId!: string;

  @ApiProperty({ type: String, nullable: true })
  organisationName!: string | null;

  @ApiProperty({ enum: LEGAL_BASES })
  legalBasis!: (typeof LEGAL_BASES)[number];

  @ApiProperty()
  legalBasisRef!: string;

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true })
  categories!: (typeof DATA_CATEGORIES)[number][];

  @ApiProperty({ type: Date, nullable: true })
  expiresAt!: Date | null;

  @ApiProperty({ type: Date })
  addedAt!: Date;
}

export class OtherRegionDto {
  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty({ type: String, nullable: true })
  contact!: string | null;
}

export class RadarDto {
  @ApiProperty()
  relatedCases!: number;

  @ApiProperty()
  repeatWithin12Months!: boolean;

  @ApiProperty({ type: [OtherRegionDto] })
  otherRegions!: OtherRegionDto[];
}

export class SafetyAssessmentViewDto {
  @ApiProperty({ type: String, nullable: true })
  outcome!: string | null;

  @ApiProperty({ type: String, nullable: true })
  decision!: string | null;

  @ApiProperty({ type: Date })
  assessedAt!: Date;
}

export class CaseActionDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  assigneeOrganisationId!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: Date })
  dueAt!: Date;

  @ApiProperty({ enum: ACTION_STATUSES })
  status!: (typeof ACTION_STATUSES)[number];

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: Date })
  createdAt!: Date;

  @ApiProperty()
  mayUpdate!: boolean;
}

export class EscalationViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  actionId!: string | null;

  @ApiProperty()
  targetOrganisationId!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty()
  raisedBy!: string;

  @ApiProperty({ type: Date })
  raisedAt!: Date;

  @ApiProperty({ type: String, nullable: true })
  resolution!: string | null;

  @ApiProperty({ type: String, nullable: true })
  resolvedBy!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  resolvedAt!: Date | null;

  @ApiProperty()
  mayResolve!: boolean;
}

export class SuspensionViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: Date })
  startedAt!: Date;

  @ApiProperty()
  startedBy!: string;

  @ApiProperty({ type: Date, nullable: true })
  endedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  endedBy!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  workingDays!: number | null;

  @ApiProperty()
  mayEnd!: boolean;
}

export class ExtensionViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  weeks!: number;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: Date })
  previousDueAt!: Date;

  @ApiProperty({ type: Date })
  dueAt!: Date;

  @ApiProperty()
  extendedBy!: string;

  @ApiProperty({ type: Date })
  extendedAt!: Date;
}

export class InvestigationViewDto {
  @ApiProperty()
  suspended!: boolean;

  @ApiProperty({ type: [SuspensionViewDto] })
  suspensions!: SuspensionViewDto[];

  @ApiProperty({ type: [ExtensionViewDto] })
  extensions!: ExtensionViewDto[];
}

export class OrderBreachViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  orderId!: string;

  @ApiProperty({ type: Date })
  occurredAt!: Date;

  @ApiProperty()
  description!: string;

  @ApiProperty()
  recordedBy!: string;

  @ApiProperty({ type: Date })
  recordedAt!: Date;
}

export class RestrainingOrderViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  subjectPersonId!: string | null;

  @ApiProperty({ type: Date })
  imposedAt!: Date;

  @ApiProperty()
  imposedBy!: string;

  @ApiProperty({ type: Date })
  endsAt!: Date;

  @ApiProperty()
  registeredBy!: string;

  @ApiProperty({ type: Date })
  registeredAt!: Date;

  @ApiProperty({ type: String, nullable: true })
  extendedBy!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  extendedAt!: Date | null;

  @ApiProperty({ enum: ORDER_ADVICES, nullable: true })
  advice!: (typeof ORDER_ADVICES)[number] | null;

  @ApiProperty({ type: String, nullable: true })
  adviceSummary!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  advisedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  advisedBy!: string | null;

  @ApiProperty({ enum: ORDER_DECISIONS, nullable: true })
  decision!: (typeof ORDER_DECISIONS)[number] | null;

  @ApiProperty({ type: Date, nullable: true })
  decidedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  endedAt!: Date | null;

  @ApiProperty({ type: [OrderBreachViewDto] })
  breaches!: OrderBreachViewDto[];

  @ApiProperty()
  mayExtend!: boolean;

  @ApiProperty()
  mayAdvise!: boolean;

  @ApiProperty()
  mayDecide!: boolean;

  @ApiProperty()
  mayRecordBreach!: boolean;
}

export class ProtectiveMeasureViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: PROTECTIVE_MEASURE_TYPES })
  type!: (typeof PROTECTIVE_MEASURE_TYPES)[number];

  @ApiProperty({ type: String, nullable: true })
  subjectPersonId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  protectedPersonId!: string | null;

  @ApiProperty()
  authority!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: Date })
  startsAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  endsAt!: Date | null;

  @ApiProperty({ enum: ['active', 'ended'] })
  status!: 'active' | 'ended';

  @ApiProperty({ type: String, nullable: true })
  endReason!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  endedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  endedBy!: string | null;

  @ApiProperty()
  recordedBy!: string;

  @ApiProperty({ type: Date })
  recordedAt!: Date;

  @ApiProperty()
  updatedBy!: string;

  @ApiProperty({ type: Date })
  updatedAt!: Date;

  @ApiProperty()
  mayUpdate!: boolean;
}

export class ChildCheckViewDto {
  @ApiProperty()
  seen!: boolean;

  @ApiProperty()
  spokenTo!: boolean;

  @ApiProperty({ type: String, nullable: true, required: false })
  childView?: string | null;

  @ApiProperty({ enum: CHILD_INVOLVEMENTS })
  involvement!: (typeof CHILD_INVOLVEMENTS)[number];

  @ApiProperty({ type: String, nullable: true })
  caregivers!: string | null;

  @ApiProperty()
  schoolKnown!: boolean;

  @ApiProperty({ type: String, nullable: true })
  school!: string | null;

  @ApiProperty()
  recordedBy!: string;

  @ApiProperty({ type: Date })
  recordedAt!: Date;

  @ApiProperty()
  updatedBy!: string;

  @ApiProperty({ type: Date })
  updatedAt!: Date;
}

export class CaseChildCheckDto {
  @ApiProperty()
  personId!: string;

  @ApiProperty({ type: () => ChildCheckViewDto, nullable: true })
  check!: ChildCheckViewDto | null;
}

export class ReferralViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  organisationId!: string;

  @ApiProperty({ enum: REFERRAL_REASONS })
  reason!: (typeof REFERRAL_REASONS)[number];

  @ApiProperty()
  referredBy!: string;

  @ApiProperty({ type: Date })
  referredAt!: Date;
}

export class ReporterViewDto {
  @ApiProperty()
  kind!: string;

  @ApiProperty({ required: false })
  name?: string;

  @ApiProperty({ required: false })
  organisation?: string;

  @ApiProperty({ required: false })
  phone?: string;

  @ApiProperty({ required: false })
  email?: string;
}

export class ReporterFeedbackViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: FEEDBACK_FOLLOW_UPS })
  followUp!: (typeof FEEDBACK_FOLLOW_UPS)[number];

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ enum: ['pending', 'none', 'sent', 'failed', 'skipped'] })
  emailStatus!: 'pending' | 'none' | 'sent' | 'failed' | 'skipped';

  @ApiProperty()
  recordedBy!: string;

  @ApiProperty({ type: Date })
  recordedAt!: Date;
}

export class CaseReportDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: Date })
  receivedAt!: Date;

  @ApiProperty()
  acute!: boolean;

  @ApiProperty()
  channel!: string;

  @ApiProperty({ required: false })
  narrative?: string;

  @ApiProperty({ type: () => ReporterViewDto, required: false })
  reporter?: ReporterViewDto;

  @ApiProperty({ type: () => ReporterFeedbackViewDto, nullable: true, required: false })
  feedback?: ReporterFeedbackViewDto | null;
}

export class CaseFollowUpCheckDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  interval!: string;

  @ApiProperty({ type: Date })
  dueAt!: Date;

  @ApiProperty({ type: String, nullable: true })
  deadlineStatus!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  breachedAt!: Date | null;

  @ApiProperty({ enum: FOLLOW_UP_OUTCOMES, nullable: true })
  outcome!: (typeof FOLLOW_UP_OUTCOMES)[number] | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: String, nullable: true })
  recordedBy!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  recordedAt!: Date | null;
}

export class CaseNoteDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: NOTE_CATEGORIES })
  category!: (typeof NOTE_CATEGORIES)[number];

  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty()
  createdBy!: string;

  @ApiProperty({ type: Date })
  createdAt!: Date;
}

export class CaseViewDto extends CaseHeadDto {
  @ApiProperty({
    enum: [
      'close',
      'record_safety_assessment',
      'assign_regisseur',
      'assess_risk',
      'manage_partners',
      'extend_investigation',
      'add_report',
      'record_child_check',
      'refer_child_protection',
      'suspend_investigation',
      'complete_investigation',
      'create_action',
      'raise_escalation',
      'record_restraining_order',
      'decide_approval',
      'record_reporter_feedback',
      'record_follow_up_check',
    ],
    isArray: true,
  })
  allowedOperations!: (
    | 'close'
    | 'record_safety_assessment'
    | 'assign_regisseur'
    | 'assess_risk'
    | 'manage_partners'
    | 'extend_investigation'
    | 'add_report'
    | 'record_child_check'
    | 'refer_child_protection'
    | 'suspend_investigation'
    | 'complete_investigation'
    | 'create_action'
    | 'raise_escalation'
    | 'record_restraining_order'
    | 'decide_approval'
    | 'record_reporter_feedback'
    | 'record_follow_up_check'
  )[];

  @ApiProperty({ type: () => PendingApprovalRefDto, nullable: true })
  pendingApproval!: PendingApprovalRefDto | null;

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true })
  visibleCategories!: (typeof DATA_CATEGORIES)[number][];

  @ApiProperty({ type: () => RegieContactDto, nullable: true })
  regieContact!: RegieContactDto | null;

  @ApiProperty({ type: [RegieAssignmentDto] })
  regieHistory!: RegieAssignmentDto[];

  @ApiProperty({ type: [CasePersonDto] })
  persons!: CasePersonDto[];

  @ApiProperty({ type: [DeadlineViewDto] })
  deadlines!: DeadlineViewDto[];

  @ApiProperty({ type: [CasePartnerViewDto] })
  partners!: CasePartnerViewDto[];

  @ApiProperty({ type: String, nullable: true, required: false })
  predecessorCaseId?: string | null;

  @ApiProperty({ type: Date, nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  closeReason!: string | null;

  @ApiProperty({ type: () => RadarDto, required: false })
  radar?: RadarDto;

  @ApiProperty({ type: [String], required: false })
  violenceTypes?: string[];

  @ApiProperty({ type: [String], required: false })
  redFlags?: string[];

  @ApiProperty({ enum: RISK_LEVELS, required: false })
  riskLevel?: (typeof RISK_LEVELS)[number];

  @ApiProperty({ type: [String], required: false })
  riskReasons?: string[];

  @ApiProperty({ required: false })
  reassessmentDue?: boolean;

  @ApiProperty({ type: [String], required: false })
  reassessmentReasons?: string[];

  @ApiProperty({ type: () => SafetyAssessmentViewDto, nullable: true, required: false })
  safetyAssessment?: SafetyAssessmentViewDto | null;

  @ApiProperty({ type: [CaseActionDto], required: false })
  actions?: CaseActionDto[];

  @ApiProperty({ type: [EscalationViewDto], required: false })
  escalations?: EscalationViewDto[];

  @ApiProperty({ type: () => InvestigationViewDto, required: false })
  investigation?: InvestigationViewDto;

  @ApiProperty({ type: [RestrainingOrderViewDto], required: false })
  restrainingOrders?: RestrainingOrderViewDto[];

  @ApiProperty({ type: [ProtectiveMeasureViewDto], required: false })
  protectiveMeasures?: ProtectiveMeasureViewDto[];

  @ApiProperty({ type: [CaseChildCheckDto], required: false })
  childChecks?: CaseChildCheckDto[];

  @ApiProperty({ type: () => ReferralViewDto, nullable: true, required: false })
  childProtectionReferral?: ReferralViewDto | null;

  @ApiProperty({ type: [CaseReportDto] })
  reports!: CaseReportDto[];

  @ApiProperty({ type: [CaseFollowUpCheckDto], required: false })
  followUpChecks?: CaseFollowUpCheckDto[];

  @ApiProperty({ type: String, nullable: true, required: false })
  assessmentSummary?: string | null;

  @ApiProperty({ type: String, nullable: true, required: false })
  investigationConclusion?: string | null;

  @ApiProperty({ type: [CaseNoteDto] })
  notes!: CaseNoteDto[];
}
