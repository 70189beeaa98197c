import { addPartner, directedCase, expectError, member, openCase, requestIdOf, veiligThuis } from './support/cases';
import { call, createOrganisation, Hub, Response, startHub } from './support/hub';

const BSN = '123456782';

interface Hit {
  caseId: string;
  reference: string;
  phase: string;
  persons: { firstName: string; lastName: string; dateOfBirth: string | null }[];
  match: string;
}

const PERSONS = [
  { role: 'victim', bsn: BSN, firstName: 'Zoë', lastName: 'Özil-de Vries', dateOfBirth: '1990-01-31' },
  { role: 'suspect', firstName: 'Bram', lastName: 'Jansen', dateOfBirth: '1988-05-02' },
];

describe('search within reach', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const search = (token: string, q: string, limit?: number) =>
    call<{ items: Hit[] }>(
      hub,
      'GET',
      `/api/v1/search?q=${encodeURIComponent(q)}${limit === undefined ? '' : `&limit=${limit}`}`,
      { token },
    );

  /** A fresh Veilig Thuis organisation with one case about Zoë Özil-de Vries. */
  async function withCase() {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token, { persons: PERSONS });
    return { vt, created };
  }

  /** The audit entries of one request, every column as text. */
  async function auditRows(res: Response) {
    return (await hub.db.query(`SELECT * FROM audit_entries WHERE request_id = $1 ORDER BY seq`, [
      requestIdOf(res),
    ])) as Record<string, unknown>[];
  }

  it('finds a case by its reference, in any case, with its persons', async () => {
    const { vt, created } = await withCase();
    const res = await search(vt.supervisor.token, ` ${String(created.reference).toLowerCase()} `);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        caseId: created.id,
        reference: created.reference,
        phase: 'triage',
        persons: [
          { firstName: 'Bram', lastName: 'Jansen', dateOfBirth: '1988-05-02' },
          { firstName: 'Zoë', lastName: 'Özil-de Vries', dateOfBirth: '1990-01-31' },
        ],
        match: 'reference',
      },
    ]);
  });

  it('finds a name without accents and with a typo, best match first', async () => {
    const { vt, created } = await withCase();
    const other = await openCase(hub, vt.caseworker.token, {
      persons: [{ role: 'victim', firstName: 'Zora', lastName: 'Vos', dateOfBirth: '1995-03-03' }],
    });
    for (const q of ['zoe ozil de vries', 'Ozil-de Vris', 'OZIL']) {
      const res = await search(vt.caseworker.token, q);
      expect(res.status).toBe(200);
      expect(res.body.items.map((hit) => [hit.caseId, hit.match])).toEqual([[created.id, 'name']]);
    }
    const surname = await search(vt.caseworker.token, 'Jansen');
    expect(surname.body.items.map((hit) => hit.caseId)).toEqual([created.id]);
    expect(surname.body.items.map((hit) => hit.caseId)).not.toContain(other.id);
  });

  it('finds a date of birth and a full BSN, and writes neither the BSN nor a name to the audit log', async () => {
    const { vt, created } = await withCase();
    const byDate = await search(vt.caseworker.token, '1990-01-31');
    expect(byDate.body.items.map((hit) => [hit.caseId, hit.match])).toEqual([[created.id, 'dateOfBirth']]);

    const byBsn = await search(vt.caseworker.token, BSN);
    expect(byBsn.status).toBe(200);
    expect(byBsn.body.items.map((hit) => [hit.caseId, hit.match])).toEqual([[created.id, 'bsn']]);
    const rows = await auditRows(byBsn);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'search',
      subject_type: 'Case',
      case_id: created.id,
      subject_organisation_id: vt.org.id,
      purpose: 'search_bsn',
      outcome: 'success',
      actor_user_id: vt.caseworker.user.id,
    });
    expect(JSON.stringify(rows)).not.toContain(BSN);

    const byName = await search(vt.caseworker.token, 'Özil-de Vries');
    const nameRows = await auditRows(byName);
    expect(nameRows.map((r) => r.purpose)).toEqual(['search_name']);
    expect(JSON.stringify(nameRows)).not.toMatch(/zil|Vries/);
  });

  it('searches with the query in the body the same way, so a BSN stays out of URLs and proxy logs', async () => {
    const { vt, created } = await withCase();
    const inBody = await call<{ items: Hit[] }>(hub, 'POST', '/api/v1/search', {
      token: vt.caseworker.token,
      body: { q: BSN, limit: 5 },
    });
    expect(inBody.status).toBe(200);
    expect(inBody.body).toEqual((await search(vt.caseworker.token, BSN)).body);
    expect(inBody.body.items.map((hit) => [hit.caseId, hit.match])).toEqual([[created.id, 'bsn']]);
    const rows = await auditRows(inBody);
    expect(rows.map((r) => [r.action, r.purpose, r.case_id])).toEqual([['search', 'search_bsn', created.id]]);
    expect(JSON.stringify(rows)).not.toContain(BSN);

    const post = (body: unknown) => call(hub, 'POST', '/api/v1/search', { token: vt.caseworker.token, body });
    expectError(await post({ q: 'ab' }), 400, 'common.validation', 'q');
    expectError(await post({}), 400, 'common.validation', 'q');
    expectError(await post({ q: '123456789' }), 400, 'cases.invalid', 'q');
    expectError(await post({ q: 'Jansen', limit: 51 }), 400, 'common.validation', 'limit');
  });

  it('audits a search that found nothing too', async () => {
    const vt = await veiligThuis(hub);
    const res = await search(vt.caseworker.token, 'Niemand Bekend');
    expect(res.body).toEqual({ items: [] });
    const rows = await auditRows(res);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'search', purpose: 'search_name', case_id: null, outcome: 'success' });
  });

  it("never finds another organisation's case, by any kind of query, and answers as for an unknown one", async () => {
    const { created } = await withCase();
    const elsewhere = await veiligThuis(hub);
    const police = await createOrganisation(hub.db, 'police');
    const agent = await member(hub, police, ['caseworker']);
    for (const caller of [elsewhere.caseworker, agent]) {
      for (const q of [created.reference as string, 'Zoë Özil-de Vries', '1990-01-31', BSN]) {
        const res = await search(caller.token, q);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ items: [] });
      }
    }
    // The other organisation numbers its own cases: its case with the same reference is its own.
    const own = await openCase(hub, elsewhere.caseworker.token);
    expect(own.reference).toBe(created.reference);
    const res = await search(elsewhere.caseworker.token, created.reference as string);
    expect(res.body.items.map((hit) => hit.caseId)).toEqual([own.id]);
  });

  it('lets a partner with the basic category find the case and its persons, until it leaves the network', async () => {
    const { created, token } = await directedCase(hub, { persons: PERSONS });
    const partner = await addPartner(hub, token, created.id, 'municipality', ['basic']);
    const officer = await member(hub, partner, ['caseworker']);
    const found = await search(officer.token, 'Zoe Ozil');
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0].persons.map((p) => p.lastName)).toEqual(['Jansen', 'Özil-de Vries']);
    // Removed from the network: nothing, not even by reference.
    await hub.db.query(`UPDATE case_partners SET removed_at = now() WHERE case_id = $1 AND organisation_id = $2`, [
      created.id,
      partner.id,
    ]);
    for (const q of ['Zoe Ozil', created.reference as string, BSN]) {
      expect((await search(officer.token, q)).body).toEqual({ items: [] });
    }
  });

  it('refuses queries shorter than three characters, unreal dates, invalid BSNs and limits out of bounds', async () => {
    const vt = await veiligThuis(hub);
    const token = vt.caseworker.token;
    for (const q of ['', 'ab', '  a  ']) expectError(await search(token, q), 400, 'common.validation', 'q');
    expectError(await call(hub, 'GET', '/api/v1/search', { token }), 400, 'common.validation', 'q');
    expectError(await search(token, 'x'.repeat(101)), 400, 'common.validation', 'q');
    expectError(await search(token, '2026-02-30'), 400, 'cases.invalid', 'q');
    expectError(await search(token, '123456789'), 400, 'cases.invalid', 'q');
    expectError(await search(token, '12345'), 400, 'cases.invalid', 'q');
    for (const limit of [0, 51, 2.5]) {
      expectError(await search(token, 'Jansen', limit), 400, 'common.validation', 'limit');
    }
    // Dutch first, for the field and the person reading it.
    const tooShort = await call(hub, 'GET', '/api/v1/search?q=ab', { token });
    expect(JSON.stringify(tooShort.body.details)).toContain('minstens 3 tekens');
  });

  it('pages to the limit, 20 by default and at most 50', async () => {
    const vt = await veiligThuis(hub);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await openCase(hub, vt.caseworker.token, { persons: PERSONS })).id);
    const one = await search(vt.caseworker.token, BSN, 1);
    expect(one.body.items.map((hit) => hit.caseId)).toEqual([ids[2]]);
    const all = await search(vt.caseworker.token, BSN);
    expect(all.body.items.map((hit) => hit.caseId)).toEqual([...ids].reverse());
    expect((await search(vt.caseworker.token, BSN, 50)).status).toBe(200);
    // One audit entry per case found, each in its receiving organisation's sight.
    expect((await auditRows(all)).map((r) => r.case_id).sort()).toEqual([...ids].sort());
  });

  it('is not for roles without case work', async () => {
    const { vt } = await withCase();
    for (const roles of [['admin'], ['privacy_officer']]) {
      const user = await member(hub, vt.org, roles);
      expectError(await search(user.token, 'Jansen'), 403, 'access.forbidden');
    }
  });
});
