import http from 'node:http';
import net from 'node:net';
import { DEMO_BSN, DEMO_SEEDS } from '../apps/source-holder/src/seed/demo-seed-data';
import {
  GEZAG_PATH,
  gezagHeaderProblems,
  gezagRequestProblems,
  gezagResponseProblems,
  gezagUnavailableProblems,
  OIN_HEADER,
} from '../libs/lookups-protocol/src';
import { CaseBody, member, Member, openCase } from './support/cases';
import { call, createOrganisation, createUser, Hub, isolatedDatabase, login, startHub } from './support/hub';
import {
  HUB_KID,
  hubKeyPair,
  sourceHolderDatabase,
  startSourceHolder,
  TEST_HUB_ISSUER,
  TEST_PSEUDONYM_KEY,
  TestSourceHolder,
} from './support/source-holder';

const OIN = '00000001823288444000';
const API_KEY = 'e2e-gezagsmodule-api-key-0123456789';
const NOT_REGISTERED = '100752305';

/** One exchange as it crossed the wire between the hub and the custody source. */
interface Exchange {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  status: number;
  contentType: string | null;
  answer: unknown;
}

/** A real HTTP server in front of a custody source: `answer` decides, every exchange is kept. */
async function wire(
  answer: (req: http.IncomingMessage, body: string) => Promise<{ status: number; type: string; text: string }>,
) {
  const exchanges: Exchange[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      void answer(req, text).then((reply) => {
        exchanges.push({
          method: req.method!,
          path: req.url!,
          headers: req.headers,
          body: JSON.parse(text) as unknown,
          status: reply.status,
          contentType: reply.type,
          answer: JSON.parse(reply.text) as unknown,
        });
        res.writeHead(reply.status, { 'content-type': reply.type }).end(reply.text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Passes a request on to the demo register as it came, and its answer back as it went. */
function relayTo(target: () => string) {
  return async (req: http.IncomingMessage, body: string) => {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
    ) as Record<string, string>;
    const res = await fetch(`${target()}${req.url}`, { method: req.method, headers, body });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
}

/** Every request the hub sent holds to GezagRequest and the OIN header, with the credential configured. */
function expectHubRequests(exchanges: Exchange[], credential: 'hub-token' | 'api-key'): void {
  expect(exchanges.length).toBeGreaterThan(0);
  for (const exchange of exchanges) {
    expect(exchange).toMatchObject({ method: 'POST', path: GEZAG_PATH });
    expect(exchange.headers['content-type']).toMatch(/^application\/json\b/);
    expect(gezagHeaderProblems(exchange.headers)).toEqual([]);
    expect(exchange.headers[OIN_HEADER.toLowerCase()]).toBe(OIN);
    expect(gezagRequestProblems(exchange.body)).toEqual([]);
    if (credential === 'hub-token') {
      expect(exchange.headers.authorization).toMatch(/^Bearer /);
      expect(exchange.headers).not.toHaveProperty('x-api-key');
    } else {
      expect(exchange.headers['x-api-key']).toBe(API_KEY);
      expect(exchange.headers).not.toHaveProperty('authorization');
    }
  }
}

/** Every answer the custody source gave holds to the published contract. */
function expectSourceAnswers(exchanges: Exchange[]): void {
  for (const exchange of exchanges) {
    expect([200, 503]).toContain(exchange.status);
    expect(exchange.contentType).toMatch(/^application\/json\b/);
    const problems =
      exchange.status === 200 ? gezagResponseProblems(exchange.answer) : gezagUnavailableProblems(exchange.answer);
    expect(problems).toEqual([]);
  }
}

describe('custody contract: the hub and the demo register speak the BRP API Gezag', () => {
  const register = DEMO_SEEDS.gezag;
  let database: { url: string; drop(): Promise<void> };
  let registerDb: { url: string; drop(): Promise<void> };
  let hub: Hub;
  let holder: TestSourceHolder;
  let relay: Awaited<ReturnType<typeof wire>>;
  let registerUrl: string;
  let platform: string;
  let caseworker: Member;
  let theCase: CaseBody;
  let sourceId: string;
  const childByBsn = new Map<string, string>();

  const custody = (target: Hub, bsn: string) =>
    call<{ status: string; custody?: Record<string, unknown> }>(
      target,
      'POST',
      `/api/v1/cases/${theCase.id}/lookups/custody`,
      { token: caseworker.token, body: { personId: childByBsn.get(bsn) } },
    );

  const pointTo = async (baseUrl: string) => {
    const res = await call(hub, 'PATCH', `/api/v1/source-holders/${sourceId}`, { token: platform, body: { baseUrl } });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    database = await isolatedDatabase('custody-contract');
    hub = await startHub({
      DATABASE_URL: database.url,
      HUB_ISSUER: TEST_HUB_ISSUER,
      HUB_SIGNING_KEY: JSON.stringify({ ...hubKeyPair.privateKey.export({ format: 'jwk' }), kid: HUB_KID }),
      CUSTODY_OIN: OIN,
    });
    registerDb = await sourceHolderDatabase();
    holder = await startSourceHolder(
      registerDb.url,
      { SOURCE_HOLDER_MODE: 'gezag', SOURCE_HOLDER_ID: 'e2e-gezagsregister', SOURCE_HOLDER_ORGANISATION: 'gemeente' },
      register,
    );
    registerUrl = holder.url;
    relay = await wire(relayTo(() => registerUrl));

    const beheer = await createOrganisation(hub.db, 'platform');
    platform = await login(hub, (await createUser(hub.db, beheer.id, ['platform_admin'])).email);
    const municipality = await createOrganisation(hub.db, 'municipality');
    const registered = await call<{ id: string }>(hub, 'POST', '/api/v1/source-holders', {
      token: platform,
      body: {
        sourceId: 'e2e-gezagsregister',
        organisationId: municipality.id,
        baseUrl: relay.url,
        capabilities: ['custody'],
        pseudonymKey: TEST_PSEUDONYM_KEY,
      },
    });
    expect(registered.status).toBe(201);
    sourceId = registered.body.id;

    const vt = await createOrganisation(hub.db, 'veilig_thuis');
    caseworker = await member(hub, vt, ['caseworker']);
    const minors = [...register.custody.map((row) => row.bsn), NOT_REGISTERED];
    theCase = await openCase(hub, caseworker.token, {
      persons: [
        { role: 'victim', bsn: DEMO_BSN.anna, firstName: 'Anna', lastName: 'de Vries', dateOfBirth: '1990-01-31' },
        { role: 'suspect', bsn: DEMO_BSN.bram, firstName: 'Bram', lastName: 'de Vries', dateOfBirth: '1988-05-02' },
        ...minors.map((bsn, index) => ({
          role: 'child',
          bsn,
          firstName: `Kind${index + 1}`,
          lastName: 'de Vries',
          dateOfBirth: '2018-06-01',
        })),
      ],
    });
    for (const [index, bsn] of minors.entries()) {
      const person = (theCase.persons as { id: string; firstName: string }[]).find(
        (p) => p.firstName === `Kind${index + 1}`,
      )!;
      childByBsn.set(bsn, person.id);
    }
  });

  afterAll(async () => {
    await relay?.close();
    await holder?.close();
    await hub?.close();
    await registerDb?.drop();
    await database?.drop();
  });

  it('asks each gezag type and an unregistered minor in the published form, and shows holders as today', async () => {
    relay.exchanges.length = 0;
    const views = new Map<string, Record<string, unknown> | undefined>();
    for (const bsn of childByBsn.keys()) {
      const res = await custody(hub, bsn);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      // The hub shows no full BSN: holders by name or kind, with the last four digits only.
      for (const full of [...childByBsn.keys(), DEMO_BSN.anna, DEMO_BSN.bram, '100601844', '100617682', '100665196']) {
        expect(res.text).not.toContain(full);
      }
      views.set(bsn, res.body.custody);
    }
    expect(views.get(DEMO_BSN.sem)).toEqual({
      type: 'TweehoofdigOuderlijkGezag',
      holders: [
        { kind: 'ouder', name: 'Anna de Vries', bsnLast4: '6782' },
        { kind: 'ouder', name: 'Bram de Vries', bsnLast4: '2333' },
      ],
      underInvestigation: false,
    });
    expect(views.get('100174218')).toEqual({
      type: 'GezamenlijkGezag',
      holders: [
        { kind: 'ouder', name: 'Ouder buiten deze casus', bsnLast4: '7682' },
        { kind: 'derde', name: 'Derde buiten deze casus', bsnLast4: '5196' },
      ],
      underInvestigation: false,
    });
    expect(views.get('100372193')).toMatchObject({
      type: 'Voogdij',
      holders: [{ kind: 'derde', name: 'Derde zonder BSN (bijvoorbeeld een instelling)' }],
    });
    expect(views.get('100475140')).toMatchObject({ type: 'GezagNietTeBepalen', underInvestigation: true });
    expect(views.get(NOT_REGISTERED)).toMatchObject({ type: 'GezagNietTeBepalen', holders: [] });
    for (const row of register.custody) expect(views.get(row.bsn)).toMatchObject({ type: row.gezag[0].type });

    expect(relay.exchanges.map((e) => e.body)).toEqual(
      [...childByBsn.keys()].map((bsn) => ({ burgerservicenummer: [bsn] })),
    );
    expectHubRequests(relay.exchanges, 'hub-token');
    expectSourceAnswers(relay.exchanges);
    expect(relay.exchanges.every((e) => e.status === 200)).toBe(true);

    // Audited as before: outcome and latency, never a BSN.
    const audit = JSON.stringify(await hub.db.query(`SELECT * FROM audit_entries WHERE case_id = $1`, [theCase.id]));
    for (const full of [...childByBsn.keys(), DEMO_BSN.anna, DEMO_BSN.bram, '100601844']) {
      expect(audit).not.toContain(full);
    }
  });

  it('shows custody unavailable on the register’s 503, asked in the published form all the same', async () => {
    const down = await startSourceHolder(registerDb.url, {
      SOURCE_HOLDER_MODE: 'gezag',
      SOURCE_HOLDER_ID: 'e2e-gezagsregister',
      SOURCE_HOLDER_REGISTER_AVAILABLE: 'false',
    });
    relay.exchanges.length = 0;
    registerUrl = down.url;
    try {
      const res = await custody(hub, DEMO_BSN.sem);
      expect(res.body).toEqual({ status: 'unavailable' });
    } finally {
      registerUrl = holder.url;
      await down.close();
    }
    expect(relay.exchanges).toMatchObject([{ status: 503, answer: 'Gegevensbron niet beschikbaar' }]);
    expectHubRequests(relay.exchanges, 'hub-token');
    expectSourceAnswers(relay.exchanges);
  });

  describe('pointed at the national Gezagsmodule by configuration (API key)', () => {
    let national: Awaited<ReturnType<typeof wire>>;
    let apiKeyHub: Hub;
    let reply = { status: 200, text: '' };

    beforeAll(async () => {
      national = await wire(() => Promise.resolve({ ...reply, type: 'application/json' }));
      apiKeyHub = await startHub({
        DATABASE_URL: database.url,
        CUSTODY_OIN: OIN,
        CUSTODY_AUTH: 'api-key',
        CUSTODY_API_KEY: API_KEY,
      });
      await pointTo(national.url);
    });

    afterAll(async () => {
      await pointTo(relay.url);
      await apiKeyHub?.close();
      await national?.close();
    });

    it('sends the API key instead of a token, needs no signing key, and reads the answer', async () => {
      reply = {
        status: 200,
        text: JSON.stringify({
          personen: [
            {
              burgerservicenummer: '100372193',
              gezag: [{ type: 'Voogdij', derden: [], minderjarige: { burgerservicenummer: '100372193' } }],
            },
          ],
        }),
      };
      const res = await custody(apiKeyHub, '100372193');
      expect(res.body).toEqual({ status: 'ok', custody: { type: 'Voogdij', holders: [], underInvestigation: false } });
      expectHubRequests(national.exchanges, 'api-key');
    });

    it('shows unavailable on a 503 string, a 400 and an answer outside the contract', async () => {
      for (const next of [
        { status: 503, text: JSON.stringify('Gegevensbron niet beschikbaar') },
        { status: 400, text: JSON.stringify({ title: 'Ongeldig verzoek', status: 400 }) },
        { status: 200, text: JSON.stringify({ personen: [{ burgerservicenummer: '100372193', gezag: [{}] }] }) },
      ]) {
        reply = next;
        expect((await custody(apiKeyHub, '100372193')).body).toEqual({ status: 'unavailable' });
      }
      expectHubRequests(national.exchanges, 'api-key');
    });
  });
});
