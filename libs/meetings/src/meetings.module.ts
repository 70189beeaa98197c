import { Module } from '@nestjs/common';
import { AuditModule } from '@vt/audit';
import {
  ApprovalsService,
  CasesModule,
  CaseStore,
  CaseWorkService,
  FollowUpChecksService,
  InvestigationService,
  ReporterFeedbackTerms,
  SafetyPlanService,
} from '@vt/cases';
import { NotificationsModule } from '@vt/notifications';
import { MeetingCaseStore } from './meeting-case-store';
import { MeetingsService } from './meetings.service';

/**
 * Meetings. The case-work services are provided here over MeetingCaseStore, so a decision's steps
 * join one transaction; they are the same classes as in CasesModule, not copies. Needs HUB_CONFIG,
 * the clock and the DeadlinesModule from the app's global modules.
 */
@Module({
  // CasesModule for CaseQueryService: a write's reply is read, after it commits, as the case view shows it.
  imports: [AuditModule, NotificationsModule, CasesModule],
  providers: [
    MeetingCaseStore,
    { provide: CaseStore, useExisting: MeetingCaseStore },
    SafetyPlanService,
    CaseWorkService,
    ApprovalsService,
    InvestigationService,
    // What closing a case starts (docs/feedback-and-follow-up.md).
    FollowUpChecksService,
    ReporterFeedbackTerms,
    MeetingsService,
  ],
  exports: [MeetingsService],
})
export class MeetingsModule {}
