import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DEV_DATABASE_URL } from '@vt/common';
import { ensureDatabase, ensureLoginRole, postgresOptions } from '@vt/database';
import { HUB_MIGRATIONS } from '../migrations';

export const PASSWORD = 'Bench-Wachtwoord-2026';
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
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
export async function freshDatabase(): Promise<{ url: string; db: DataSource; drop(): Promise<void> }> {
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
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    await ensureLoginRole(url, appUrl.toString());
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: appUrl.toString(), db, drop };
}

export async function createOrganisationWithUsers(db: DataSource, roles: string[][]) {
  const [org] = (await db.query(
    `INSERT INTO organisations (slug, name, kind, region) VALUES ($1, 'Bench', 'veilig_thuis', 'bench') RETURNING id`,
    [`bench-${randomBytes(4).toString('hex')}`],
  )) as { id: string }[];
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
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
}

/** Starts the built api as its own process, as in production, and waits until it is ready. */
export async function startApi(databaseUrl: string): Promise<Api> {
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, '../apps/api/src/main.js')], {
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
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`api exited during start-up with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return { url, stop };
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
