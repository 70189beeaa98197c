import { Inject, Injectable } from '@nestjs/common';
import { CaseReach, UsersService } from '@vt/access';
import { Clock, CLOCK } from '@vt/common';
import { amsterdamDate, DeadlineFiguresService, DeadlinesService, IsoDate } from '@vt/deadlines';
import { CaseDashboardRepository } from './case-dashboard.repository';
import { REGIE_ROLES } from './case-work.service';

/** The longest waiting reports are listed; the total is counted. */
export const WAITING_LIST_LIMIT = 200;

/**
 * The supervisor's view of the organisation's work: the deadlines context's counts and lead times,
 * and of its cases the waiting list and the caseload per worker. The organisation's share is the
 * cases it holds regie over (the reach's 'Dashboard' rule); every figure is an aggregate in SQL.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly repository: CaseDashboardRepository,
    private readonly figures: DeadlineFiguresService,
    private readonly deadlines: DeadlinesService,
    private readonly users: UsersService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async dashboard(reach: CaseReach) {
    // The day and the at-risk threshold once per request: each is a walk through the Amsterdam calendar.
    const now = this.clock.now();
    const today = amsterdamDate(now);
    const atRiskBy = this.deadlines.atRiskThreshold(now);
    const [{ counts, leadTimes }, waiting, caseload] = await Promise.all([
      this.figures.dashboardFigures(reach, today, atRiskBy),
      this.waitingList(reach, today),
      this.caseload(reach, atRiskBy),
    ]);
    return { ...counts, ...waiting, leadTimes, caseload };
  }

  /**
   * Per worker of the organisation (active, with a case role): the open cases they are regisseur
   * of, and how many of those have a breached term or one at risk. Busiest first, so a supervisor
   * sees whom to relieve before whom to give the next report; among equals by name, then id.
   */
  private async caseload(reach: CaseReach, atRiskBy: Date) {
    const workers = await this.users.roleHolderNames(reach.organisationId, REGIE_ROLES);
    const rows =
      workers.length === 0
        ? []
        : await this.repository.caseload(
            reach,
            workers.map((w) => w.userId),
            atRiskBy,
          );
    const ofWorker = new Map(rows.map((r) => [r.user_id, r]));
    // The workers come by name, then id; a stable sort keeps that order among equal caseloads.
    return workers
      .map((w) => {
        const row = ofWorker.get(w.userId);
        return {
          userId: w.userId,
          name: w.name,
          cases: row?.cases ?? 0,
          withBreached: row?.breached ?? 0,
          withAtRisk: row?.at_risk ?? 0,
        };
      })
      .sort((a, b) => b.cases - a.cases);
  }

  /**
   * Reports without a regisseur, highest risk first, then longest waiting, with their waiting time
   * in working days, their risk and their persons. Only supervisors read the dashboard, and every
   * case on it is one their organisation holds regie over, which sees all of it.
   */
  private async waitingList(reach: CaseReach, today: IsoDate) {
    const { items, total } = await this.repository.waitingList(reach, today, WAITING_LIST_LIMIT);
    return {
      waitingList: items.map((r) => ({
        caseId: r.id,
        reference: r.reference,
        receivedAt: r.received_at,
        acute: r.acute,
        riskLevel: r.risk_level,
        reassessmentDue: r.reassessment_due,
        waitingWorkingDays: r.waiting,
        persons: r.persons,
      })),
      waitingListTotal: total,
    };
  }
}
