import { accessibleBy, defineAbilityFor, ROLES, subject, SubjectType, User } from '../libs/access/src';
import { AuditEntry } from '../libs/audit/src';
import { CasePartner } from '../libs/cases/src';
import { openCase } from './support/cases';
import type { Principal } from '../libs/common/src';
import { call, createOrganisation, createUser, Hub, login, startHub, TestOrganisation, TestUser } from './support/hub';

/**
 * The SQL that list queries use must select exactly the rows the in-memory ability allows. Checked
 * for every role over rows of the caller's own and other organisations, so the two cannot drift.
 */
describe('accessibleBy: SQL conditions agree with the ability', () => {
  let hub: Hub;
  let orgs: TestOrganisation[];
  let users: TestUser[];

  beforeAll(async () => {
    hub = await startHub();
    orgs = [await createOrganisation(hub.db), await createOrganisation(hub.db)];
    users = [];
    for (const org of orgs) {
      for (const roles of [['caseworker'], ['admin'], ['privacy_officer']]) {
        const user = await createUser(hub.db, org.id, roles);
        users.push(user);
        // Each login and read leaves entries with the user's organisation as actor and subject.
        const token = await login(hub, user.email);
        await call(hub, 'GET', '/api/v1/me', { token });
      }
    }
  });
  afterAll(() => hub.close());

  const principals = (): Principal[] =>
    ROLES.flatMap((role) =>
      [orgs[0], orgs[1]].map((org, i) => ({
        userId: users[i * 3].id,
        organisationId: org.id,
        organisationKind: 'veilig_thuis',
        roles: [role],
        tokenId: 'test',
      })),
    );

  async function compare<T extends object>(type: SubjectType, entity: new () => T, scope: string, ids: unknown[]) {
    const repository = hub.db.getRepository(entity);
    const all = await repository.createQueryBuilder('row').where(scope, { ids }).getMany();
    expect(all.length).toBeGreaterThan(0);
    for (const principal of principals()) {
      const ability = defineAbilityFor(principal);
      const bySql = await repository
        .createQueryBuilder('row')
        .where(scope, { ids })
        .andWhere(accessibleBy(ability, 'read', type, 'row', repository.metadata))
        .getMany();
      const inMemory = all.filter((row) => ability.can('read', subject(type, { ...row })));
      const key = (row: T) => String((row as { id: unknown }).id);
      expect({ principal, rows: bySql.map(key).sort() }).toEqual({ principal, rows: inMemory.map(key).sort() });
    }
  }

  it('for users', () =>
    compare(
      'User',
      User,
      'row.organisationId IN (:...ids)',
      orgs.map((o) => o.id),
    ));

  it('for audit entries', () =>
    compare(
      'AuditEntry',
      AuditEntry,
      'row.chainId IN (:...ids)',
      orgs.map((o) => o.id),
    ));

  it('for case partners: active, expiring, expired and removed memberships', async () => {
    const caseIds: string[] = [];
    // Each organisation receives four cases and joins the other's four, one membership kind each.
    const kinds = [
      { expiresAt: null, removed: false },
      { expiresAt: "now() + interval '1 day'", removed: false },
      { expiresAt: "now() - interval '1 second'", removed: false },
      { expiresAt: null, removed: true },
    ];
    for (const [i, org] of orgs.entries()) {
      const token = await login(hub, users[i * 3].email);
      const partner = orgs[1 - i];
      for (const kind of kinds) {
        const { id } = (await openCase(hub, token)) as { id: string };
        caseIds.push(id);
        await hub.db.query(
          `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories,
                                      expires_at, removed_at)
           SELECT id, seq, $2, 'consent', 'Toestemming', ARRAY['basic'], ${kind.expiresAt ?? 'NULL'},
                  ${kind.removed ? 'now()' : 'NULL'}
             FROM cases WHERE id = $1 AND organisation_id = $3`,
          [id, partner.id, org.id],
        );
      }
    }
    await compare('CasePartner', CasePartner, 'row.caseId IN (:...ids)', caseIds);
    // Not vacuous: a caseworker has its four own memberships and the two live ones of the other's cases.
    const repository = hub.db.getRepository(CasePartner);
    const ability = defineAbilityFor({ ...principals()[0], roles: ['caseworker'] });
    const visible = await repository
      .createQueryBuilder('row')
      .where('row.caseId IN (:...ids)', { ids: caseIds })
      .andWhere(accessibleBy(ability, 'read', 'CasePartner', 'row', repository.metadata))
      .getCount();
    expect(visible).toBe(6);
  });

  it('selects nothing for an action without rules', async () => {
    const repository = hub.db.getRepository(User);
    const ability = defineAbilityFor({ ...principals()[0], roles: ['caseworker'] });
    const rows = await repository
      .createQueryBuilder('row')
      .where(accessibleBy(ability, 'update', 'User', 'row', repository.metadata))
      .getMany();
    expect(rows).toEqual([]);
  });
});
