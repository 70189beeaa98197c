import { DynamicModule, Module, Type } from '@nestjs/common';
import { AuditModule } from '@vt/audit';
import { DeadlineAlertsRepository } from './deadline-alerts.repository';
import { DeadlineAlertsService } from './deadline-alerts.service';

/** Breaches and reminders. Needs the DeadlinesModule (global) and the clock from global modules. */
@Module({})
export class DeadlineAlertsModule {
  /** `caseFacts` is the module that provides and exports DEADLINE_CASE_FACTS (the cases context's). */
  static register(caseFacts: Type): DynamicModule {
    return {
      module: DeadlineAlertsModule,
      imports: [AuditModule, caseFacts],
      providers: [DeadlineAlertsRepository, DeadlineAlertsService],
      exports: [DeadlineAlertsService],
    };
  }
}
