import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ensureDatabase, postgresOptions } from '@vt/database';
import { HUB_MIGRATIONS } from '../migrations';

export const PASSWORD = 'Bench-Wachtwoord-2026';
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A fresh, migrated hub database for one benchmark run; `drop` removes it. */
export async function freshDatabase(): Promise<{ url: string; db: DataSource; drop(): Promise<void> }> {
  const name = `vt_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = `${SERVER}/${name}`;
  await ensureDatabase(url);
  const db = await new DataSource(
    postgresOptions({ url, poolSize: 4, applicationName: 'vt-bench' }, [], HUB_MIGRATIONS),
  ).initialize();
  await db.runMigrations({ transaction: 'each' });
  return {
    url,
    db,
    drop: async () => {
      await db.destroy().catch(() => undefined);
      const admin = new Client({ connectionString: `${SERVER}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
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

/** Starts the built api as its own process, as in production, and waits until it is ready. */
export async function startApi(databaseUrl: string, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, '../apps/api/src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      API_PORT: String(port),
      REDIS_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
      LOG_LEVEL: 'warn',
      LOGIN_MAX_PER_ADDRESS: '100000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
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
