import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { caseBody, CaseBody, expectError, member, Member, openCase } from './support/cases';
import { asOwner, call, createOrganisation, createUser, Hub, isolatedDatabase, login, startHub } from './support/hub';
import {
  deadUrl,
  HUB_KID,
  hubKeyPair,
  sourceHolderDatabase,
  startSourceHolder,
  TEST_HUB_ISSUER,
  TEST_PSEUDONYM_KEY,
  TestSourceHolder,
} from './support/source-holder';
import { answerSchema, publishedDocument, shapeProblems } from './support/openapi-shape';
import { until } from './support/wait';

const ANNA = '123456782';
const TIMEOUT_MS = 3000;
const NDJSON = 'application/x-ndjson';

interface Line {
  at: number;
  event: { type: string; [field: string]: unknown };
}

/**
 * A known-by request over a raw socket, so each line is seen the moment it arrives (fetch and the
 * test helpers read a whole body). `next()` waits for the next line, `lines` has them all.
 */
function openStream(hub: Hub, path: string, token: string, body: unknown) {
  const lines: Line[] = [];
  const waiting: (() => void)[] = [];
  let buffered = '';
  let ended = false;
  const request = http.request(`${hub.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: NDJSON },
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          lines.push({ at: performance.now(), event: JSON.parse(buffered.slice(0, newline)) as Line['event'] });
          buffered = buffered.slice(newline + 1);
        }
        waiting.splice(0).forEach((wake) => wake());
      });
      res.on('end', () => {
        ended = true;
        waiting.splice(0).forEach((wake) => wake());
      });
      resolve(res);
    });
    request.on('error', reject);
  });
  request.end(JSON.stringify(body));
  let read = 0;
  return {
    response,
    lines,
    request,
    ended: () => ended,
    /** The next line not yet returned, or null once the stream has ended. */
    async next(): Promise<Line | null> {
      while (read >= lines.length && !ended) await new Promise<void>((wake) => waiting.push(wake));
      return read < lines.length ? lines[read++] : null;
    },
  };
}

/** A stand-in source holder that answers `NIET_BEKEND` only when the test lets it. */
async function gatedSource() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const transactions: string[] = [];
  const server = http.createServer((req, res) => {
    transactions.push(String(req.headers['x-transaction-id']));
    void released.then(() =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"uitslag":"NIET_BEKEND"}'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    transactions,
    release: () => {
      release();
      return performance.now();
    },
    close: () =>
      new Promise<void>((resolve) => {
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('lookups: known-by streamed as NDJSON, a line per source as it answers', () => {
  let database: { url: string; drop(): Promise<void> };
  let hub: Hub;
  let holderDb: { drop(): Promise<void> };
  let holder: TestSourceHolder;
  let platform: string;
  let vt: Member;
  let vtOrgId: string;
  let theCase: CaseBody;
  let anna: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  async function register(sourceId: string, baseUrl: string, name: string) {
    const org = await createOrganisation(hub.db, 'certified_institution');
    await hub.db.query(`UPDATE organisations SET name = $1 WHERE id = $2`, [name, org.id]);
    const res = await call<{ id: string }>(hub, 'POST', '/api/v1/source-holders', {
      token: platform,
      body: { sourceId, organisationId: org.id, baseUrl, capabilities: ['known_by'], pseudonymKey: TEST_PSEUDONYM_KEY },
    });
    if (res.status !== 201) throw new Error(`register ${sourceId}: ${res.status} ${res.text}`);
    return res.body.id;
  }

  async function setActive(id: string, active: boolean) {
    const res = await call(hub, 'PATCH', `/api/v1/source-holders/${id}`, { token: platform, body: { active } });
    if (res.status !== 200) throw new Error(`activate ${id}: ${res.status} ${res.text}`);
  }

  const path = () => `/api/v1/cases/${theCase.id}/lookups/known-by`;
  const body = () => ({ personId: anna, reasonCode: 'veiligheidsbeoordeling' });

  let hitId: string;
  let deadId: string;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    // Its own database: the registry is global, and other files' lookups must not ask these sources.
    database = await isolatedDatabase('lookups_stream');
    hub = await startHub({
      DATABASE_URL: database.url,
      HUB_ISSUER: TEST_HUB_ISSUER,
      HUB_SIGNING_KEY: JSON.stringify({ ...hubKeyPair.privateKey.export({ format: 'jwk' }), kid: HUB_KID }),
      LOOKUP_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    platform = await login(
      hub,
      (await createUser(hub.db, (await createOrganisation(hub.db, 'platform')).id, ['platform_admin'])).email,
    );
    const vtOrg = await createOrganisation(hub.db, 'veilig_thuis');
    vtOrgId = vtOrg.id;
    vt = await member(hub, vtOrg, ['caseworker']);
    theCase = await openCase(hub, vt.token, { persons: caseBody().persons });
    anna = (theCase.persons as { id: string; firstName: string }[]).find((p) => p.firstName === 'Anna')!.id;
    const db = await sourceHolderDatabase();
    holderDb = db;
    holder = await startSourceHolder(
      db.url,
      { SOURCE_HOLDER_ORGANISATION: 'st-hit' },
      {
        contactPoints: [{ code: 'oost', naam: 'Team Oost (stream)', telefoon: '088 765 4321' }],
        persons: [{ bsn: ANNA, dossierReferentie: 'ST-1', contactpunt: 'oost', gegevens: {} }],
        policy: [],
        custody: [],
      },
    );
    hitId = await register('st-hit', holder.url, 'Bron die snel antwoordt');
    deadId = await register('st-dead', await deadUrl(), 'Bron die plat ligt');
  }, 120_000);

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await hub?.close();
    await holder?.close();
    await holderDb?.drop();
    await database?.drop();
  });

  /** A gated source registered for one test, deactivated again after it. */
  async function withGate<T>(
    name: string,
    run: (gate: Awaited<ReturnType<typeof gatedSource>>, id: string) => Promise<T>,
  ) {
    const gate = await gatedSource();
    const id = await register(`st-gate-${Date.now().toString(36)}`, gate.url, name);
    try {
      return await run(gate, id);
    } finally {
      await setActive(id, false);
      await gate.close();
    }
  }

  it('names the sources at once, then writes each result as its source answers: a fast one before a slow one', async () => {
    await withGate('Bron die traag antwoordt', async (gate, gateId) => {
      const stream = openStream(hub, path(), vt.token, body());
      const res = await stream.response;
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-accel-buffering']).toBe('no');
      expect(res.headers['content-encoding']).toBeUndefined();
      const requestId = String(res.headers['x-request-id']);

      const first = (await stream.next())!;
      expect(first.event.type).toBe('sources');
      const sources = first.event.sources as { sourceHolderId: string; organisationName: string }[];
      expect(sources.map((s) => s.sourceHolderId).sort()).toEqual([hitId, deadId, gateId].sort());
      expect(sources.find((s) => s.sourceHolderId === gateId)).toMatchObject({
        organisationName: 'Bron die traag antwoordt',
        detailRequests: false,
      });

      // The gated source has not answered: what arrives now was written as it came, not held back.
      const early = [(await stream.next())!, (await stream.next())!];
      const released = gate.release();
      const byId = Object.fromEntries(early.map((l) => [l.event.sourceHolderId as string, l]));
      expect(byId[hitId].event).toMatchObject({
        type: 'result',
        status: 'known',
        organisationName: 'Bron die snel antwoordt',
        contact: { name: 'Team Oost (stream)', phone: '088 765 4321' },
      });
      expect(byId[deadId].event).toMatchObject({ type: 'result', status: 'unavailable' });
      expect(byId[hitId].at).toBeLessThan(released);

      const late = (await stream.next())!;
      expect(late.event).toMatchObject({ type: 'result', sourceHolderId: gateId, status: 'not_known' });
      expect(late.at).toBeGreaterThanOrEqual(released);
      expect((await stream.next())!.event).toEqual({ type: 'done' });
      expect(await stream.next()).toBeNull();
      // Every line, the sources and done too, is one of the line schemas the document declares.
      const document = await publishedDocument(hub);
      const lineSchema = answerSchema(document, 'post', '/cases/{id}/lookups/known-by', 200, NDJSON);
      expect(stream.lines.flatMap((line) => shapeProblems(document, lineSchema, line.event))).toEqual([]);
      // Every result line has the documented result's fields, and nothing else.
      for (const line of [...early, late]) {
        const { type, ...result } = line.event;
        expect(type).toBe('result');
        expect(Object.keys(result).sort()).toEqual(
          expect.arrayContaining(['latencyMs', 'organisationId', 'organisationName', 'sourceHolderId', 'status']),
        );
        expect(JSON.stringify(line.event)).not.toContain(ANNA);
      }

      // Two audit entries per source; the first was committed before the request reached the source.
      const entries = (await hub.db.query(
        `SELECT subject_id, purpose, outcome FROM audit_entries
          WHERE request_id = $1 AND subject_type = 'KnownByLookup' AND action = 'lookup' ORDER BY seq`,
        [requestId],
      )) as { subject_id: string; purpose: string; outcome: string }[];
      expect(entries).toHaveLength(6);
      const gateEntries = entries.filter((e) => e.subject_id.endsWith(`:${gate.transactions[0]}`));
      expect(gateEntries.map((e) => e.purpose)).toEqual([
        'veiligheidsbeoordeling',
        expect.stringMatching(/^uitkomst=not_known;latency_ms=\d+$/),
      ]);
      expect(entries.filter((e) => e.purpose.startsWith('uitkomst=unavailable'))).toHaveLength(1);
      expect(entries.find((e) => e.purpose.startsWith('uitkomst=unavailable'))!.outcome).toBe('failure');
    });
  });

  it('writes a source that never answers as timeout, after the others', async () => {
    await withGate('Bron die nooit antwoordt', async (_gate, gateId) => {
      const started = performance.now();
      const stream = openStream(hub, path(), vt.token, body());
      expect((await stream.response).statusCode).toBe(200);
      const events: Line[] = [];
      for (let line = await stream.next(); line; line = await stream.next()) events.push(line);
      expect(events.map((l) => l.event.type)).toEqual(['sources', 'result', 'result', 'result', 'done']);
      const last = events[3];
      expect(last.event).toMatchObject({ sourceHolderId: gateId, status: 'timeout' });
      expect(last.at - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(events[1].at - started).toBeLessThan(TIMEOUT_MS);
    });
  });

  it('still answers the documented JSON when NDJSON is not asked for', async () => {
    const res = await call<{ results: { sourceHolderId: string; status: string }[] }>(hub, 'POST', path(), {
      token: vt.token,
      body: body(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(res.body)).toEqual(['results']);
    const document = await publishedDocument(hub);
    expect(
      shapeProblems(
        document,
        answerSchema(document, 'post', '/cases/{id}/lookups/known-by', 200, 'application/json'),
        res.body,
      ),
    ).toEqual([]);
    expect(Object.fromEntries(res.body.results.map((r) => [r.sourceHolderId, r.status]))).toEqual({
      [hitId]: 'known',
      [deadId]: 'unavailable',
    });
  });

  it('answers refusals with the normal JSON error before any line: 404 outside the network, 400, 403', async () => {
    const stranger = await member(hub, await createOrganisation(hub.db, 'police'), ['caseworker']);
    const outside = await call(hub, 'POST', path(), {
      token: stranger.token,
      body: body(),
      headers: { accept: NDJSON },
    });
    expect(outside.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectError(outside, 404, 'cases.not_found');
    const invalid = await call(hub, 'POST', path(), {
      token: vt.token,
      body: { personId: anna },
      headers: { accept: NDJSON },
    });
    expectError(invalid, 400, 'common.validation', 'reasonCode');
    const officer = await login(hub, (await createUser(hub.db, vtOrgId, ['privacy_officer'])).email);
    const forbidden = await call(hub, 'POST', path(), { token: officer, body: body(), headers: { accept: NDJSON } });
    expect(forbidden.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(forbidden.status).toBe(403);
    // Nothing was asked for these three; the refusal outside the network is audited as denied.
    const entries = (await hub.db.query(
      `SELECT request_id, outcome FROM audit_entries WHERE action = 'lookup' AND request_id = ANY ($1)`,
      [[outside, invalid, forbidden].map((r) => r.headers.get('x-request-id'))],
    )) as { request_id: string; outcome: string }[];
    expect(entries.filter((e) => e.outcome === 'success')).toEqual([]);
    expect(entries).toContainEqual({ request_id: outside.headers.get('x-request-id'), outcome: 'denied' });
  });

  it('survives a client that leaves mid-stream: the requests finish and their outcomes are audited', async () => {
    await withGate('Bron die traag antwoordt', async (gate) => {
      const stream = openStream(hub, path(), vt.token, body());
      const res = await stream.response;
      const requestId = String(res.headers['x-request-id']);
      expect((await stream.next())!.event.type).toBe('sources');
      await until(
        'the gated source to be asked',
        () => gate.transactions.length,
        (n) => n === 1,
      );
      stream.request.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      gate.release();
      await until(
        'an outcome entry for every source',
        async () =>
          (
            (await hub.db.query(
              `SELECT count(*)::int AS n FROM audit_entries WHERE request_id = $1 AND purpose LIKE 'uitkomst=%'`,
              [requestId],
            )) as { n: number }[]
          )[0].n,
        (n) => n === 3,
      );
      // The hub goes on serving.
      const again = await call(hub, 'POST', path(), { token: vt.token, body: body() });
      expect(again.status).toBe(200);
      expect(unhandled).toEqual([]);
    });
  });

  it('ends with an error line, and no done, when an outcome cannot be audited after the lines began', async () => {
    await asOwner(hub, async (owner) => {
      await owner.query(`
      CREATE OR REPLACE FUNCTION stream_outcome_fails_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.actor_organisation_id::text = TG_ARGV[0] AND NEW.purpose LIKE 'uitkomst=%' THEN
          RAISE EXCEPTION 'audit store unavailable';
        END IF;
        RETURN NEW;
      END $$`);
      await owner.query(
        `CREATE TRIGGER stream_outcome_fails_for_test BEFORE INSERT ON audit_entries
       FOR EACH ROW EXECUTE FUNCTION stream_outcome_fails_for_test('${vtOrgId}')`,
      );
    });
    try {
      const stream = openStream(hub, path(), vt.token, body());
      expect((await stream.response).statusCode).toBe(200);
      const events: Line['event'][] = [];
      for (let line = await stream.next(); line; line = await stream.next()) events.push(line.event);
      expect(events[0].type).toBe('sources');
      expect(events.at(-1)).toMatchObject({ type: 'error', code: 'audit.write_failed' });
      expect(events.map((e) => e.type)).not.toContain('done');
      const document = await publishedDocument(hub);
      const lineSchema = answerSchema(document, 'post', '/cases/{id}/lookups/known-by', 200, NDJSON);
      expect(events.flatMap((event) => shapeProblems(document, lineSchema, event))).toEqual([]);
      expect(unhandled).toEqual([]);
    } finally {
      await asOwner(hub, (owner) => owner.query(`DROP TRIGGER stream_outcome_fails_for_test ON audit_entries`));
    }
  });
});
