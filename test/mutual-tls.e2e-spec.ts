import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { Agent, fetch } from 'undici';
import { SourceHolderSeed } from '../apps/source-holder/src/seed/source-holder-seed';
import { caseBody, member, Member, openCase } from './support/cases';
import { call, createOrganisation, createUser, Hub, isolatedDatabase, login, startHub } from './support/hub';
import {
  HUB_KID,
  hubKeyPair,
  hubToken,
  loggedRequests,
  sourceHolderDatabase,
  startSourceHolder,
  TEST_HUB_ISSUER,
  TEST_PSEUDONYM_KEY,
  TestSourceHolder,
  transactionId,
} from './support/source-holder';
import { IssuedCert, TestPki } from './support/tls';

const ANNA = '123456782';
const SEED: SourceHolderSeed = {
  contactPoints: [{ code: 'oost', naam: 'Team Oost (e2e-mtls)', telefoon: '088 765 4321', email: 'oost@bron.example' }],
  persons: [{ bsn: ANNA, dossierReferentie: 'MT-0001', contactpunt: 'oost', gegevens: {} }],
  policy: [],
  custody: [],
};

/** The OIN in the hub's certificate subject, as PKIoverheid certificates carry it. */
const HUB_OIN = '00000001234567890000';

/**
 * Mutual TLS between the hub and a source holder, with a PKI the test makes with openssl: the
 * source holder's CA signs its server certificate and the hub's client certificate; a second
 * client certificate of the same CA names another organisation; a second CA stands for anyone
 * else's.
 */
describe('mutual TLS between the hub and a source holder', () => {
  const pki = new TestPki();
  let ca: IssuedCert;
  let hubCert: IssuedCert;
  let otherOrganisation: IssuedCert;
  let foreignHubCert: IssuedCert;
  let database: { url: string; drop(): Promise<void> };
  let holderDb: { url: string; drop(): Promise<void> };
  let holder: TestSourceHolder;
  let hub: Hub;
  let caseworker: Member;

  const pem = (path: string) => readFileSync(path, 'utf8');
  /** A connection pool presenting `client` (or no certificate) and trusting the source holder's CA. */
  const agent = (client: IssuedCert | null) =>
    new Agent({ connect: { ca: pem(ca.cert), ...(client && { cert: pem(client.cert), key: pem(client.key) }) } });

  /** A raw TLS connection asking for /health/live: `answered`, or the error code of the refusal. */
  function handshake(client: IssuedCert | null): Promise<string> {
    const { port } = new URL(holder.url);
    return new Promise((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port: Number(port),
        servername: 'localhost',
        ca: pem(ca.cert),
        ...(client && { cert: pem(client.cert), key: pem(client.key) }),
      });
      socket.on('secureConnect', () =>
        socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
      );
      socket.on('data', () => {
        socket.destroy();
        resolve('answered');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      // The server hung up without an alert.
      socket.on('close', () => resolve('closed'));
    });
  }

  async function ask(dispatcher: Agent) {
    const txn = transactionId();
    const res = await fetch(`${holder.url}/bekendheid/v1/bevragingen`, {
      method: 'POST',
      dispatcher,
      headers: {
        'content-type': 'application/json',
        'x-transaction-id': txn,
        authorization: `Bearer ${await hubToken({ audience: holder.config.id })}`,
      },
      body: JSON.stringify({
        subject: { pseudoniem: holder.pseudonym(ANNA) },
        redenVerzoek: 'veiligheidsbeoordeling',
        doelbinding: 'vt-melding',
        zaakReferentie: 'e2e-mtls',
      }),
    });
    return { status: res.status, transactionId: txn, body: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    ca = pki.ca('bron-ca');
    const serverCert = pki.server(ca, 'bron');
    hubCert = pki.issue(ca, 'hub', `/O=Casusregie hub/serialNumber=${HUB_OIN}/CN=hub`, 'clientAuth', [
      'DNS:hub.example',
    ]);
    otherOrganisation = pki.issue(
      ca,
      'ander',
      '/O=Andere organisatie/serialNumber=00000009999999999999/CN=ander',
      'clientAuth',
      [],
    );
    foreignHubCert = pki.issue(
      pki.ca('vreemde-ca'),
      'vreemd',
      `/O=Casusregie hub/serialNumber=${HUB_OIN}/CN=hub`,
      'clientAuth',
      [],
    );

    holderDb = await sourceHolderDatabase();
    holder = await startSourceHolder(
      holderDb.url,
      {
        SOURCE_HOLDER_ORGANISATION: 'mtls-bron',
        SOURCE_HOLDER_TLS_CERT: serverCert.cert,
        SOURCE_HOLDER_TLS_KEY: serverCert.key,
        SOURCE_HOLDER_TLS_CA: ca.cert,
        SOURCE_HOLDER_TLS_HUB_IDENTITY: `serialNumber=${HUB_OIN}`,
      },
      SEED,
    );
    database = await isolatedDatabase('mtls');
    hub = await startHub({
      DATABASE_URL: database.url,
      HUB_ISSUER: TEST_HUB_ISSUER,
      HUB_SIGNING_KEY: JSON.stringify({ ...hubKeyPair.privateKey.export({ format: 'jwk' }), kid: HUB_KID }),
      HUB_TLS_CLIENT_CERT: hubCert.cert,
      HUB_TLS_CLIENT_KEY: hubCert.key,
      HUB_TLS_CA: ca.cert,
    });
    const platform = await createOrganisation(hub.db, 'platform');
    const admin = await login(hub, (await createUser(hub.db, platform.id, ['platform_admin'])).email);
    const registered = await call(hub, 'POST', '/api/v1/source-holders', {
      token: admin,
      body: {
        sourceId: 'mtls-bron',
        organisationId: (await createOrganisation(hub.db, 'certified_institution')).id,
        baseUrl: holder.url,
        capabilities: ['known_by'],
        pseudonymKey: TEST_PSEUDONYM_KEY,
      },
    });
    if (registered.status !== 201) throw new Error(`register: ${registered.status} ${registered.text}`);
    caseworker = await member(hub, await createOrganisation(hub.db, 'veilig_thuis'), ['caseworker']);
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
    await holder?.close();
    await holderDb?.drop();
    await database?.drop();
    pki.remove();
  });

  it('serves the protocol over HTTPS only', () => {
    expect(holder.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a lookup through the real hub, which presents its client certificate', async () => {
    const theCase = await openCase(hub, caseworker.token, caseBody());
    const anna = (theCase.persons as { id: string; firstName: string }[]).find((p) => p.firstName === 'Anna')!.id;
    const res = await call<{ results: { status: string }[] }>(
      hub,
      'POST',
      `/api/v1/cases/${String(theCase.id)}/lookups/known-by`,
      { token: caseworker.token, body: { personId: anna, reasonCode: 'veiligheidsbeoordeling' } },
    );
    expect(res.status).toBe(200);
    expect(res.body.results.map((result) => result.status)).toEqual(['known']);
    const [logged] = await loggedRequests(holder, `operation LIKE 'POST /bekendheid%' AND status = 200`);
    expect(logged).toMatchObject({ requesting_organisation: expect.any(String), answer_class: 'BEKEND' });
  });

  it('refuses a client without a certificate, or with one from another CA, at the handshake', async () => {
    const before = (await loggedRequests(holder)).length;
    // No certificate: OpenSSL's TLS 1.3 alert. Another CA's: Node checks the chain when the
    // handshake completes and drops the connection before HTTP sees a byte.
    expect(await handshake(null)).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    expect(await handshake(foreignHubCert)).toBe('closed');
    expect(await handshake(hubCert)).toBe('answered');
    // Nothing reached the application, so nothing was logged there.
    expect((await loggedRequests(holder)).length).toBe(before);
  });

  it('refuses, with 401 logged, a valid certificate that names another organisation than the hub', async () => {
    const res = await ask(agent(otherOrganisation));
    expect(res.status).toBe(401);
    expect(await loggedRequests(holder, 'transaction_id = $1', [res.transactionId])).toMatchObject([
      { status: 401, answer_class: 'NIET_GEAUTHENTICEERD', denial_reason: 'certificaat' },
    ]);
    // The same request with the hub's own certificate is answered.
    expect(await ask(agent(hubCert))).toMatchObject({ status: 200, body: { uitslag: 'BEKEND' } });
  });
});
