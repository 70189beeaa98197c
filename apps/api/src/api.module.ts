import { DynamicModule, Inject, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '@vt/access';
import { AuditModule, AuditService } from '@vt/audit';
import { CasesModule, DashboardModule } from '@vt/cases';
import { DeadlineAlertsModule, DeadlineFiguresModule, DeadlinePolicy, DeadlinesModule } from '@vt/deadlines';
import { NotificationMailModule, NotificationsModule } from '@vt/notifications';
import { Clock, CoreModule, HUB_CONFIG, HubConfig } from '@vt/common';
import { DatabaseHealthRepository } from '@vt/database';
import { AuditChainController } from './audit/audit-chain.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { OidcController } from './auth/oidc.controller';
import { SecondFactorAdminController } from './auth/second-factor-admin.controller';
import { SecondFactorController } from './auth/second-factor.controller';
import { ApprovalsController } from './cases/approvals.controller';
import { CasesController } from './cases/cases.controller';
import { ChildChecksController } from './cases/child-checks.controller';
import { AdviceRequestsController, FiguresController, FollowUpController } from './cases/follow-up.controller';
import { InvestigationController } from './cases/investigation.controller';
import { ProtectiveMeasuresController } from './cases/protective-measures.controller';
import { RestrainingOrdersController } from './cases/restraining-orders.controller';
import { RiskAssessmentsController } from './cases/risk-assessments.controller';
import { CalendarController } from './deadlines/calendar.controller';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { hubDataSourceOptions } from './hub-data-source';
import { LookupsApiModule } from './lookups/lookups-api.module';
import { AuditWitnessModule } from '@vt/lookups';
import { MeetingsApiModule } from './meetings/meetings-api.module';
import { NotificationPreferencesController } from './notifications/notification-preferences.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { OperationsController } from './operations/operations.controller';
import { OrganisationsController } from './organisations/organisations.controller';
import { AuditInterceptor } from './security/audit.interceptor';
import { AuthGuard } from './security/auth.guard';
import { InputGuard } from './security/input.guard';
import { PoliciesGuard } from './security/policies.guard';
import { AddressRateLimitGuard, UserRateLimitGuard } from './security/rate-limit.guard';
import { RateLimiterService } from './security/rate-limiter.service';
import { RequestAuditService } from './security/request-audit.service';
import { SearchController } from './search/search.controller';

@Module({})
export class ApiModule {
  constructor(@Inject(HUB_CONFIG) config: HubConfig, audit: AuditService) {
    audit.configure(config.auditBatchSize);
  }

  static forRoot(config: HubConfig, deadlinePolicy: DeadlinePolicy, clock?: Clock): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config, clock),
        TypeOrmModule.forRoot(
          hubDataSourceOptions(config.databaseUrl, config.databasePoolSize, 'vt-api', config.databasePoolWaitMs),
        ),
        DeadlinesModule.forRoot(deadlinePolicy),
        AccessModule,
        AuditModule,
        CasesModule,
        DeadlineAlertsModule.register(CasesModule),
        DashboardModule,
        DeadlineFiguresModule,
        NotificationsModule,
        // For its e-mail figures on /metrics; the worker does the sending.
        NotificationMailModule,
        LookupsApiModule,
        AuditWitnessModule,
        MeetingsApiModule,
      ],
      controllers: [
        AuthController,
        OidcController,
        SecondFactorController,
        SecondFactorAdminController,
        OrganisationsController,
        AuditController,
        AuditChainController,
        CasesController,
        ChildChecksController,
        FollowUpController,
        AdviceRequestsController,
        FiguresController,
        ApprovalsController,
        InvestigationController,
        RestrainingOrdersController,
        ProtectiveMeasuresController,
        RiskAssessmentsController,
        DeadlinesController,
        CalendarController,
        NotificationsController,
        NotificationPreferencesController,
        OperationsController,
        SearchController,
      ],
      providers: [
        DatabaseHealthRepository,
        // Order matters: limit per address, authenticate, limit per user, refuse unstorable input,
        // then check the endpoint policy.
        RequestAuditService,
        RateLimiterService,
        { provide: APP_GUARD, useClass: AddressRateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: UserRateLimitGuard },
        { provide: APP_GUARD, useClass: InputGuard },
        { provide: APP_GUARD, useClass: PoliciesGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
    };
  }
}
