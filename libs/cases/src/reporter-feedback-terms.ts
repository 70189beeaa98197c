import { Inject, Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { amsterdamDate, CalendarService, DeadlinesService, endOfAmsterdamDay } from '@vt/deadlines';
import { CaseScope } from './case-store';
import { ReporterFeedbackRepository } from './reporter-feedback.repository';

/**
 * The `reporter_feedback` terms (docs/feedback-and-follow-up.md), opened by the case lifecycle; the
 * feedback that meets them is ReporterFeedbackService's.
 */
@Injectable()
export class ReporterFeedbackTerms {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly calendars: CalendarService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly repository: ReporterFeedbackRepository,
  ) {}

  /**
   * Opens the feedback term of every professional's report on the case that was there when the
   * assessment was recorded and is still owed feedback, unless its term is running. Closing ends
   * the case's terms; the feedback is owed after it, so closing calls this again.
   */
  async openOwed(reach: CaseReach, tx: CaseScope): Promise<void> {
    const rows = await this.repository.owedFeedback(reach, tx.manager, tx.case.id);
    for (const row of rows) {
      await this.deadlines.open(
        tx.manager,
        { caseId: tx.case.id, kind: 'reporter_feedback', subjectId: row.id },
        row.assessed_at,
        this.dueAt(row.assessed_at),
      );
    }
  }

  /** The end of the n-th working day after the assessment (REPORTER_FEEDBACK_TERM_WORKING_DAYS). */
  dueAt(assessedAt: Date): Date {
    const days = this.config.followUp.reporterFeedbackWorkingDays;
    return endOfAmsterdamDay(this.calendars.calendar().addWorkingDays(amsterdamDate(assessedAt), days));
  }
}
