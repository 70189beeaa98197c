import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@vt/audit';
import { CoreModule, HubConfig, JOB_HANDLERS, JobHandler } from '@vt/common';
import { hubDataSourceOptions } from '@vt/database/hub-data-source';
import { AuditVerificationProcessor } from './audit-verification.processor';
import { QueueRunnerService } from './queue-runner.service';

const PROCESSORS = [AuditVerificationProcessor];

@Module({})
export class WorkerModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config),
        TypeOrmModule.forRoot(hubDataSourceOptions(config.databaseUrl, 5, 'vt-worker')),
        AuditModule,
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
