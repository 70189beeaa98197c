import { CaseReach } from '@vt/access';
import type { Principal } from '@vt/common';
import type { DataSource } from 'typeorm';
import { DeadlineFiguresRepository } from './deadline-figures.repository';

const supervisor: Principal = {
  userId: 'u-1',
  organisationId: 'org-1',
  organisationKind: 'veilig_thuis',
  roles: ['supervisor'],
  tokenId: 't-1',
};

/** A data source that records each statement, on its own connection or not, and answers with no rows. */
function recording() {
  const statements: { sql: string; params: unknown[] }[] = [];
  const query = async (sql: string, params: unknown[] = []) => {
    statements.push({ sql, params });
    return [];
  };
  const runner = { connect: async () => undefined, release: async () => undefined, query };
  const dataSource = { query, createQueryRunner: () => runner };
  return { statements, repository: new DeadlineFiguresRepository(dataSource as unknown as DataSource) };
}

// The dashboard's counts are benchmarked on the index of the deadline's regie column: the
// condition the reach gives must be that column's equality, as the hand-written filter was.
describe("the access condition of the dashboard's counts", () => {
  it('takes the regie organisation of the deadline from the reach', async () => {
    const { statements, repository } = recording();
    await repository.counts(CaseReach.of(supervisor), new Date());
    const access = statements.filter((s) => /regie_organisation_id/.test(s.sql));
    expect(access.map((s) => s.sql.match(/(\w)\.regie_organisation_id = (\$\d+)/)?.slice(1))).toEqual([['d', '$1']]);
    const [, placeholder] = access[0].sql.match(/regie_organisation_id = \$(\d+)/) ?? [];
    expect(access[0].params[Number(placeholder) - 1]).toBe('org-1');
  });

  it('runs serially in a transaction of its own, opened and set in one round trip', async () => {
    const { statements, repository } = recording();
    await repository.counts(CaseReach.of(supervisor), new Date());
    expect(statements.map((s) => s.sql.trim().split(/\s+/, 1)[0])).toEqual(['START', 'SELECT', 'COMMIT']);
    expect(statements[0].sql).toBe('START TRANSACTION READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0');
  });

  it('gives a caller without the rules nothing', async () => {
    const { statements, repository } = recording();
    await repository.counts(CaseReach.of({ ...supervisor, roles: ['admin'] }), new Date());
    expect(statements[1].sql).toMatch(/WHERE FALSE AND/);
  });
});

// The lead times' histogram carries the organisation that held regie at completion; each caller's
// rule must become that column's equality with the caller's organisation, as its hand-written
// filter was (the dashboard) or as the quarterly figures' rule gave it.
describe('the access condition of the lead times', () => {
  const organisationOf = (statement: { sql: string; params: unknown[] }, column: string) => {
    const [, placeholder] = statement.sql.match(new RegExp(`\\bl\\.${column} = \\$(\\d+)`)) ?? [];
    return placeholder === undefined ? undefined : statement.params[Number(placeholder) - 1];
  };

  it("names the regie organisation for the dashboard's rule", async () => {
    const { statements, repository } = recording();
    await repository.leadTimes(CaseReach.of(supervisor), 'Dashboard', 'month', '2026-01-01', '2027-01-01');
    expect(organisationOf(statements[0], 'regie_organisation_id')).toBe('org-1');
    expect(statements[0].sql).toContain('FROM lead_times_by_month');
    expect(statements[0].sql).toContain(`to_char(month, 'YYYY-MM')`);
  });

  it("names the organisation for the quarterly figures' rule", async () => {
    const { statements, repository } = recording();
    await repository.leadTimes(CaseReach.of(supervisor), 'Figures', 'quarter', '2026-01-01', '2026-07-01');
    expect(organisationOf(statements[0], 'organisation_id')).toBe('org-1');
    expect(statements[0].sql).not.toMatch(/regie_organisation_id = /);
    expect(statements[0].sql).toContain(`to_char(month, 'YYYY-"Q"Q')`);
  });

  it('reads days when the span is not whole months', async () => {
    const { statements, repository } = recording();
    await repository.leadTimes(CaseReach.of(supervisor), 'Dashboard', 'month', '2026-01-15', '2026-03-01');
    expect(statements[0].sql).toContain('FROM lead_times_by_day');
  });

  it.each(['Dashboard', 'Figures'] as const)('gives a caller without the %s rule nothing', async (rule) => {
    const { statements, repository } = recording();
    await repository.leadTimes(
      CaseReach.of({ ...supervisor, roles: ['caseworker'] }),
      rule,
      'month',
      '2026-01-01',
      '2026-02-01',
    );
    expect(statements[0].sql).toMatch(/WHERE FALSE AND/);
  });
});
