import { Injectable } from '@nestjs/common';
import { JobDataMap, JobHandler } from '@vt/common';
import { DeadlineAlertsService, DeadlineReconciler } from '@vt/deadlines';

/** A reminder job: the alerts service decides from the row whether it still applies. */
@Injectable()
export class DeadlineReminderProcessor implements JobHandler<'deadline.reminder'> {
  readonly name = 'deadline.reminder' as const;

  constructor(private readonly alerts: DeadlineAlertsService) {}

  async handle(data: JobDataMap['deadline.reminder']): Promise<void> {
    await this.alerts.remind(data.deadlineId, data.version, data.index);
  }
}

/** A breach job: breaches the deadline unless it was met, cancelled or moved meanwhile. */
@Injectable()
export class DeadlineBreachProcessor implements JobHandler<'deadline.breach'> {
  readonly name = 'deadline.breach' as const;

  constructor(private readonly alerts: DeadlineAlertsService) {}

  async handle(data: JobDataMap['deadline.breach']): Promise<void> {
    await this.alerts.breach(data.deadlineId, data.version);
  }
}

/** The periodic (and start-up) repair of the timers from the database. */
@Injectable()
export class DeadlineReconcileProcessor implements JobHandler<'deadline.reconcile'> {
  readonly name = 'deadline.reconcile' as const;

  constructor(private readonly reconciler: DeadlineReconciler) {}

  async handle(): Promise<void> {
    await this.reconciler.reconcile();
  }
}
