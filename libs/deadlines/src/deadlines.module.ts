import { DynamicModule, Global, Module } from '@nestjs/common';
import { CalendarService } from './calendar.service';
import { DEADLINE_POLICY, DeadlinePolicy } from './deadline-policy';
import { DeadlineEvents } from './deadline-events';
import { DeadlineMetrics } from './deadline-metrics.service';
import { DeadlineReconciler } from './deadline-reconciler.service';
import { DeadlineScheduler } from './deadline-scheduler.service';
import { DeadlinesRepository } from './deadlines.repository';
import { DeadlinesService } from './deadlines.service';
import { NonWorkingDaysRepository } from './non-working-days.repository';

/** The deadline policy, the working-day calendar, deadline rows and their events, for the whole app. */
@Global()
@Module({})
export class DeadlinesModule {
  static forRoot(policy: DeadlinePolicy): DynamicModule {
    return {
      module: DeadlinesModule,
      providers: [
        { provide: DEADLINE_POLICY, useValue: policy },
        DeadlinesRepository,
        NonWorkingDaysRepository,
        CalendarService,
        DeadlineScheduler,
        DeadlineReconciler,
        DeadlineMetrics,
        DeadlinesService,
        DeadlineEvents,
      ],
      exports: [
        DEADLINE_POLICY,
        CalendarService,
        DeadlineScheduler,
        DeadlineReconciler,
        DeadlinesService,
        DeadlineEvents,
      ],
    };
  }
}
