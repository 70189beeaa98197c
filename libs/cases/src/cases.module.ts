import { Module } from '@nestjs/common';
import { AccessModule, OrganisationDirectoryModule } from '@vt/access';
import { AuditModule } from '@vt/audit';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { DEADLINE_CASE_FACTS, DeadlineFiguresModule } from '@vt/deadlines';
import { MailSender, NotificationsModule } from '@vt/notifications';
import { AdviceRequestsService } from './advice-requests.service';
import { ApprovalsService } from './approvals.service';
import { CaseQueryService } from './case-query.service';
import { CaseSearchRepository } from './case-search.repository';
import { CaseSearchService } from './case-search.service';
import { CaseRepository } from './case.repository';
import { CaseStore } from './case-store';
import { CaseWorkService } from './case-work.service';
import { ChildChecksService } from './child-checks.service';
import { DataProtection } from './data-protection';
import { DeadlineCaseFactsService } from './deadline-case-facts.service';
import { DeadlineNoticesService } from './deadline-notices.service';
import { FiguresService } from './figures.service';
import { FollowUpChecksService } from './follow-up-checks.service';
import { RegionRadarService } from './region-radar.service';
import { IntakeService } from './intake.service';
import { InvestigationService } from './investigation.service';
import { LookupSubjectsRepository } from './lookup-subjects.repository';
import { LookupSubjectsService } from './lookup-subjects.service';
import { MeetingCaseFactsRepository } from './meeting-case-facts.repository';
import { MeetingCaseFactsService } from './meeting-case-facts.service';
import { ReporterFeedbackService } from './reporter-feedback.service';
import { ReporterFeedbackTerms } from './reporter-feedback-terms';
import { ProtectiveMeasuresService } from './protective-measures.service';
import { RestrainingOrderService } from './restraining-order.service';
import { RiskAssessmentsService } from './risk-assessments.service';
import { SafetyPlanService } from './safety-plan.service';
import { CaseWorkRepository } from './case-work.repository';
import { IntakeRepository } from './intake.repository';
import { ProtectiveMeasuresRepository } from './protective-measures.repository';
import { RegionRadarRepository } from './region-radar.repository';
import { ReporterFeedbackRepository } from './reporter-feedback.repository';
import { RestrainingOrderRepository } from './restraining-order.repository';
import { RiskAssessmentsRepository } from './risk-assessments.repository';
import { SafetyPlanRepository } from './safety-plan.repository';
import { AdviceRequestsRepository } from './advice-requests.repository';
import { ApprovalsRepository } from './approvals.repository';
import { CaseQueryRepository } from './case-query.repository';
import { ChildChecksRepository } from './child-checks.repository';
import { DeadlineCaseFactsRepository } from './deadline-case-facts.repository';
import { DeadlineNoticesRepository } from './deadline-notices.repository';
import { FiguresRepository } from './figures.repository';
import { FollowUpChecksRepository } from './follow-up-checks.repository';
import { InvestigationRepository } from './investigation.repository';

/** Needs HUB_CONFIG and the DeadlinesModule from global modules of the app. */
@Module({
  imports: [AccessModule, AuditModule, DeadlineFiguresModule, NotificationsModule, OrganisationDirectoryModule],
  providers: [
    {
      provide: DataProtection,
      useFactory: (config: HubConfig) => new DataProtection(config.dataKeys, config.matchingKey),
      inject: [HUB_CONFIG],
    },
    CaseRepository,
    CaseStore,
    RiskAssessmentsService,
    ChildChecksService,
    ApprovalsService,
    DeadlineCaseFactsService,
    { provide: DEADLINE_CASE_FACTS, useExisting: DeadlineCaseFactsService },
    DeadlineNoticesService,
    IntakeService,
    RegionRadarService,
    CaseQueryService,
    CaseWorkService,
    SafetyPlanService,
    InvestigationService,
    RestrainingOrderService,
    ProtectiveMeasuresService,
    CaseSearchRepository,
    CaseSearchService,
    // The reporter's feedback e-mail: to an address outside the users, so not a notification.
    MailSender,
    ReporterFeedbackService,
    ReporterFeedbackTerms,
    FollowUpChecksService,
    AdviceRequestsService,
    FiguresService,
    LookupSubjectsRepository,
    LookupSubjectsService,
    MeetingCaseFactsRepository,
    MeetingCaseFactsService,
    CaseWorkRepository,
    IntakeRepository,
    ProtectiveMeasuresRepository,
    RegionRadarRepository,
    ReporterFeedbackRepository,
    RestrainingOrderRepository,
    RiskAssessmentsRepository,
    SafetyPlanRepository,
    ApprovalsRepository,
    DeadlineCaseFactsRepository,
    DeadlineNoticesRepository,
    FiguresRepository,
    AdviceRequestsRepository,
    CaseQueryRepository,
    ChildChecksRepository,
    FollowUpChecksRepository,
    InvestigationRepository,
  ],
  exports: [
    // The one way into a case, for the contexts that read or write case data (lookups, meetings).
    CaseStore,
    RiskAssessmentsService,
    ChildChecksService,
    ApprovalsService,
    DEADLINE_CASE_FACTS,
    IntakeService,
    CaseQueryService,
    CaseWorkService,
    SafetyPlanService,
    InvestigationService,
    RestrainingOrderService,
    ProtectiveMeasuresService,
    CaseSearchService,
    ReporterFeedbackService,
    ReporterFeedbackTerms,
    FollowUpChecksService,
    AdviceRequestsService,
    FiguresService,
    LookupSubjectsService,
    MeetingCaseFactsService,
  ],
})
export class CasesModule {}
