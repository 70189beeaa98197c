import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { amsterdamDate, CalendarService, DeadlinesService, endOfAmsterdamDay } from '@vt/deadlines';
import { CaseScope } from './case-store';

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
  ) {}

  /**
   * Opens the feedback term of every professional's report on the case that was there when the
   * assessment was recorded and is still owed feedback, unless its term is running. Closing ends
   * the case's terms; the feedback is owed after it, so closing calls this again.
   */
  async openOwed(tx: CaseScope): Promise<void> {
    const rows = (await tx.manager.query(
      `SELECT r.id, c.assessed_at FROM reports r JOIN cases c ON c.id = r.case_id
        WHERE r.case_id = $1 AND r.reporter_kind = 'professional' AND c.assessed_at IS NOT NULL
          AND r.received_at <= c.assessed_at
          AND NOT EXISTS (SELECT 1 FROM reporter_feedback f WHERE f.report_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = r.case_id AND d.kind = 'reporter_feedback'
                            AND d.subject_id = r.id AND d.status IN ('open', 'breached'))`,
      [tx.case.id],
    )) as { id: string; assessed_at: Date }[];
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
