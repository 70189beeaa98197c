import type { Principal } from '@vt/common';
import { CaseReach } from './case-reach';

const caseworker: Principal = {
  userId: 'u-1',
  organisationId: 'org-1',
  organisationKind: 'police',
  roles: ['caseworker'],
  tokenId: 't-1',
};

describe('CaseReach', () => {
  it('writes the membership rule as SQL with positional values after those already there', () => {
    const params: unknown[] = ['case-1'];
    const sql = CaseReach.of(caseworker).sql('read', 'CasePartner', 'p', params);
    expect(sql).toContain('p.organisation_id = $2');
    expect(sql).toContain('p.removed_at IS NULL');
    expect(sql).toContain('p.expires_at IS NULL');
    expect(sql).toMatch(/p\.expires_at > \$\d/);
    expect(params[0]).toBe('case-1');
    expect(params).toContain('org-1');
  });

  it('allows nothing its rules do not give, unless a permission is lent for that case', () => {
    const reach = CaseReach.of(caseworker);
    const row = { id: 'case-1', regisseurUserId: 'someone-else' };
    expect(reach.can('direct', 'Case', row)).toBe(false);
    const lent = reach.lending(new Map([['case-1', new Set(['direct' as const])]]));
    expect(lent.can('direct', 'Case', row)).toBe(true);
    expect(lent.can('direct', 'Case', { ...row, id: 'case-2' })).toBe(false);
    expect(lent.can('update', 'CaseAction', { assigneeOrganisationId: 'x' }, 'case-1')).toBe(false);
  });

  it('names the regie organisation for the dashboard and the receiving one for the figures', () => {
    const supervisor = CaseReach.of({ ...caseworker, roles: ['supervisor'] });
    expect(supervisor.sql('read', 'Dashboard', 'c', [])).toBe('c.regie_organisation_id = $1');
    expect(supervisor.sql('read', 'Figures', 'r', [])).toBe('r.organisation_id = $1');
    expect(CaseReach.of(caseworker).sql('read', 'Figures', 'r', [])).toBe('FALSE');
  });

  it('gives no rows when no rule applies', () => {
    const admin = CaseReach.of({ ...caseworker, roles: ['admin'] });
    expect(admin.sql('read', 'CasePartner', 'p', [])).toBe('FALSE');
  });

  it('opens a system reach for a named job, which has no caller', () => {
    const reach = CaseReach.system('deadline-breach');
    expect(reach.isSystem).toBe(true);
    expect(reach.sql('read', 'CasePartner', 'p', [])).toBe('TRUE');
    expect(() => reach.organisationId).toThrow(/deadline-breach/);
  });
});
