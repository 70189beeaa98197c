import type { CaseReach, RoleHolderName, UsersService } from '@vt/access';
import type { Clock } from '@vt/common';
import type { DeadlineFiguresService, DeadlinesService } from '@vt/deadlines';
import type { CaseDashboardRepository, RegisseurCaseloadRow } from './case-dashboard.repository';
import { DashboardService } from './dashboard.service';

const reach = { organisationId: 'org-1' } as CaseReach;

/** The service over the given workers (as the access context orders them) and their case counts. */
function dashboardOf(workers: { id: string; name: string }[], rows: RegisseurCaseloadRow[]) {
  const caseload = jest.fn(async () => rows);
  const roleHolderNames = jest.fn(async (): Promise<RoleHolderName[]> =>
    workers.map(({ id, name }) => ({ userId: id, name })),
  );
  const service = new DashboardService(
    { caseload, waitingList: async () => ({ items: [], total: 0 }) } as unknown as CaseDashboardRepository,
    { dashboardFigures: async () => ({ counts: {}, leadTimes: {} }) } as unknown as DeadlineFiguresService,
    { atRiskThreshold: (now: Date) => now } as unknown as DeadlinesService,
    { roleHolderNames } as unknown as UsersService,
    { now: () => new Date('2026-01-05T09:00:00Z') } as Clock,
  );
  return { service, caseload, roleHolderNames };
}

describe("the dashboard's caseload per worker", () => {
  it('lists every worker, busiest first, and among equals in the order the access context gives', async () => {
    const workers = [
      { id: 'a', name: 'Anna' },
      { id: 'b', name: 'Bert' },
      { id: 'c', name: 'Carla' },
      { id: 'd', name: 'Dirk' },
    ];
    const { service, caseload, roleHolderNames } = dashboardOf(workers, [
      { user_id: 'c', cases: 3, breached: 1, at_risk: 2 },
      { user_id: 'b', cases: 1, breached: 0, at_risk: 1 },
      { user_id: 'd', cases: 3, breached: 0, at_risk: 0 },
    ]);
    const { caseload: listed } = await service.dashboard(reach);
    expect(roleHolderNames).toHaveBeenCalledWith('org-1', ['caseworker', 'supervisor']);
    expect(caseload).toHaveBeenCalledWith(reach, ['a', 'b', 'c', 'd'], expect.any(Date));
    expect(listed).toEqual([
      { userId: 'c', name: 'Carla', cases: 3, withBreached: 1, withAtRisk: 2 },
      { userId: 'd', name: 'Dirk', cases: 3, withBreached: 0, withAtRisk: 0 },
      { userId: 'b', name: 'Bert', cases: 1, withBreached: 0, withAtRisk: 1 },
      { userId: 'a', name: 'Anna', cases: 0, withBreached: 0, withAtRisk: 0 },
    ]);
  });

  it('reads no cases for an organisation without workers', async () => {
    const { service, caseload } = dashboardOf([], []);
    expect((await service.dashboard(reach)).caseload).toEqual([]);
    expect(caseload).not.toHaveBeenCalled();
  });
});
