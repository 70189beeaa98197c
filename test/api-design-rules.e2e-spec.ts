import { Document, getDiagnosticSeverity, ISpectralDiagnostic, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { nlApiDesignRules } from '../api-rules/nl-api-design-rules.ruleset';
import { API_VERSION } from '../libs/common/src';
import { call, createOrganisation, createUser, Hub, login, startHub } from './support/hub';
import {
  hubToken,
  sourceHolderDatabase,
  startSourceHolder,
  TEST_ADMIN_TOKEN,
  TestSourceHolder,
  transactionId,
} from './support/source-holder';

type OpenApi = {
  openapi: string;
  info: { version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>>;
};

/** The errors of the project's ruleset, one line each, so a failure says which rule and where. */
async function lintErrors(document: unknown): Promise<string[]> {
  const spectral = new Spectral();
  spectral.setRuleset(nlApiDesignRules);
  const results = await spectral.run(new Document(JSON.stringify(document), Json, 'openapi.json'));
  return results
    .filter((result: ISpectralDiagnostic) => result.severity === getDiagnosticSeverity('error'))
    .map((result) => `${String(result.code)} at ${result.path.join('.')}: ${result.message}`);
}

async function fetchDocument(url: string): Promise<{ response: globalThis.Response; document: OpenApi }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return { response, document: (await response.json()) as OpenApi };
}

/** The protocol's APIs a source holder in the default mode answers, each with its own document. */
const PROTOCOL_BASE_PATHS = ['/bekendheid/v1', '/verrijking/v1', '/beheer/v1', '/getuige/v1'];

describe('NL API Design Rules', () => {
  let hub: Hub;
  let holder: TestSourceHolder;
  let holderDb: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    hub = await startHub();
    holderDb = await sourceHolderDatabase();
    holder = await startSourceHolder(holderDb.url);
  });
  afterAll(async () => {
    await holder?.close();
    await holderDb?.drop();
    await hub?.close();
  });

  it("publishes the hub's document in its base path, at /openapi.json and /docs-json, and it passes the project's ruleset", async () => {
    const { response, document } = await fetchDocument(`${hub.url}/api/v1/openapi.json`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('api-version')).toBe(API_VERSION);
    expect(document.info.version).toBe(API_VERSION);
    expect(document.servers).toEqual([{ url: '/api/v1' }]);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/auth/login', '/cases/{id}', '/audit']));
    expect((await fetchDocument(`${hub.url}/openapi.json`)).document).toEqual(document);
    expect((await fetchDocument(`${hub.url}/docs-json`)).document).toEqual(document);
    // A browser asking for the document gets the document, not the web app.
    const asBrowser = await fetch(`${hub.url}/openapi.json`, { headers: { accept: 'text/html,*/*' } });
    expect(asBrowser.headers.get('content-type')).toContain('application/json');
    expect(await lintErrors(document)).toEqual([]);
  });

  it("publishes each protocol API's document in its base path, and each passes the project's ruleset", async () => {
    for (const basePath of PROTOCOL_BASE_PATHS) {
      // The review API's document is on the admin listener with the API (docs/mutual-tls.md).
      const listener = basePath === '/beheer/v1' ? holder.adminUrl : holder.url;
      const { response, document } = await fetchDocument(`${listener}${basePath}/openapi.json`);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(document.servers).toEqual([{ url: basePath }]);
      expect(document.info.version).toBe(API_VERSION);
      expect(Object.keys(document.paths).length).toBeGreaterThan(0);
      expect({ basePath, errors: await lintErrors(document) }).toEqual({ basePath, errors: [] });
    }
  });

  it('finds the violations the rules are about (so 0 errors means something)', async () => {
    const { document } = await fetchDocument(`${hub.url}/openapi.json`);
    const broken = structuredClone(document);
    broken.info.version = '1';
    broken.servers = [{ url: '/api' }];
    const login = broken.paths['/auth/login'].post;
    delete login.responses['400'];
    delete login.responses['200'].headers;
    login.responses['401'] = { description: 'no problem details' };
    const read = broken.paths['/cases/{id}'].get as unknown as { parameters: unknown[] };
    read.parameters = [];
    const rules = new Set((await lintErrors(broken)).map((error) => error.split(' ')[0]));
    expect([...rules].sort()).toEqual(
      [
        '/core/doc-openapi/path-parameters',
        '/core/error-handling/invalid-input',
        '/core/error-handling/problem-details',
        '/core/semver',
        '/core/uri-version',
        '/core/version-header',
      ].sort(),
    );
  });

  it('sends API-Version on every answer of the api: a 200, 201-less reads, 400, 401, 404, 413, health, metrics, docs', async () => {
    const organisation = await createOrganisation(hub.db);
    const user = await createUser(hub.db, organisation.id, ['caseworker']);
    const token = await login(hub, user.email);
    const answers = [
      await call(hub, 'GET', '/api/v1/me', { token }),
      await call(hub, 'GET', '/api/v1/me'),
      await call(hub, 'GET', '/api/v1/nothing-here'),
      await call(hub, 'GET', '/api/v1/cases/not-a-uuid', { token }),
      await call(hub, 'POST', '/api/v1/auth/login', { body: { email: 'a@b.nl', password: 'x'.repeat(300_000) } }),
      await call(hub, 'GET', '/health/live'),
      await fetch(`${hub.metricsUrl}/metrics`),
      await call(hub, 'GET', '/docs'),
      await call(hub, 'GET', '/'),
    ];
    const malformed = await fetch(`${hub.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect([...answers.map((answer) => answer.status), malformed.status]).toEqual([
      200, 401, 404, 400, 413, 200, 200, 200, 404, 400,
    ]);
    expect([...answers.map((answer) => answer.headers), malformed.headers].map((h) => h.get('api-version'))).toEqual(
      Array(answers.length + 1).fill(API_VERSION),
    );
    expect(answers[2].headers.get('content-type')).toContain('application/problem+json');
  });

  it('sends API-Version on every answer of the source holder: 200, 400, 401, 404, 413, health', async () => {
    const protocol = async (body: string, token: string | null = null) =>
      fetch(`${holder.url}/bekendheid/v1/bevragingen`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-transaction-id': transactionId(),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body,
      });
    const token = await hubToken({ audience: holder.config.id });
    const answers = [
      await fetch(`${holder.adminUrl}/beheer/v1/verzoeken`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      }),
      await protocol(JSON.stringify({ subject: {} }), token),
      await protocol('{}'),
      await fetch(`${holder.url}/nothing-here`),
      await protocol(JSON.stringify({ x: 'x'.repeat(20_000) }), token),
      await protocol('{"subject":', token),
      await fetch(`${holder.url}/health/live`),
      await fetch(`${holder.adminUrl}/metrics`),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 401, 404, 413, 400, 200, 200]);
    expect(answers.map((answer) => answer.headers.get('api-version'))).toEqual(Array(answers.length).fill(API_VERSION));
  });
});
