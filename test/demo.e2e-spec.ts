import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { until } from './support/wait';

/**
 * `npm run demo` as a newcomer meets it, run from its sources in real processes against the real
 * PostgreSQL and Redis: a second demo on the same databases or Redis prefix refuses and names the
 * first, which goes on unchanged; SIGHUP (a closed terminal) stops the demo and everything it
 * started; a demo killed outright leaves nothing running either (its guardian stops the rest).
 * The demo gets databases of its own (`vt_e2e_demo_*`, which global-setup removes when stale) and
 * a Redis database no other test uses.
 */
const ROOT = path.resolve(__dirname, '..');
const SERVER = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_DATABASE = 13;
const redisUrl = (() => {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  url.pathname = `/${REDIS_DATABASE}`;
  return url.toString();
})();
const SLUGS = ['gi', 'rvdk', 'zvh', 'gezag'];
const STAMP = `${Date.now().toString(36)}_${process.pid}`;
const HUB = `vt_e2e_demo_${STAMP}`;
/** The second demo's own hub database in the Redis-only case; it must never be created. */
const OTHER_HUB = `vt_e2e_demo_${STAMP}_b`;
const PREFIX = `demo-e2e-${process.pid}`;
// Below Linux's ephemeral range, so ports the other tests take (port 0) do not collide by design.
const PORT_BASE = 20_000 + Math.floor(Math.random() * 400) * 25;
/** Generous: under load, migrating and seeding five databases and booting seven apps takes minutes. */
const READY_MS = 300_000;
const STOPPED_MS = 60_000;

interface Demo {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const started: Demo[] = [];

function startDemo(database: string, portOffset: number): Demo {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    MIGRATION_DATABASE_URL: `${SERVER}/${database}`,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: PREFIX,
    API_PORT: String(PORT_BASE + portOffset),
    DEMO_SOURCE_HOLDER_PORT: String(PORT_BASE + portOffset + 10),
  };
  delete env.DATABASE_URL;
  delete env.DEMO_PRIVATE_SERVICES;
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'support/swc-register.cjs'), 'scripts/demo.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as in a terminal of its own: signals here reach only what the test sends.
    detached: true,
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk));
  const demo: Demo = {
    process: child,
    output: () => output,
    exited: new Promise((done) => child.once('exit', (code) => done(code))),
  };
  started.push(demo);
  return demo;
}

async function untilReady(demo: Demo): Promise<{ api: string; holders: string[] }> {
  let exitCode: number | null | undefined;
  void demo.exited.then((code) => (exitCode = code));
  await until(
    'the demo to be running',
    () => demo.output(),
    (output) => output.includes('Casusregie-demo draait') || exitCode !== undefined,
    READY_MS,
  );
  if (exitCode !== undefined) throw new Error(`the demo exited (${exitCode}):\n${demo.output()}`);
  const api = /Webapplicatie \/ web app\s+(http:\/\/\S+)\//.exec(demo.output())?.[1];
  const holders = SLUGS.map((slug) => new RegExp(` ${slug}\\s+(http://127\\.0\\.0\\.1:\\d+)`).exec(demo.output())?.[1]);
  if (!api || holders.some((url) => !url)) throw new Error(`no URLs in the banner:\n${demo.output()}`);
  return { api, holders: holders as string[] };
}

/** Every process below `root` (its children, theirs, ...), from /proc. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const stat = readStat(Number(entry));
    if (stat) parentOf.set(Number(entry), Number(stat[1]));
  }
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    frontier = [...parentOf].filter(([, parent]) => frontier.includes(parent)).map(([pid]) => pid);
    found.push(...frontier);
  }
  return found;
}

/** The fields of /proc/<pid>/stat after the command name: state, ppid, ...; undefined when gone. */
function readStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Gone, or a zombie nobody has reaped yet: either way no longer running. */
function running(pids: number[]): number[] {
  return pids.filter((pid) => {
    const state = readStat(pid)?.[0];
    return state !== undefined && state !== 'Z';
  });
}

function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function query<T>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: `${SERVER}/${database}` });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function expectAllStopped(pids: number[], urls: string[]): Promise<void> {
  await until(
    'every process the demo started to stop',
    () => running(pids),
    (left) => left.length === 0,
    STOPPED_MS,
  );
  for (const url of urls) expect(await listening(url)).toBe(false);
}

/** The hub's registry rows when the demo's source holders run at `holders` (in SLUGS order). */
const registered = (holders: string[]) =>
  SLUGS.map((slug, index) => ({ source_id: slug, base_url: holders[index] })).sort((a, b) =>
    a.source_id.localeCompare(b.source_id),
  );

const registrations = () =>
  query<{ source_id: string; base_url: string }>(
    HUB,
    'SELECT source_id, base_url FROM source_holders ORDER BY source_id',
  );

describe('npm run demo', () => {
  let first: Demo;
  let firstUrls: { api: string; holders: string[] };
  const redis = new Redis(redisUrl);

  beforeAll(async () => {
    first = startDemo(HUB, 0);
    firstUrls = await untilReady(first);
  }, READY_MS + 10_000);

  afterAll(async () => {
    for (const demo of started) {
      if (demo.process.exitCode !== null || demo.process.signalCode !== null) continue;
      for (const pid of [...descendants(demo.process.pid!), demo.process.pid!]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    }
    const databases = [HUB, OTHER_HUB].flatMap((hub) => [hub, ...SLUGS.map((slug) => `${hub}_sh_${slug}`)]);
    for (const database of databases) await query('postgres', `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }, 120_000);

  it('refuses a second demo on the same databases and Redis prefix, naming the first, which goes on unchanged', async () => {
    const before = await registrations();
    expect(before).toEqual(registered(firstUrls.holders));

    const second = startDemo(HUB, 50);
    expect(await second.exited).toBe(1);
    const refusal = second.output();
    expect(refusal).toContain('Deze demo start niet: een andere demo gebruikt al');
    expect(refusal).toContain(`the hub database "${HUB}"`);
    for (const slug of SLUGS) expect(refusal).toContain(`source holder ${slug} "${HUB}_sh_${slug}"`);
    expect(refusal).toContain(`Redis ${new URL(redisUrl).host} database ${REDIS_DATABASE}, prefix "${PREFIX}"`);
    expect(refusal).toContain(`demo pid ${first.process.pid}, api ${firstUrls.api}`);
    expect(refusal).toMatch(
      new RegExp(`MIGRATION_DATABASE_URL=postgres(?:ql)?://\\S+/${HUB}_2 REDIS_PREFIX=${PREFIX}-2 npm run demo`),
    );
    // Refused before it started anything: no migration, no app, no registration moved.
    expect(refusal).not.toContain('[migrate]');
    expect(await registrations()).toEqual(before);
    expect((await fetch(`${firstUrls.api}/health/ready`)).status).toBe(200);
  }, 120_000);

  it('refuses a second demo on other databases but the same Redis prefix, naming only the prefix', async () => {
    const second = startDemo(OTHER_HUB, 50);
    expect(await second.exited).toBe(1);
    const refusal = second.output();
    expect(refusal).toContain(`Redis ${new URL(redisUrl).host} database ${REDIS_DATABASE}, prefix "${PREFIX}"`);
    expect(refusal).not.toContain('hub database');
    expect(refusal).toContain(`REDIS_PREFIX=${PREFIX}-2 npm run demo`);
    const created = await query('postgres', 'SELECT 1 FROM pg_database WHERE datname LIKE $1', [`${OTHER_HUB}%`]);
    expect(created).toEqual([]);
  }, 120_000);

  it(
    'stops everything it started on SIGHUP, and lets go of its claims',
    async () => {
      const pids = descendants(first.process.pid!);
      // The guardian, api, worker and four source holders.
      expect(pids.length).toBeGreaterThanOrEqual(7);
      process.kill(first.process.pid!, 'SIGHUP');
      expect(await first.exited).toBe(0);
      await expectAllStopped(pids, [firstUrls.api, ...firstUrls.holders]);
      expect(await redis.exists(`${PREFIX}:demo:lock`)).toBe(0);
    },
    STOPPED_MS + 30_000,
  );

  it(
    'leaves nothing running when it is killed outright: its guardian stops the rest',
    async () => {
      // On the same databases and prefix: the stopped demo's claims are free again.
      const again = startDemo(HUB, 100);
      const urls = await untilReady(again);
      expect(await registrations()).toEqual(registered(urls.holders));
      const pids = descendants(again.process.pid!);
      expect(pids.length).toBeGreaterThanOrEqual(7);
      process.kill(again.process.pid!, 'SIGKILL');
      await again.exited;
      await expectAllStopped(pids, [urls.api, ...urls.holders]);
    },
    READY_MS + STOPPED_MS + 30_000,
  );
});
