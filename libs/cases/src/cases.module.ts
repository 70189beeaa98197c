import { Module } from '@nestjs/common';
import { AuditModule } from '@vt/audit';
import { NotificationsModule } from '@vt/notifications';
import { CaseQueryService } from './case-query.service';
import { CaseStore } from './case-store';
import { CaseWorkService } from './case-work.service';
import { IntakeService } from './intake.service';
import { SafetyPlanService } from './safety-plan.service';

/** Needs HUB_CONFIG and the DeadlinesModule from global modules of the app. */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [CaseStore, IntakeService, CaseQueryService, CaseWorkService, SafetyPlanService],
  exports: [IntakeService, CaseQueryService, CaseWorkService, SafetyPlanService],
})
export class CasesModule {}
