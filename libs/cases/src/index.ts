export * from './advice-requests.service';
export * from './approval.entity';
export * from './approvals.service';
export * from './case.entity';
export * from './case-lifecycle';
export * from './case-operations';
export * from './case-partner.entity';
export * from './case-query.service';
export * from './case-record.entity';
export * from './case-search.service';
export * from './case-sight';
export * from './case-store';
export * from './case-work.service';
export * from './cases.exception';
export * from './cases.module';
export * from './child-check.entity';
export * from './child-checks.service';
export * from './dashboard.module';
export * from './dashboard.service';
export * from './data-protection';
export * from './deadline-list.service';
export * from './figures.service';
export * from './follow-up.entity';
export * from './follow-up-checks.service';
export * from './intake.service';
export * from './investigation.entity';
export * from './investigation.service';
export * from './lookup-subjects.service';
export * from './meeting-case-facts.service';
export * from './person.entity';
export * from './protective-measure.entity';
export * from './protective-measures.service';
export * from './regie-assignment.entity';
export * from './report.entity';
export * from './reporter-feedback.service';
export * from './reporter-feedback-terms';
export * from './restraining-order.entity';
export * from './restraining-order.service';
export * from './risk';
export * from './risk-assessment.entity';
export * from './risk-assessments.service';
export * from './risk-instruments';
export * from './safety-plan.entity';
export * from './safety-plan.service';

import { Approval } from './approval.entity';
import { AdviceRequest, FollowUpCheck, ReporterFeedback } from './follow-up.entity';
import { Case } from './case.entity';
import { CasePartner } from './case-partner.entity';
import { CaseEvent, CaseLink, CaseNote } from './case-record.entity';
import { ChildCheck, ChildProtectionReferral } from './child-check.entity';
import { InvestigationExtension, InvestigationSuspension } from './investigation.entity';
import { CasePerson, Person } from './person.entity';
import { RegieAssignment } from './regie-assignment.entity';
import { Report } from './report.entity';
import { ProtectiveMeasure } from './protective-measure.entity';
import { RestrainingOrder, RestrainingOrderBreach } from './restraining-order.entity';
import { CaseRiskAssessment } from './risk-assessment.entity';
import { CaseAction, Escalation } from './safety-plan.entity';
export const CASE_ENTITIES = [
  Case,
  Report,
  Person,
  CasePerson,
  CasePartner,
  RegieAssignment,
  CaseAction,
  Escalation,
  InvestigationSuspension,
  InvestigationExtension,
  RestrainingOrder,
  RestrainingOrderBreach,
  ProtectiveMeasure,
  CaseRiskAssessment,
  CaseEvent,
  CaseNote,
  CaseLink,
  ChildCheck,
  ChildProtectionReferral,
  Approval,
  ReporterFeedback,
  FollowUpCheck,
  AdviceRequest,
];
