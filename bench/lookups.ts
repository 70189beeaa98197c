import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { percentile } from './paced';
import { createOrganisationWithUsers, login, print, printAgainstFloor, runBench } from './support';

/**
 * `npm run bench:lookups`: known-by from one case, fanned out by the hub to stub source holders on
 * this machine (real HTTP, no token check, a random delay per answer).
 *
 * 1. Ten sources answering in 50 to 150 ms: the whole lookup against the slowest source of that
 *    lookup (the aim: within 25 ms of it, p95).
 * 2. Eight of those, one dead (connection refused) and one hanging: the whole lookup against the
 *    per-source timeout (the aim: within timeout + 50 ms).
 * 3. 50 professionals asking back to back for BENCH_DURATION s: lookups per second.
 *
 * BENCH_LOOKUPS (default 200) lookups in phase 1, BENCH_FAILING_LOOKUPS (default 50, two seconds
 * each) in phase 2, BENCH_DURATION (default 30) s in phase 3,
 * BENCH_CONCURRENCY (default 50), LOOKUP_TIMEOUT_MS (default 2000).
 */
const SOURCES = 10;
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 200);
const FAILING_LOOKUPS = Number(process.env.BENCH_FAILING_LOOKUPS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const TIMEOUT_MS = Number(process.env.LOOKUP_TIMEOUT_MS ?? 2000);
const MIN_DELAY_MS = 50;
const MAX_DELAY_MS = 150;

interface Stub {
  url: string;
  close(): Promise<void>;
}

function listen(server: http.Server | net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

/** A source holder that answers known-by after 50 to 150 ms; every third one knows the person. */
async function delayedSource(index: number): Promise<Stub> {
  const server = http.createServer((req, res) => {
    req.resume();
    const delay = MIN_DELAY_MS + Math.random() * (MAX_DELAY_MS - MIN_DELAY_MS);
    const body =
      index % 3 === 0
        ? { uitslag: 'BEKEND', contactpunt: { naam: `Team ${index}`, telefoon: '088 000 0000' } }
        : { uitslag: 'NIET_BEKEND' };
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)), delay);
  });
  server.keepAliveTimeout = 60_000;
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => close(server) };
}

/** Accepts the connection and never answers. */
async function hangingSource(): Promise<Stub> {
  const server = http.createServer(() => undefined);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => close(server) };
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function deadUrl(): Promise<string> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

interface Lookup {
  ms: number;
  slowestSourceMs: number;
  statuses: string[];
}

async function lookup(url: string, token: string, caseId: string, personId: string): Promise<Lookup> {
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/cases/${caseId}/lookups/known-by`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ personId, reasonCode: 'veiligheidsbeoordeling' }),
  });
  const body = (await res.json()) as { results?: { status: string; latencyMs: number }[] };
  const ms = performance.now() - started;
  if (res.status !== 200 || !body.results) throw new Error(`known-by answered ${res.status}`);
  return {
    ms,
    slowestSourceMs: Math.max(...body.results.map((r) => r.latencyMs)),
    statuses: body.results.map((r) => r.status),
  };
}

const f = (ms: number) => `${ms.toFixed(1)} ms`;

runBench(async ({ database, startApi }) => {
  const { privateKey } = generateKeyPairSync('ed25519');
  // The api process inherits these: the stubs check no token, but the hub signs every request.
  process.env.HUB_SIGNING_KEY = JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'bench-hub' });
  process.env.LOOKUP_TIMEOUT_MS = String(TIMEOUT_MS);
  const { users } = await createOrganisationWithUsers(database.db, [['caseworker'], ['platform_admin']]);
  const [partner] = (await database.db.query(
    `INSERT INTO organisations (slug, name, kind, region) VALUES ($1, 'Bench GI', 'certified_institution', 'bench')
     RETURNING id`,
    [`bench-gi-${randomBytes(3).toString('hex')}`],
  )) as { id: string }[];
  const stubs = await Promise.all(Array.from({ length: SOURCES }, (_, i) => delayedSource(i)));
  const hanging = await hangingSource();
  const api = await startApi();
  try {
    const caseworker = await login(api.url, users[0].email);
    const admin = await login(api.url, users[1].email);
    const created = await fetch(`${api.url}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        acute: false,
        channel: 'phone',
        reporter: { kind: 'citizen', name: 'Bench' },
        persons: [
          { role: 'victim', bsn: '123456782', firstName: 'Anna', lastName: 'Bench', dateOfBirth: '1990-01-31' },
        ],
        violenceTypes: ['partner_violence'],
        redFlags: [],
      }),
    });
    if (created.status !== 201) throw new Error(`intake answered ${created.status}`);
    const theCase = (await created.json()) as { id: string; persons: { id: string }[] };
    const personId = theCase.persons[0].id;
    const register = async (sourceId: string, baseUrl: string, active: boolean) => {
      const res = await fetch(`${api.url}/api/v1/source-holders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          sourceId,
          organisationId: partner.id,
          baseUrl,
          capabilities: ['known_by'],
          pseudonymKey: `bench-pseudonym-key-${sourceId}-0123456789abcdef`,
          active,
        }),
      });
      if (res.status !== 201) throw new Error(`registering ${sourceId} answered ${res.status}`);
      return ((await res.json()) as { id: string }).id;
    };
    const ids = [];
    for (const [i, stub] of stubs.entries()) ids.push(await register(`bench-${i}`, stub.url, true));
    const deadId = await register('bench-dead', await deadUrl(), false);
    const hangingId = await register('bench-hanging', hanging.url, false);
    const ask = () => lookup(api.url, caseworker, theCase.id, personId);
    const series = async (n: number) => {
      const runs: Lookup[] = [];
      for (let i = 0; i < n; i++) runs.push(await ask());
      return runs;
    };

    print(`known-by over ${SOURCES} stub source holders answering in ${MIN_DELAY_MS}-${MAX_DELAY_MS} ms`);
    await series(Math.min(10, LOOKUPS));
    const normal = await series(LOOKUPS);
    const overSlowest = normal.map((r) => r.ms - r.slowestSourceMs).sort((a, b) => a - b);
    const whole = normal.map((r) => r.ms).sort((a, b) => a - b);
    print(`  ${normal.length} lookups one after another`);
    print(
      `  whole lookup          p50 ${f(percentile(whole, 50))}  p95 ${f(percentile(whole, 95))}  max ${f(whole[whole.length - 1])}`,
    );
    print(
      `  over the slowest      p50 ${f(percentile(overSlowest, 50))}  p95 ${f(percentile(overSlowest, 95))}  (aim: p95 within 25 ms)`,
    );
    // The floor: a lookup cannot answer before its slowest source has, measured in the same lookups.
    const slowest = normal.map((r) => r.slowestSourceMs).sort((a, b) => a - b);
    printAgainstFloor(
      'known-by p95',
      { value: percentile(whole, 95), unit: 'ms' },
      { value: percentile(slowest, 95), unit: 'ms' },
      "the slowest source's own answer, p95",
    );

    await database.db.query(`UPDATE source_holders SET active = (id = ANY ($1)) WHERE true`, [
      [...ids.slice(0, SOURCES - 2), deadId, hangingId],
    ]);
    const failing = await series(FAILING_LOOKUPS);
    const failingWhole = failing.map((r) => r.ms).sort((a, b) => a - b);
    const counts = new Map<string, number>();
    for (const status of failing.flatMap((r) => r.statuses)) counts.set(status, (counts.get(status) ?? 0) + 1);
    print(`with one source dead and one hanging (LOOKUP_TIMEOUT_MS ${TIMEOUT_MS})`);
    print(
      `  whole lookup          p50 ${f(percentile(failingWhole, 50))}  p95 ${f(percentile(failingWhole, 95))}  max ${f(failingWhole[failingWhole.length - 1])}  (aim: within ${TIMEOUT_MS + 50} ms)`,
    );
    print(`  answers               ${[...counts].map(([status, n]) => `${status} ${n}`).join(', ')}`);

    await database.db.query(`UPDATE source_holders SET active = (id = ANY ($1)) WHERE true`, [ids]);
    const deadline = performance.now() + DURATION_S * 1000;
    const latencies: number[] = [];
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          try {
            latencies.push((await ask()).ms);
          } catch {
            failed += 1;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    print(`${CONCURRENCY} professionals asking back to back for ${DURATION_S} s`);
    print(
      `  ${(latencies.length / seconds).toFixed(1)} lookups/s (${latencies.length} ok, ${failed} failed)  p50 ${f(percentile(latencies, 50))}  p95 ${f(percentile(latencies, 95))}  p99 ${f(percentile(latencies, 99))}`,
    );
  } finally {
    await api.stop();
    await Promise.all([...stubs, hanging].map((stub) => stub.close()));
  }
});
