import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '@vt/access';
import { AuditModule } from '@vt/audit';
import { CasesModule } from '@vt/cases';
import { Clock, CoreModule, HubConfig, JOB_HANDLERS, JobHandler } from '@vt/common';
import { DeadlineAlertsModule, DeadlinePolicy, DeadlinesModule } from '@vt/deadlines';
import { AuditWitnessModule, LookupsModule } from '@vt/lookups';
import { NotificationMailModule, NotificationsModule } from '@vt/notifications';
import { hubDataSourceOptions } from '../../api/src/hub-data-source';
import { AuditCheckpointProcessor, AuditVerificationProcessor } from './audit-verification.processor';
import {
  DeadlineBreachProcessor,
  DeadlineReconcileProcessor,
  DeadlineReminderProcessor,
} from './deadline-timers.processor';
import { DetailRequestStepProcessor, DetailRequestSweepProcessor } from './detail-requests.processor';
import { NotificationEmailDispatchProcessor, NotificationEmailSendProcessor } from './notification-email.processor';
import { QueueRunnerService } from './queue-runner.service';

const PROCESSORS = [
  AuditVerificationProcessor,
  AuditCheckpointProcessor,
  DeadlineReminderProcessor,
  DeadlineBreachProcessor,
  DeadlineReconcileProcessor,
  NotificationEmailDispatchProcessor,
  NotificationEmailSendProcessor,
  DetailRequestStepProcessor,
  DetailRequestSweepProcessor,
];

@Module({})
export class WorkerModule {
  static forRoot(config: HubConfig, deadlinePolicy: DeadlinePolicy, clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, clock),
        TypeOrmModule.forRoot(
          hubDataSourceOptions(config.databaseUrl, config.databasePoolSize, 'vt-worker', config.databasePoolWaitMs),
        ),
        DeadlinesModule.forRoot(deadlinePolicy),
        AuditModule,
        AccessModule,
        NotificationsModule,
        CasesModule,
        DeadlineAlertsModule.register(CasesModule),
        NotificationMailModule,
        LookupsModule,
        AuditWitnessModule,
      ],
      providers: [
        ...PROCESSORS,
        {
          provide: JOB_HANDLERS,
          useFactory: (...handlers: JobHandler[]) => handlers,
          inject: PROCESSORS,
        },
        QueueRunnerService,
      ],
    };
  }
}
