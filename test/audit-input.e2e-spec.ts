import { AuditService, AuditVerifierService } from '../libs/audit/src';
import { AuditEntryRow, rehash } from './support/audit';
import { caseBody, CaseBody, expectError, member, openCase, requestIdOf, veiligThuis } from './support/cases';
import { call, createOrganisation, createUser, Hub, login, startHub } from './support/hub';

interface VerifyBody {
  valid: boolean;
  checked: number;
  broken: { fromSeq: string; toSeq: string; reason: string }[];
}

/** A small deterministic generator, so a failing case can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  const uuid = () => {
    const id = `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    return next() < 0.5 ? id.toUpperCase() : id;
  };
  const pieces = [
    'a',
    'Z',
    'é',
    'ß',
    '中',
    '😀',
    ' ',
    '"',
    '\\',
    '\n',
    '\t',
    ',',
    '\u0000',
    '\uD800',
    '\uDC00',
    '\u2028',
  ];
  const text = () => {
    const length = pick([0, 1, 5, 40, 3000]);
    return Array.from({ length }, () => pick(pieces)).join('');
  };
  return { int, pick, uuid, text, maybe: <T>(value: () => T): T | null => (next() < 0.25 ? null : value()) };
}

describe('canonical input and an audit log no request can break', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  async function verify(token: string) {
    const res = await call<VerifyBody>(hub, 'GET', '/api/v1/audit/verify', { token });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function rowsOf(requestId: string) {
    return (await hub.db.query(`SELECT * FROM audit_entries WHERE request_id = $1 ORDER BY seq`, [
      requestId,
    ])) as AuditEntryRow[];
  }

  it('an id in upper case is the same id: audited in the stored form, and the chain stays whole', async () => {
    const vt = await veiligThuis(hub);
    const officer = await member(hub, vt.org, ['privacy_officer']);
    const admin = await member(hub, vt.org, ['admin']);
    const created: CaseBody = await openCase(hub, vt.caseworker.token);

    const read = await call<CaseBody>(hub, 'GET', `/api/v1/cases/${created.id.toUpperCase()}`, {
      token: vt.caseworker.token,
    });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(created.id);
    const [entry] = await rowsOf(requestIdOf(read));
    expect(entry).toMatchObject({ case_id: created.id, subject_id: created.id, outcome: 'success' });

    const patched = await call(
      hub,
      'PATCH',
      `/api/v1/organisations/${vt.org.id.toUpperCase()}/users/${vt.supervisor.user.id.toUpperCase()}`,
      { token: admin.token, body: { roles: ['supervisor', 'caseworker'] } },
    );
    expect(patched.status).toBe(200);
    expect((await rowsOf(requestIdOf(patched)))[0]).toMatchObject({
      subject_id: vt.supervisor.user.id,
      subject_organisation_id: vt.org.id,
    });

    // An id in a query string and in a body is canonical too.
    const search = await call(hub, 'GET', `/api/v1/audit?caseId=${created.id.toUpperCase()}`, { token: officer.token });
    expect(search.status).toBe(200);
    expect((search.body.items as unknown[]).length).toBeGreaterThan(0);

    expect(await verify(officer.token)).toMatchObject({ valid: true, broken: [] });
  });

  it('a value that is not an id where one is expected answers 400 and is never stored as typed', async () => {
    const vt = await veiligThuis(hub);
    const officer = await member(hub, vt.org, ['privacy_officer']);
    for (const typed of ['123456782', 'VT-2026-000001', 'not-a-uuid']) {
      const res = await call(hub, 'GET', `/api/v1/cases/${typed}`, { token: vt.caseworker.token });
      expectError(res, 400, 'common.validation');
      const entries = await rowsOf(requestIdOf(res));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ subject_id: null, case_id: null, outcome: 'failure' });
    }
    const [{ n }] = (await hub.db.query(
      `SELECT count(*)::int AS n FROM audit_entries
        WHERE chain_id = $1 AND (subject_id LIKE '%123456782%' OR purpose LIKE '%123456782%')`,
      [vt.org.id],
    )) as { n: number }[];
    expect(n).toBe(0);
    expect(await verify(officer.token)).toMatchObject({ valid: true, broken: [] });
  });

  it('keeps a plain BSN out of every audit field, whichever caller passes one', async () => {
    const org = await createOrganisation(hub.db);
    const requestId = '7d0c7c1e-4a0b-4c55-9d0e-6c1f0c7b9a11';
    await hub.app.get(AuditService).record({
      action: 'search',
      subjectType: 'Person',
      subjectId: '123456782',
      purpose: 'gezocht op 111222333 en 123456789',
      actorOrganisationId: org.id,
      outcome: 'success',
      requestId,
    });
    const [entry] = await rowsOf(requestId);
    // 111222333 passes the BSN check, 123456789 does not (it stays: it may be any number).
    expect(entry).toMatchObject({ subject_id: '[bsn]', purpose: 'gezocht op [bsn] en 123456789' });
  });

  it('refuses text PostgreSQL cannot store with 400 common.validation, audited as denied, nothing else written', async () => {
    const vt = await veiligThuis(hub);
    const officer = await member(hub, vt.org, ['privacy_officer']);
    const admin = await member(hub, vt.org, ['admin']);
    const created: CaseBody = await openCase(hub, vt.caseworker.token);

    const nulPath = await call(hub, 'GET', '/api/v1/cases/%00', { token: vt.caseworker.token });
    expectError(nulPath, 400, 'common.validation', 'path');
    const nulQuery = await call(hub, 'GET', '/api/v1/cases?phase=%00', { token: vt.caseworker.token });
    expectError(nulQuery, 400, 'common.validation', 'phase');
    const loneSurrogate = await fetch(`${hub.url}/api/v1/organisations/${vt.org.id}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      // JSON may carry a lone surrogate as an escape; JSON.stringify would not write one.
      body: `{"name":"X","email":"a\\ud800@test.example","password":"Lang-genoeg-wachtwoord-1","roles":["caseworker"]}`,
    });
    expect(loneSurrogate.status).toBe(400);
    expect(await loneSurrogate.json()).toMatchObject({ code: 'common.validation', details: [{ field: 'email' }] });
    const note = await call(hub, 'POST', `/api/v1/cases/${created.id}/reports`, {
      token: vt.caseworker.token,
      body: { ...caseBody({ persons: [] }), narrative: 'a\u0000b' },
    });
    expectError(note, 400, 'common.validation', 'narrative');

    for (const res of [nulPath, nulQuery, note]) {
      const entries = await rowsOf(requestIdOf(res));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        outcome: 'denied',
        purpose: 'invalid_input',
        actor_organisation_id: vt.org.id,
      });
    }
    expect((await rowsOf(requestIdOf(note)))[0]).toMatchObject({
      case_id: created.id,
      subject_organisation_id: vt.org.id,
    });
    const [{ reports }] = (await hub.db.query(`SELECT count(*)::int AS reports FROM reports WHERE case_id = $1`, [
      created.id,
    ])) as { reports: number }[];
    expect(reports).toBe(1);

    // Before the caller is known: a login with an unstorable e-mail is refused and audited anonymously.
    const login = await fetch(`${hub.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"\\udc00@test.example","password":"x"}',
    });
    expect(login.status).toBe(400);
    const anonymous = await rowsOf(login.headers.get('x-request-id') as string);
    expect(anonymous).toHaveLength(1);
    expect(anonymous[0]).toMatchObject({ actor_organisation_id: null, outcome: 'denied', purpose: 'invalid_input' });

    expect(await verify(officer.token)).toMatchObject({ valid: true, broken: [] });
  });

  it('a refusal by the role check names the case and its organisation, so the owner sees it', async () => {
    const vt = await veiligThuis(hub);
    const created: CaseBody = await openCase(hub, vt.caseworker.token);
    const other = await createOrganisation(hub.db, 'veilig_thuis');
    const outsider = await createUser(hub.db, other.id, ['admin']);
    const res = await call(hub, 'GET', `/api/v1/cases/${created.id}`, { token: await login(hub, outsider.email) });
    expect(res.status).toBe(403);
    expect((await rowsOf(requestIdOf(res)))[0]).toMatchObject({
      outcome: 'denied',
      case_id: created.id,
      subject_organisation_id: vt.org.id,
      actor_organisation_id: other.id,
    });
  });

  it('keeps a client request id only when it is a UUID, in canonical form', async () => {
    const vt = await veiligThuis(hub);
    const garbage = await call(hub, 'GET', '/api/v1/me', {
      token: vt.caseworker.token,
      headers: { 'x-request-id': 'client-chosen-id-123' },
    });
    expect(requestIdOf(garbage)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await rowsOf('client-chosen-id-123')).toHaveLength(0);
    const id = '0B7A4A4E-3D2C-4F55-9D0E-6C1F0C7B9A11';
    const upper = await call(hub, 'GET', '/api/v1/me', { token: vt.caseworker.token, headers: { 'x-request-id': id } });
    expect(requestIdOf(upper)).toBe(id.toLowerCase());
    expect(await rowsOf(id.toLowerCase())).toHaveLength(1);
  });

  it('hashes exactly what it stores: random entries of every field type re-hash equal when read back', async () => {
    const audit = hub.app.get(AuditService);
    const org = await createOrganisation(hub.db);
    for (let seed = 1; seed <= 200; seed++) {
      const g = generator(seed);
      await audit.record({
        actorOrganisationId: g.pick([org.id, org.id.toUpperCase()]),
        actorUserId: g.maybe(g.uuid),
        actorRoles: Array.from({ length: g.int(3) }, g.text),
        onBehalfOf: g.maybe(g.text),
        action: g.pick(['read', 'create', 'denied', 'export']),
        subjectType: g.text(),
        subjectId: g.maybe(() => g.pick([g.uuid(), g.text()])),
        subjectOrganisationId: g.maybe(g.uuid),
        caseId: g.maybe(g.uuid),
        personRefs: Array.from({ length: g.int(3) }, g.text),
        purpose: g.maybe(g.text),
        legalBasis: g.maybe(g.text),
        outcome: g.pick(['success', 'failure', 'denied']),
        requestId: g.maybe(g.uuid),
        clientAddress: g.maybe(() => g.pick(['::1', '127.0.0.1', '2001:db8::1'])),
      });
    }
    const rows = (await hub.db.query(`SELECT * FROM audit_entries WHERE chain_id = $1 ORDER BY seq`, [
      org.id,
    ])) as AuditEntryRow[];
    expect(rows).toHaveLength(200);
    for (const row of rows) expect({ seq: row.seq, hash: rehash(row) }).toEqual({ seq: row.seq, hash: row.hash });
    // Verification streams the stored text and serialises it on its own path: it must agree.
    expect(await hub.app.get(AuditVerifierService).verifyChain(org.id)).toMatchObject({
      valid: true,
      checked: 200,
      broken: [],
    });
  });
});
