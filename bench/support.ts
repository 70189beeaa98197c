import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { DEV_DATABASE_URL } from '@vt/common';
import { ensureDatabase, ensureLoginRole, postgresOptions } from '@vt/database';
import { HUB_MIGRATIONS } from '../migrations';

export const PASSWORD = 'Bench-Wachtwoord-2026';
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs a step of generating data and prints how long it took. */
export async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  print(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** The stored hash of PASSWORD, with the api's argon2id settings, for the users a benchmark makes. */
export function passwordHash(): Promise<string> {
  return argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

/**
 * Runs a load of generated data in one session without the application's statement timeout:
 * some statements write a million rows.
 */
export async function inOneSession<T>(dataSource: DataSource, load: (db: QueryRunner) => Promise<T>): Promise<T> {
  const db = dataSource.createQueryRunner();
  await db.query('SET statement_timeout = 0');
  try {
    return await load(db);
  } finally {
    await db.release();
  }
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh hub database for one benchmark run, migrated by the owner: `db` is the owner's connection
 * (for generating data), `url` the app role's (development login role vt_app_login), which the api
 * and worker get as in production. `drop` removes the database.
 */
export async function freshDatabase(build?: Build): Promise<{ url: string; db: DataSource; drop(): Promise<void> }> {
  const name = `vt_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = `${SERVER}/${name}`;
  const appUrl = new URL(url);
  appUrl.username = new URL(DEV_DATABASE_URL).username;
  appUrl.password = '';
  await ensureDatabase(url);
  const db = new DataSource(postgresOptions({ url, poolSize: 4, applicationName: 'vt-bench' }, [], HUB_MIGRATIONS));
  const drop = async () => {
    if (db.isInitialized) await db.destroy().catch(() => undefined);
    await dropDatabase(name);
  };
  try {
    if (build) {
      // Another build's schema is its own migrations', run by its own migration command.
      await run(process.execPath, [resolve(build.root, 'scripts/migrate.js'), 'run'], {
        NODE_ENV: 'development',
        MIGRATION_DATABASE_URL: url,
        DATABASE_URL: appUrl.toString(),
      });
      await db.initialize();
    } else {
      await db.initialize();
      await db.runMigrations({ transaction: 'each' });
      await ensureLoginRole(url, appUrl.toString());
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: appUrl.toString(), db, drop };
}

/**
 * Runs a bulk load with the secondary indexes of `tables` dropped, and builds them again after it,
 * as a restore does: maintaining a trigram index row by row makes a load of millions of persons
 * take hours on this machine, while building it once takes minutes. Indexes that back a
 * constraint (primary keys, unique and exclusion constraints) stay, so the load is still checked.
 * What is measured afterwards runs on the same indexes as a database that grew by itself.
 */
export async function indexesBuiltAfter<T>(
  db: Pick<DataSource, 'query'>,
  tables: string[],
  load: () => Promise<T>,
): Promise<T> {
  const indexes = (await db.query(
    `SELECT i.indexname AS name, i.indexdef AS definition
       FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  )) as { name: string; definition: string }[];
  for (const { name } of indexes) await db.query(`DROP INDEX "${name}"`);
  const result = await load();
  const started = Date.now();
  // One string, so the setting and the build share a connection of the pool.
  for (const { definition } of indexes) await db.query(`SET maintenance_work_mem = '1GB'; ${definition}`);
  print(
    `  ${indexes.length} indexes of ${tables.join(', ')} built after the load in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result;
}

export async function createOrganisationWithUsers(db: DataSource, roles: string[][]) {
  const [org] = (await db.query(
    `INSERT INTO organisations (slug, name, kind, region) VALUES ($1, 'Bench', 'veilig_thuis', 'bench') RETURNING id`,
    [`bench-${randomBytes(4).toString('hex')}`],
  )) as { id: string }[];
  const hash = await passwordHash();
  const users: { id: string; email: string }[] = [];
  for (const userRoles of roles) {
    const email = `${userRoles.join('-')}-${randomBytes(4).toString('hex')}@bench.example`;
    const [row] = (await db.query(
      `INSERT INTO users (organisation_id, name, email, password_hash, roles) VALUES ($1, 'Bench', $2, $3, $4) RETURNING id`,
      [org.id, email, hash, userRoles],
    )) as { id: string }[];
    users.push({ id: row.id, email });
  }
  return { organisationId: org.id, users };
}

/** A port free right now, so runs beside other sessions' servers do not collide. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface Api {
  url: string;
  stop(): Promise<void>;
  /** The api process's CPU time so far (user and system), in ms, from /proc. */
  cpuMs(): number;
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

function processCpuMs(pid: number): number {
  // The command name (field 2) may hold spaces; the times follow its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/**
 * The api's own CPU per answered request over a stretch of load: unlike latency and rate, it hardly
 * depends on what else runs on the machine, so it shows what a change to the api itself saved.
 */
export async function withApiCpu<T>(api: Api, load: () => Promise<T>, requests: (result: T) => number) {
  const before = api.cpuMs();
  const result = await load();
  const cpuMs = api.cpuMs() - before;
  return { result, cpuMs, perRequestMs: cpuMs / Math.max(1, requests(result)) };
}

/** A compiled tree of the hub (its `dist`), and the commit it was made from. */
export interface Build {
  root: string;
  name: string;
}

// The checkout a built benchmark (dist/bench) runs from.
const REPOSITORY = resolve(__dirname, '../..');

/**
 * This benchmark's own build, named by the checkout's commit (with a + when it has changes), or
 * "this build" outside a git checkout. Asked for only by the benchmarks that compare builds.
 */
export function thisBuild(): Build {
  let name = 'this build';
  try {
    name = execFileSync('git', ['describe', '--always', '--dirty=+'], { cwd: REPOSITORY, encoding: 'utf8' }).trim();
  } catch {
    // Not a checkout (an unpacked release, say): the generic name.
  }
  return { root: resolve(__dirname, '..'), name };
}

/** Runs a command to its end; its output goes to stderr, and a failure throws. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 2, 2] });
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/**
 * The build of git revision `ref`, compiled as a release is (tsc and tsc-alias) from `git archive`
 * into the system's temporary folder with this checkout's node_modules, once per commit: a
 * benchmark can run the same load against an earlier commit beside this one.
 */
export async function buildOf(ref: string): Promise<Build> {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], {
    cwd: REPOSITORY,
    encoding: 'utf8',
  }).trim();
  const source = join(tmpdir(), `vt-bench-build-${commit}`);
  const root = join(source, 'dist');
  const name = commit.slice(0, 7);
  if (existsSync(join(root, '.complete'))) return { root, name };
  print(`compiling ${name} in ${source}`);
  rmSync(source, { recursive: true, force: true });
  mkdirSync(source, { recursive: true });
  await run('sh', ['-c', `git archive ${commit} | tar -x -C "${source}"`], {}, REPOSITORY);
  symlinkSync(join(REPOSITORY, 'node_modules'), join(source, 'node_modules'));
  const bin = join(REPOSITORY, 'node_modules/.bin');
  await run(join(bin, 'tsc'), ['-p', 'tsconfig.build.json'], {}, source);
  await run(join(bin, 'tsc-alias'), ['-p', 'tsconfig.build.json'], {}, source);
  writeFileSync(join(root, '.complete'), `${commit}\n`);
  return { root, name };
}

/** Starts a build's api (this one's unless named) as its own process, as in production, and waits until it is ready. */
export async function startApi(databaseUrl: string, build?: Build): Promise<Api> {
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve(build?.root ?? resolve(__dirname, '..'), 'apps/api/src/main.js')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: databaseUrl,
        API_PORT: String(port),
        // Its own metrics listener, free like the api's port: another api may hold the default.
        METRICS_PORT: String(await freePort()),
        REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
        LOG_LEVEL: 'warn',
        LOGIN_MAX_PER_ADDRESS: '100000',
        // The load comes from one address and a few users; the benchmarks measure the api, not its limits.
        RATE_LIMIT_PER_USER: '1000000',
        RATE_LIMIT_PER_ADDRESS: '1000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`api exited during start-up with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return { url, stop, cpuMs: () => processCpuMs(child.pid!) };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error('api not ready within 30 s');
}

export async function login(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function verify(url: string, token: string): Promise<{ valid: boolean; checked: number }> {
  const res = await fetch(`${url}/api/v1/audit/verify`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`verify failed: ${res.status}`);
  return (await res.json()) as { valid: boolean; checked: number };
}

export interface BenchRun {
  database: Awaited<ReturnType<typeof freshDatabase>>;
  /** Starts the api against the run's database; it is stopped when the run ends. */
  startApi(): Promise<Api>;
}

/** One benchmark run: a fresh database and at most one api, both removed however the run ends. */
export function runBench(body: (run: BenchRun) => Promise<void>): void {
  const main = async () => {
    const database = await freshDatabase();
    let api: Api | undefined;
    try {
      await body({ database, startApi: async () => (api = await startApi(database.url)) });
    } finally {
      await api?.stop();
      await database.drop();
    }
  };
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}

/** A figure with its unit, as the floor lines print it. */
export interface Figure {
  value: number;
  unit: string;
}

function shown({ value, unit }: Figure): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/**
 * One line per figure in every benchmark: the figure, its floor measured in the same run (what the
 * database or the slowest dependency alone does), and their ratio, which is what the README quotes.
 * For a rate the ratio is figure/floor (1 is the floor); for a time it is figure/floor as well, so
 * there 1 is the floor and more is slower.
 */
export function printAgainstFloor(label: string, figure: Figure, floor: Figure, floorWhat: string): void {
  print(
    `floor  ${label.padEnd(34)} ${shown(figure).padStart(12)}   floor ${shown(floor).padStart(12)} (${floorWhat})   ` +
      `ratio ${(figure.value / floor.value).toFixed(2)}`,
  );
}

/** One statement as the api sent it: its text, its parameters, and its prepared name if it had one. */
export interface CapturedStatement {
  name?: string;
  text: string;
  values: (string | null)[];
  /** The server's own execution time, and when it logged the end (ms since the epoch, ms precision). */
  durationMs: number;
  endedAt: number;
}

const SERVER_LOG = process.env.BENCH_POSTGRES_LOG ?? '/var/log/postgresql/postgresql-15-main.log';

function parseParameters(detail: string): (string | null)[] {
  const values: (string | null)[] = [];
  for (const m of detail.matchAll(/\$(\d+) = (NULL|'((?:[^']|'')*)')/g)) {
    values[Number(m[1]) - 1] = m[2] === 'NULL' ? null : m[3].replace(/''/g, "'");
  }
  return values;
}

/** The executed statements of database `name` in a stretch of the server's log (default Debian prefix). */
function statementsInLog(log: string, name: string): CapturedStatement[] {
  const entries: string[] = [];
  for (const line of log.split('\n')) {
    if (/^\d{4}-\d\d-\d\d /.test(line)) entries.push(line);
    else if (entries.length > 0) entries[entries.length - 1] += `\n${line.replace(/^\t/, '')}`;
  }
  const statements: CapturedStatement[] = [];
  const marker = `@${name} `;
  // Parse and bind steps are logged too, with their own parameter details: a detail belongs to the
  // statement only when it follows the execute entry directly.
  let afterExecute = false;
  for (const entry of entries) {
    if (!entry.includes(marker)) continue;
    const executed = /LOG: {2}duration: ([\d.]+) ms {2}(?:execute ([^:]+)|statement): ([\s\S]*)$/.exec(entry);
    const detail = /DETAIL: {2}parameters: ([\s\S]*)$/.exec(entry);
    if (executed) {
      const prepared = executed[2];
      statements.push({
        ...(prepared && prepared !== '<unnamed>' ? { name: prepared } : {}),
        text: executed[3],
        values: [],
        durationMs: Number(executed[1]),
        endedAt: Date.parse(`${entry.slice(0, 10)}T${entry.slice(11, 23)}Z`),
      });
    } else if (detail && afterExecute) {
      statements[statements.length - 1].values = parseParameters(detail[1]);
    }
    afterExecute = Boolean(executed);
  }
  return statements;
}

/**
 * The SQL one request sends, read from PostgreSQL's own log: statement logging is switched on for
 * the run's database only, a separate api (started and stopped here, so the measured one never logs)
 * answers `request` once, and the statements its connections executed meanwhile are returned.
 * Needs superuser on the server (pg_read_file) and the default log_line_prefix.
 */
export async function captureRequestSql(
  databaseUrl: string,
  request: (api: Api) => Promise<void>,
  build?: Build,
): Promise<CapturedStatement[]> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE "${name}" SET log_min_duration_statement = 0`);
    const api = await startApi(databaseUrl, build);
    try {
      // Once before, so the captured request finds its caches and prepared statements as later ones do.
      await request(api);
      const [{ size }] = (await admin.query(`SELECT size FROM pg_stat_file($1)`, [SERVER_LOG])).rows as {
        size: string;
      }[];
      await request(api);
      await new Promise((r) => setTimeout(r, 500));
      const { rows } = await admin.query(`SELECT pg_read_file($1, $2, 100000000) AS log`, [SERVER_LOG, Number(size)]);
      return statementsInLog((rows[0] as { log: string }).log, name);
    } finally {
      await api.stop();
    }
  } finally {
    await admin.query(`ALTER DATABASE "${name}" RESET log_min_duration_statement`);
    await admin.end();
  }
}

/**
 * The database floor of a request: its captured statements replayed back to back by `connections`
 * pg clients as the app role for `seconds`, each pass one request. Returns passes per second and
 * the latency percentiles of one pass.
 */
export async function replayFloor(
  databaseUrl: string,
  statements: CapturedStatement[],
  connections: number,
  seconds: number,
): Promise<{ rate: number; p50: number; p99: number; rows: number }> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const latencies: number[] = [];
  // The rows one pass returns, printed beside the floor: replayed parameters that matched nothing would show.
  let rows = 0;
  for (const s of statements)
    rows += (await clients[0].query({ name: s.name, text: s.text, values: s.values })).rowCount ?? 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < end) {
          const pass = performance.now();
          for (const s of statements) await client.query({ name: s.name, text: s.text, values: s.values });
          latencies.push(performance.now() - pass);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { rate: latencies.length / elapsed, p50: at(50), p99: at(99), rows };
}

/**
 * The captured statements a floor can replay: the audit append is left out (replayed, it would
 * claim a sequence number already taken; the api shares it between concurrent requests by group
 * commit), so the floor is the request's reads. Prints what is kept, shortened, so a reader sees it.
 */
export function replayableReads(statements: CapturedStatement[]): CapturedStatement[] {
  const reads = statements.filter((s) => !/audit_(entries|chain_heads)/i.test(s.text));
  // A transaction left empty by that is dropped as well.
  const opens = (s: CapturedStatement | undefined) => /^\s*(BEGIN|START TRANSACTION)\s*$/i.test(s?.text ?? '');
  const commits = (s: CapturedStatement | undefined) => /^\s*COMMIT\s*$/i.test(s?.text ?? '');
  const kept = reads.filter((s, i) => !(opens(s) && commits(reads[i + 1])) && !(commits(s) && opens(reads[i - 1])));
  print(
    `  captured ${statements.length} statements for one request, replaying ${kept.length} (without the audit append):`,
  );
  for (const s of kept) print(`    ${s.text.replace(/\s+/g, ' ').slice(0, 110)}`);
  return kept;
}

/** The replayable SQL of one authenticated `GET path` by the user `email` (see captureRequestSql). */
export async function captureGetSql(databaseUrl: string, email: string, path: string): Promise<CapturedStatement[]> {
  let token: string | undefined;
  const statements = await captureRequestSql(databaseUrl, async (api) => {
    token ??= await login(api.url, email);
    const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    await res.arrayBuffer();
  });
  return replayableReads(statements);
}

/**
 * Replays `statements` with the connections and duration autocannon used for `label`, and prints
 * the api's rate and p99 against that floor.
 */
export async function printAgainstSqlFloor(
  databaseUrl: string,
  label: string,
  api: { rate: number; p99: number },
  statements: CapturedStatement[],
  connections: number,
  seconds: number,
): Promise<void> {
  const floor = await replayFloor(databaseUrl, statements, connections, seconds);
  const what = `same SQL, ${connections} pg conn, ${floor.rows} rows a pass`;
  printAgainstFloor(`${label} rate`, { value: api.rate, unit: 'req/s' }, { value: floor.rate, unit: 'req/s' }, what);
  printAgainstFloor(`${label} p99`, { value: api.p99, unit: 'ms' }, { value: floor.p99, unit: 'ms' }, what);
}
