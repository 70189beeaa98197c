import http from 'node:http';
import net from 'node:net';
import { SourceHolderSeed } from '../apps/source-holder/src/seed/source-holder-seed';
import { caseBody, CaseBody, member, Member, openCase } from './support/cases';
import { asOwner, call, createOrganisation, createUser, Hub, isolatedDatabase, login, startHub } from './support/hub';
import {
  deadUrl,
  HUB_KID,
  hubKeyPair,
  loggedRequests,
  sourceHolderDatabase,
  startSourceHolder,
  TEST_HUB_ISSUER,
  TEST_PSEUDONYM_KEY,
  TestSourceHolder,
} from './support/source-holder';

/** Fictitious persons of the test case: Anna is known at one source, Sem is her child. */
const ANNA = '123456782';
const SEM = '100023757';
const TEAM = { naam: 'Team Oost (e2e-lookups)', telefoon: '088 765 4321', email: 'oost@bron.example' };
const SECRET = 'e2e-lookups-geheime-bronwaarde';

const SEED: SourceHolderSeed = {
  contactPoints: [{ code: 'oost', ...TEAM }],
  persons: [
    { bsn: ANNA, dossierReferentie: 'LK-0001', contactpunt: 'oost', gegevens: { betrokkenheid: { aard: SECRET } } },
  ],
  policy: [{ organisationKind: 'veilig_thuis', decision: 'TOEKENNEN', categories: ['betrokkenheid'] }],
  custody: [
    {
      bsn: SEM,
      gezag: [
        {
          type: 'EenhoofdigOuderlijkGezag',
          ouder: { burgerservicenummer: ANNA },
          inOnderzoek: false,
        },
      ],
    },
  ],
};

// Long enough that a real source holder answers in time on a loaded machine (800 ms was not).
const TIMEOUT_MS = 3000;

/** A tiny HTTP server standing in for a misbehaving source holder. */
async function stubServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Registered {
  id: string;
  organisationId: string;
}

describe('lookups: known-by and custody from a case, over real HTTP', () => {
  let database: { url: string; drop(): Promise<void> };
  let hub: Hub;
  const holderDbs: { drop(): Promise<void> }[] = [];
  const holders: TestSourceHolder[] = [];
  const stubs: { close(): Promise<void> }[] = [];
  let platform: string;
  let vt: { org: { id: string }; caseworker: Member };
  let theCase: CaseBody;
  let anna: string;
  let bram: string;
  let sem: string;
  const source: Record<string, Registered> = {};

  async function register(sourceId: string, baseUrl: string, capabilities: string[], key = TEST_PSEUDONYM_KEY) {
    const org = await createOrganisation(hub.db, 'certified_institution');
    const res = await call<Registered>(hub, 'POST', '/api/v1/source-holders', {
      token: platform,
      body: { sourceId, organisationId: org.id, baseUrl, capabilities, pseudonymKey: key },
    });
    if (res.status !== 201) throw new Error(`register ${sourceId}: ${res.status} ${res.text}`);
    source[sourceId] = res.body;
    return res.body;
  }

  async function holder(sourceId: string, seed: SourceHolderSeed, overrides: Record<string, string> = {}) {
    const db = await sourceHolderDatabase();
    holderDbs.push(db);
    const started = await startSourceHolder(db.url, { SOURCE_HOLDER_ORGANISATION: sourceId, ...overrides }, seed);
    holders.push(started);
    return started;
  }

  beforeAll(async () => {
    // A database of its own: the registry is global, and other files' lookups must not see these sources.
    database = await isolatedDatabase('lookups');
    hub = await startHub({
      DATABASE_URL: database.url,
      HUB_ISSUER: TEST_HUB_ISSUER,
      HUB_SIGNING_KEY: JSON.stringify({ ...hubKeyPair.privateKey.export({ format: 'jwk' }), kid: HUB_KID }),
      LOOKUP_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    const beheer = await createOrganisation(hub.db, 'platform');
    platform = await login(hub, (await createUser(hub.db, beheer.id, ['platform_admin'])).email);
    const vtOrg = await createOrganisation(hub.db, 'veilig_thuis');
    vt = { org: vtOrg, caseworker: await member(hub, vtOrg, ['caseworker']) };
    theCase = await openCase(hub, vt.caseworker.token, {
      persons: [
        ...caseBody().persons,
        { role: 'child', bsn: SEM, firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2019-03-04' },
      ],
    });
    const person = (first: string) =>
      (theCase.persons as { id: string; firstName: string }[]).find((p) => p.firstName === first)!.id;
    anna = person('Anna');
    bram = person('Bram');
    sem = person('Sem');

    const hit = await holder('lk-hit', SEED);
    const miss = await holder('lk-miss', { ...SEED, persons: [], custody: [] });
    const register_ = await holder('lk-gezag', SEED, { SOURCE_HOLDER_MODE: 'gezag' });
    const slow = await stubServer((_req, res) => {
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"uitslag":"NIET_BEKEND"}'),
        TIMEOUT_MS * 3,
      );
    });
    const garbage = await stubServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>oeps'),
    );
    // A body far larger than any protocol answer: dropped unread past 1 MB.
    const huge = await stubServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"uitslag":"NIET_BEKEND","x":"${'x'.repeat(3 * 1024 * 1024)}"}`);
    });
    stubs.push(slow, garbage, huge);
    await register('lk-hit', hit.url, ['known_by', 'detail']);
    await register('lk-miss', miss.url, ['known_by']);
    await register('lk-gezag', register_.url, ['custody']);
    await register('lk-dead', await deadUrl(), ['known_by']);
    await register('lk-slow', slow.url, ['known_by']);
    await register('lk-garbage', garbage.url, ['known_by']);
    await register('lk-huge', huge.url, ['known_by']);
    // Its token names this audience, which the real source holder behind the URL is not: 401.
    await register('lk-wrong-audience', hit.url, ['known_by']);
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
    await Promise.allSettled(holders.map((h) => h.close()));
    await Promise.all(stubs.map((s) => s.close()));
    await Promise.all(holderDbs.map((db) => db.drop()));
    await database?.drop();
  });

  const knownBy = (personId: string, token = vt.caseworker.token, caseId = theCase.id as string) =>
    call<{
      code?: string;
      results: {
        sourceHolderId: string;
        status: string;
        contact?: unknown;
        latencyMs: number;
        organisationName: string;
      }[];
    }>(hub, 'POST', `/api/v1/cases/${caseId}/lookups/known-by`, {
      token,
      body: { personId, reasonCode: 'veiligheidsbeoordeling' },
    });

  const statusBySource = (results: { sourceHolderId: string; status: string }[]) =>
    Object.fromEntries(
      Object.entries(source)
        .filter(([, r]) => results.some((x) => x.sourceHolderId === r.id))
        .map(([sourceId, r]) => [sourceId, results.find((x) => x.sourceHolderId === r.id)!.status]),
    );

  it('registers source holders for the platform admin only, never showing the key', async () => {
    const list = await call<{ items: Record<string, unknown>[] }>(hub, 'GET', '/api/v1/source-holders', {
      token: platform,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.sourceId)).toEqual(expect.arrayContaining(['lk-hit', 'lk-gezag']));
    expect(list.text).not.toContain(TEST_PSEUDONYM_KEY);
    const [row] = (await hub.db.query(
      `SELECT pseudonym_key_ciphertext::text AS k FROM source_holders WHERE source_id = 'lk-hit'`,
    )) as {
      k: string;
    }[];
    expect(row.k).not.toContain(Buffer.from(TEST_PSEUDONYM_KEY).toString('hex'));
    const refused = await call(hub, 'GET', '/api/v1/source-holders', { token: vt.caseworker.token });
    expect(refused.status).toBe(403);
    const invalid = await call(hub, 'POST', '/api/v1/source-holders', {
      token: platform,
      body: {
        sourceId: 'Bad Id',
        organisationId: vt.org.id,
        baseUrl: 'ftp://x',
        capabilities: ['teleport'],
        pseudonymKey: 'kort',
      },
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'baseUrl',
      'capabilities',
      'pseudonymKey',
      'sourceId',
    ]);
    const duplicate = await call(hub, 'POST', '/api/v1/source-holders', {
      token: platform,
      body: {
        sourceId: 'lk-hit',
        organisationId: vt.org.id,
        baseUrl: 'http://127.0.0.1:1',
        capabilities: ['known_by'],
        pseudonymKey: TEST_PSEUDONYM_KEY,
      },
    });
    expect(duplicate.status).toBe(409);
    const audited = (await hub.db.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE subject_type = 'SourceHolder' AND action = 'create' AND outcome = 'success'`,
    )) as { n: number }[];
    expect(audited[0].n).toBeGreaterThanOrEqual(7);
  });

  it('asks every source at once and answers per source; failures are never "not known"', async () => {
    const started = Date.now();
    const res = await knownBy(anna);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(statusBySource(res.body.results)).toEqual({
      'lk-hit': 'known',
      'lk-miss': 'not_known',
      'lk-dead': 'unavailable',
      'lk-slow': 'timeout',
      'lk-garbage': 'unavailable',
      'lk-huge': 'unavailable',
      'lk-wrong-audience': 'refused',
    });
    const hit = res.body.results.find((r) => r.sourceHolderId === source['lk-hit'].id)!;
    expect(hit.contact).toEqual({ name: TEAM.naam, phone: TEAM.telefoon, email: TEAM.email });
    // The slow source is cut off at the timeout, and the others did not wait for it one by one.
    expect(res.body.results.find((r) => r.sourceHolderId === source['lk-slow'].id)!.latencyMs).toBeGreaterThanOrEqual(
      TIMEOUT_MS - 20,
    );
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
    expect(res.text).not.toContain(ANNA);
  });

  it('stops asking a source once the platform admin deactivates it, and asks it again once active', async () => {
    const patch = (active: boolean) =>
      call(hub, 'PATCH', `/api/v1/source-holders/${source['lk-garbage'].id}`, { token: platform, body: { active } });
    expect((await patch(false)).status).toBe(200);
    const without = await knownBy(anna);
    expect(without.body.results.map((r) => r.sourceHolderId)).not.toContain(source['lk-garbage'].id);
    expect((await patch(true)).body).toMatchObject({ active: true, sourceId: 'lk-garbage' });
    const again = await knownBy(anna);
    expect(again.body.results.map((r) => r.sourceHolderId)).toContain(source['lk-garbage'].id);
  });

  it('sends the pseudonym, transaction id and trace context; the source logs the same transaction the hub audited first', async () => {
    const res = await knownBy(anna);
    expect(res.status).toBe(200);
    const hitHolder = holders[0];
    const logged = (await loggedRequests(hitHolder, `operation LIKE '%bekendheid%' AND status = 200`)).at(-1)!;
    expect(logged.subject_ref).toBe(hitHolder.pseudonym(ANNA));
    expect(logged.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(logged.transaction_id).toMatch(/^[0-9a-f-]{14}7/);
    const entries = (await hub.db.query(
      `SELECT subject_id, purpose, outcome, person_refs, case_id, legal_basis FROM audit_entries
        WHERE subject_type = 'KnownByLookup' AND subject_id = $1 ORDER BY seq`,
      [`lk-hit:${logged.transaction_id}`],
    )) as {
      subject_id: string;
      purpose: string;
      outcome: string;
      person_refs: string[];
      case_id: string;
      legal_basis: string;
    }[];
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      purpose: 'veiligheidsbeoordeling',
      outcome: 'success',
      case_id: theCase.id,
      person_refs: [anna],
    });
    expect(entries[0].legal_basis).toMatch(/^statutory/);
    expect(entries[1].purpose).toMatch(/^uitkomst=known;latency_ms=\d+$/);
    const all = JSON.stringify(await hub.db.query(`SELECT * FROM audit_entries WHERE case_id = $1`, [theCase.id]));
    expect(all).not.toContain(ANNA);
    expect(all).not.toContain(hitHolder.pseudonym(ANNA));
  });

  it('answers 409 for a person without a BSN', async () => {
    const bramRes = await knownBy(bram);
    expect(bramRes.status).toBe(409);
    expect(bramRes.body.code).toBe('lookups.no_bsn');
  });

  it('answers 404 for a person outside the case, for a caller outside the network, and 400 without a reason', async () => {
    const other = await openCase(hub, vt.caseworker.token, {
      persons: [
        { role: 'victim', bsn: '111222333', firstName: 'Carla', lastName: 'Jansen', dateOfBirth: '1985-07-01' },
      ],
    });
    const outsider = (other.persons as { id: string }[])[0].id;
    expect((await knownBy(outsider)).status).toBe(404);
    const police = await createOrganisation(hub.db, 'police');
    const stranger = await member(hub, police, ['caseworker']);
    const res = await knownBy(anna, stranger.token);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('cases.not_found');
    const noReason = await call(hub, 'POST', `/api/v1/cases/${theCase.id}/lookups/known-by`, {
      token: vt.caseworker.token,
      body: { personId: anna },
    });
    expect(noReason.status).toBe(400);
    expect((noReason.body.details as { field: string }[])[0].field).toBe('reasonCode');
  });

  it('answers 409 on a closed case, asking no source', async () => {
    const closed = await openCase(hub, vt.caseworker.token);
    await hub.db.query(`UPDATE cases SET phase = 'closed', closed_at = now() WHERE id = $1`, [closed.id]);
    const person = (closed.persons as { id: string; firstName: string }[]).find((p) => p.firstName === 'Anna')!.id;
    const before = (await loggedRequests(holders[1])).length;
    const res = await knownBy(person, vt.caseworker.token, closed.id as string);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('lookups.conflict');
    expect(await loggedRequests(holders[1])).toHaveLength(before);
  });

  it('sends nothing when the audit entry cannot be written first', async () => {
    const before = (await loggedRequests(holders[1])).length;
    await asOwner(hub, async (owner) => {
      await owner.query(`
      CREATE OR REPLACE FUNCTION lookup_audit_fails_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.actor_organisation_id::text = TG_ARGV[0] AND NEW.action = 'lookup' THEN
          RAISE EXCEPTION 'audit store unavailable';
        END IF;
        RETURN NEW;
      END $$`);
      await owner.query(
        `CREATE TRIGGER lookup_audit_fails_for_test BEFORE INSERT ON audit_entries
       FOR EACH ROW EXECUTE FUNCTION lookup_audit_fails_for_test('${vt.org.id}')`,
      );
    });
    try {
      const res = await knownBy(anna);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('audit.write_failed');
    } finally {
      await asOwner(hub, (owner) => owner.query(`DROP TRIGGER lookup_audit_fails_for_test ON audit_entries`));
    }
    expect(await loggedRequests(holders[1])).toHaveLength(before);
  });

  it('asks custody of a minor live, and refuses it for an adult', async () => {
    const custody = (personId: string) =>
      call<{ status: string; custody?: Record<string, unknown> }>(
        hub,
        'POST',
        `/api/v1/cases/${theCase.id}/lookups/custody`,
        {
          token: vt.caseworker.token,
          body: { personId },
        },
      );
    const res = await custody(sem);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      custody: {
        type: 'EenhoofdigOuderlijkGezag',
        holders: [{ kind: 'ouder', name: 'Anna de Vries', bsnLast4: ANNA.slice(-4) }],
        underInvestigation: false,
      },
    });
    expect(res.text).not.toContain(ANNA);
    // Asked again, asked again: nothing is cached.
    const asked = (await loggedRequests(holders[2], `operation LIKE '%Gezag%' AND status = 200`)).length;
    await custody(sem);
    expect(await loggedRequests(holders[2], `operation LIKE '%Gezag%' AND status = 200`)).toHaveLength(asked + 1);
    expect((await custody(anna)).status).toBe(400);
  });

  it('shows custody unavailable when the register is down', async () => {
    await holders[2].close();
    const res = await call(hub, 'POST', `/api/v1/cases/${theCase.id}/lookups/custody`, {
      token: vt.caseworker.token,
      body: { personId: sem },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'unavailable' });
  });
});
