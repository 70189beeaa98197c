import { Inject, Injectable } from '@nestjs/common';
import type { CaseReach } from '@vt/access';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { Transaction } from '@vt/database';
import { addCalendarDays, amsterdamDate, CalendarService, DeadlinesService, endOfAmsterdamDay } from '@vt/deadlines';
import type { Case } from './case.entity';
import { holdsRegie } from './case-operations';
import { CaseQueryRepository } from './case-query.repository';
import { Actor, CaseScope, CaseStore } from './case-store';
import { CasesException } from './cases.exception';
import { FollowUpOutcome } from './follow-up.entity';
import { FollowUpChecksRepository } from './follow-up-checks.repository';
import { Report } from './report.entity';

/**
 * Follow-up after closing (docs/feedback-and-follow-up.md): checks at the configured intervals after
 * a case closes, each with its own deadline and an outcome, and the flag on a new report about the
 * household while its closed case is still being followed up. The checks are the regie
 * organisation's: the one whose users see the case's deadlines.
 */
@Injectable()
export class FollowUpChecksService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly calendars: CalendarService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly repository: FollowUpChecksRepository,
    private readonly cases: CaseQueryRepository,
  ) {}

  /** A case just closed: one check per interval, due at the end of that day (a working day). */
  async scheduleAfterClosing(tx: CaseScope, closedAt: Date): Promise<void> {
    const calendar = this.calendars.calendar();
    for (const interval of this.config.followUp.followUpIntervals) {
      const day = calendar.nextWorkingDayOnOrAfter(addCalendarDays(amsterdamDate(closedAt), interval.days));
      const check = await this.repository.createCheck(tx.manager, {
        caseId: tx.case.id,
        interval: interval.label,
        dueAt: endOfAmsterdamDay(day),
      });
      await this.deadlines.open(
        tx.manager,
        { caseId: tx.case.id, kind: 'follow_up_check', subjectId: check.id },
        closedAt,
        check.dueAt,
      );
    }
    if (this.config.followUp.followUpIntervals.length > 0) {
      await tx.event('follow_up_scheduled', 'basic', {
        intervals: this.config.followUp.followUpIntervals.map((i) => i.label),
      });
    }
  }

  /**
   * A report just came in on `tx.case`: every closed case the radar links it to that still has a
   * check to do gets it flagged (follow_up_reports), shown in both cases' radar.
   */
  async flagNewReport(tx: CaseScope, report: Report): Promise<void> {
    const flagged = await this.repository.flagReport(
      tx.manager,
      { caseId: tx.case.id, reportId: report.id, organisationId: tx.case.organisationId },
      tx.now,
    );
    if (flagged.length === 0) return;
    // Other cases are the receiving organisation's business, like the radar's own event.
    await tx.event('follow_up_report_flagged', 'reporter', { reportId: report.id, closedCases: flagged.length });
    for (const closedCaseId of flagged) {
      const closed = await this.cases.caseById(tx.manager, closedCaseId);
      await this.store
        .scope(tx.manager, tx.actor, closed)
        .event('new_report_during_follow_up', 'reporter', { caseId: tx.case.id });
    }
  }

  /** GET /cases/{id}/follow-up-checks: the regie organisation's users; other members 403. */
  async list(reach: CaseReach, caseId: string) {
    const manager = this.cases.manager;
    const { case: found } = await this.store.read(manager, reach, caseId);
    this.assertRegie(reach, found);
    // Other cases are the receiving organisation's business, like the radar: regie may have moved on.
    const receiving = reach.organisationId === found.organisationId;
    const [items, newReports] = await Promise.all([
      this.checks(manager, found),
      receiving ? this.newReports(manager, caseId) : undefined,
    ]);
    return { items, ...(newReports ? { newReports } : {}) };
  }

  /** The checks as the case view shows them (the write's reply is one of these). */
  async checks(manager: Transaction, target: Case) {
    const rows = await this.repository.checks(manager, target.id);
    if (rows.length === 0) return [];
    const deadlines = await this.repository.checkTerms(manager, target.id);
    return rows.map((row) => {
      const deadline = deadlines.find((d) => d.subject_id === row.id);
      return {
        id: row.id,
        interval: row.interval,
        dueAt: row.dueAt,
        deadlineStatus: deadline?.status ?? null,
        breachedAt: deadline?.breached_at ?? null,
        outcome: row.outcome,
        note: row.note,
        recordedBy: row.recordedBy,
        recordedAt: row.recordedAt,
      };
    });
  }

  private async newReports(manager: Transaction, caseId: string) {
    const rows = await this.repository.newReports(manager, caseId);
    return rows.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      reportId: r.report_id,
      flaggedAt: r.flagged_at,
    }));
  }

  /** The outcome of one check: 404 for a check not of this case, 409 once recorded. */
  record(actor: Actor, caseId: string, checkId: string, outcome: FollowUpOutcome, note: string | undefined) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'record_follow_up_check', audit: { action: 'update', subjectType: 'FollowUpCheck' } },
      async (tx) => {
        this.assertRegie(tx.reach, tx.case);
        const check = await this.repository.lockCheck(tx.manager, caseId, checkId);
        if (!check) throw CasesException.notFound();
        if (check.outcome !== null) {
          throw CasesException.conflict('Deze controle is al vastgelegd / check already recorded', [
            { field: 'outcome', message: check.outcome },
          ]);
        }
        Object.assign(check, { outcome, note: note ?? null, recordedBy: actor.principal.userId, recordedAt: tx.now });
        await this.repository.saveCheck(tx.manager, check);
        const met = await this.deadlines.complete(
          tx.manager,
          { caseId, kind: 'follow_up_check', subjectId: check.id },
          tx.now,
        );
        await tx.event('follow_up_checked', 'safety', {
          checkId: check.id,
          outcome,
          lateWorkingDays: met?.lateWorkingDays ?? null,
        });
        return { result: check, subjectId: check.id };
      },
    );
  }

  /** Only the regie organisation records and lists the checks (`holdsRegie`, as the case view offers them). */
  private assertRegie(reach: CaseReach, target: Case): void {
    if (!holdsRegie(reach, target)) throw CasesException.forbidden();
  }
}
