import { Document, ISpectralDiagnostic, RulesetDefinition, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hub, startHub } from './support/hub';
import { sourceHolderDatabase, startSourceHolder, TestSourceHolder } from './support/source-holder';

type OpenApi = {
  paths: Record<string, Record<string, { summary?: string; tags?: string[]; responses?: Record<string, Response> }>>;
};
type Response = { content?: Record<string, { schema?: unknown }> };

interface RedoclyProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

const REDOCLY_CLI = require.resolve('@redocly/cli/bin/cli.js');
const TS_LOADER = join(__dirname, 'support/swc-register.cjs');

/** Runs a command with this Node; its stdout, or its stderr as the error when it fails. */
function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(Object.assign(new Error(stderr || error.message), { stdout })) : resolve(stdout),
    ),
  );
}

/** Redocly CLI's `recommended` ruleset, as `npx redocly lint` runs it: its errors, one line each. */
async function redoclyErrors(document: unknown): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'vt-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    // It exits 1 when it finds errors; the report on stdout is what counts.
    const stdout = await run(
      [REDOCLY_CLI, 'lint', '--extends=recommended', '--format=json', '--max-problems=1000', file],
      { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    ).catch((error: { stdout?: string }) => error.stdout ?? '');
    const { problems } = JSON.parse(stdout) as { problems: RedoclyProblem[] };
    return problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Spectral's own OpenAPI ruleset (`spectral:oas`): its errors, one line each. */
async function spectralErrors(document: unknown): Promise<string[]> {
  const spectral = new Spectral();
  // The package's own type of `oas` is narrower than the ruleset definition it is.
  spectral.setRuleset({ extends: [[oas as RulesetDefinition, 'recommended']] });
  const results = await spectral.run(new Document(JSON.stringify(document), Json, 'openapi.json'));
  return results
    .filter((result: ISpectralDiagnostic) => result.severity === 0)
    .map((result) => `${String(result.code)} at ${result.path.join('.')}: ${result.message}`);
}

async function fetchDocument(url: string): Promise<OpenApi> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as OpenApi;
}

/** The operations, as `METHOD /path`, that `wrong` finds wrong. */
function operationsWhere(document: OpenApi, wrong: (operation: OpenApi['paths'][string][string]) => boolean) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => wrong(operation))
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
}

/** The protocol's APIs a source holder in the default mode answers; the review API is on the admin listener. */
const PROTOCOL_DOCUMENTS = [
  ['url', '/bekendheid/v1'],
  ['url', '/verrijking/v1'],
  ['adminUrl', '/beheer/v1'],
  ['url', '/getuige/v1'],
] as const;

describe('OpenAPI documents are valid OpenAPI (docs/api-contract.md)', () => {
  let hub: Hub;
  let holder: TestSourceHolder;
  let holderDb: { url: string; drop(): Promise<void> };
  /** Fetched once: linting takes seconds, after which a kept-alive connection may be gone. */
  let hubDocument: OpenApi;

  beforeAll(async () => {
    hub = await startHub();
    holderDb = await sourceHolderDatabase();
    holder = await startSourceHolder(holderDb.url);
    hubDocument = await fetchDocument(`${hub.url}/api/v1/openapi.json`);
  });
  afterAll(async () => {
    await holder?.close();
    await holderDb?.drop();
    await hub?.close();
  });

  it("the hub's document has 0 errors under redocly lint (recommended) and spectral:oas", async () => {
    expect(await redoclyErrors(hubDocument)).toEqual([]);
    expect(await spectralErrors(hubDocument)).toEqual([]);
  });

  it('every operation of the hub has a summary, a tag and a schema for each answer with a body', async () => {
    expect(operationsWhere(hubDocument, (operation) => !operation.summary || !operation.tags?.length)).toEqual([]);
    const untyped = (responses: Record<string, Response> = {}) =>
      Object.entries(responses).some(
        ([status, response]) =>
          /^2/.test(status) && status !== '204' && !Object.values(response.content ?? {}).some((c) => c.schema),
      );
    expect(operationsWhere(hubDocument, (operation) => untyped(operation.responses))).toEqual([]);
  });

  it("each protocol API's document has 0 errors under redocly lint (recommended) and spectral:oas", async () => {
    const documents = [];
    for (const [listener, basePath] of PROTOCOL_DOCUMENTS)
      documents.push({ basePath, document: await fetchDocument(`${holder[listener]}${basePath}/openapi.json`) });
    for (const { basePath, document } of documents)
      expect({ basePath, redocly: await redoclyErrors(document), spectral: await spectralErrors(document) }).toEqual({
        basePath,
        redocly: [],
        spectral: [],
      });
  });

  it("the web app's generated api types are fresh, from the document the hub serves (else `npm run api:types`)", async () => {
    // The generator reads the document without a database; it must be the one the hub serves.
    expect(JSON.parse(await run(['-r', TS_LOADER, 'scripts/openapi-dump.ts']))).toEqual(hubDocument);
    await expect(run(['-r', TS_LOADER, 'scripts/api-types.ts', '--check'])).resolves.toBe('');
  });
});
