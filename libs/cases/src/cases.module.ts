import { Module } from '@nestjs/common';
import { AuditModule } from '@vt/audit';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { DEADLINE_CASE_FACTS } from '@vt/deadlines';
import { MailSender, NotificationsModule } from '@vt/notifications';
import { AdviceRequestsService } from './advice-requests.service';
import { ApprovalsService } from './approvals.service';
import { CaseQueryService } from './case-query.service';
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
import { ReporterFeedbackService } from './reporter-feedback.service';
import { ReporterFeedbackTerms } from './reporter-feedback-terms';
import { ProtectiveMeasuresService } from './protective-measures.service';
import { RestrainingOrderService } from './restraining-order.service';
import { RiskAssessmentsService } from './risk-assessments.service';
import { SafetyPlanService } from './safety-plan.service';

/** Needs HUB_CONFIG and the DeadlinesModule from global modules of the app. */
@Module({
  imports: [AuditModule, NotificationsModule],
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
    CaseSearchService,
    // The reporter's feedback e-mail: to an address outside the users, so not a notification.
    MailSender,
    ReporterFeedbackService,
    ReporterFeedbackTerms,
    FollowUpChecksService,
    AdviceRequestsService,
    FiguresService,
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
  ],
})
export class CasesModule {}
