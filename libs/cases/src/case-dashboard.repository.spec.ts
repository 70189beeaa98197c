import { CaseReach } from '@vt/access';
import type { Principal } from '@vt/common';
import type { DataSource } from 'typeorm';
import { CaseDashboardRepository } from './case-dashboard.repository';
import { DeadlineListRepository } from './deadline-list.repository';

const supervisor: Principal = {
  userId: 'u-1',
  organisationId: 'org-1',
  organisationKind: 'veilig_thuis',
  roles: ['supervisor'],
  tokenId: 't-1',
};

/** A data source that records each statement and answers with an empty row set. */
function recording() {
  const statements: { sql: string; params: unknown[] }[] = [];
  const query = async (sql: string, params: unknown[] = []) => {
    statements.push({ sql, params });
    return [];
  };
  return { statements, dataSource: { query } as unknown as DataSource };
}

// The dashboard and the list are benchmarked on the indexes of the case's regie column: the
// condition the reach gives must be that column's equality, as the hand-written filter was (the
// counts' condition on the deadline is held in libs/deadlines).
describe('the access conditions of the dashboard and the deadline list', () => {
  const reach = CaseReach.of(supervisor);

  it('take the regie organisation of the case from the reach', async () => {
    const { statements, dataSource } = recording();
    const repository = new CaseDashboardRepository(dataSource);
    await repository.caseload(reach, ['u-1', 'u-2'], new Date());
    await repository.waitingList(reach, '2026-01-05', 200);
    const access = statements.filter((s) => /regie_organisation_id/.test(s.sql));
    // The caseload's condition, then the waiting list's: on the list and on its count, one statement.
    expect(
      access.map((s) => [...s.sql.matchAll(/(\w)\.regie_organisation_id = (\$\d+)/g)].map((m) => m.slice(1))),
    ).toEqual([
      [['c', '$3']],
      [
        ['c', '$1'],
        ['c', '$1'],
      ],
    ]);
    for (const { sql, params } of access) {
      const [, placeholder] = sql.match(/regie_organisation_id = \$(\d+)/) ?? [];
      expect(params[Number(placeholder) - 1]).toBe('org-1');
    }
  });

  it('lists the deadlines of the cases the organisation holds regie over', async () => {
    const { statements, dataSource } = recording();
    await new DeadlineListRepository(dataSource).page(reach, { limit: 51 });
    expect(statements[0].sql).toMatch(/c\.regie_organisation_id = \$1/);
    expect(statements[0].params[0]).toBe('org-1');
  });
});
