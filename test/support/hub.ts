import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { postgresOptions } from '../../libs/database/src/data-source-options';
import { HUB_MIGRATIONS } from '../../migrations';
import * as argon2 from 'argon2';
import { Clock, HubConfig, loadHubConfig, systemClock } from '../../libs/common/src';
import { createApiApp, listenApi } from '../../apps/api/src/bootstrap';
import { DeadlinePolicy, loadDeadlinePolicy } from '../../libs/deadlines/src';
import { appUrlOf, ownerUrlOf } from './database-urls';

export const PASSWORD = 'Test-Wachtwoord-123';
let passwordHash: Promise<string> | undefined;

export interface Hub {
  app: INestApplication;
  url: string;
  /** The metrics listener (`/metrics`, health), apart from the api's. */
  metricsUrl: string;
  config: HubConfig;
  /** The api's own data source, so the app role's rights: fixtures yes, schema changes no (see asOwner). */
  db: DataSource;
  /** The clock the api reads (the system clock unless the test passed its own). */
  clock: Clock;
  close(): Promise<void>;
}

/** Boots the real api on a free port against the run's database (as the app role) and real Redis. */
export async function startHub(
  overrides: Record<string, string> = {},
  options: { deadlinePolicy?: Partial<DeadlinePolicy>; clock?: Clock } = {},
): Promise<Hub> {
  const config = loadHubConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.E2E_DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    // A prefix per app keeps throttle counters of parallel test files apart.
    REDIS_PREFIX: `t-${randomBytes(5).toString('hex')}`,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '5',
    LOGIN_MAX_PER_ADDRESS: '10000',
    // Every test file calls from 127.0.0.1; test/rate-limit.e2e-spec.ts sets its own low limits.
    RATE_LIMIT_PER_USER: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    // Tests sign in with a password alone; test/auth-second-factor.e2e-spec.ts requires the second factor.
    SECOND_FACTOR_REQUIRED: 'false',
    ...overrides,
  });
  const clock = options.clock ?? systemClock;
  const app = await createApiApp(config, {
    deadlinePolicy: { ...loadDeadlinePolicy(), ...options.deadlinePolicy },
    clock,
  });
  const free = { port: 0, host: '127.0.0.1' };
  const { apiUrl, metricsUrl } = await listenApi(app, config, free, free);
  return {
    app,
    url: apiUrl,
    metricsUrl,
    config,
    db: app.get(DataSource),
    clock,
    close: () => app.close(),
  };
}

export interface TestOrganisation {
  id: string;
  slug: string;
}

export async function createOrganisation(db: DataSource, kind = 'veilig_thuis'): Promise<TestOrganisation> {
  const slug = `t-${randomBytes(6).toString('hex')}`;
  const [row] = (await db.query(
    `INSERT INTO organisations (slug, name, kind, region) VALUES ($1, $2, $3, 'test') RETURNING id`,
    [slug, `Test ${slug}`, kind],
  )) as { id: string }[];
  return { id: row.id, slug };
}

export interface TestUser {
  id: string;
  email: string;
  organisationId: string;
}

export async function createUser(
  db: DataSource,
  organisationId: string,
  roles: string[],
  options: { active?: boolean; email?: string } = {},
): Promise<TestUser> {
  passwordHash ??= argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  // An address is unique per organisation only: a test may give users of two organisations the same.
  const email = options.email ?? `${roles.join('-') || 'none'}-${randomUUID()}@test.example`;
  const [row] = (await db.query(
    `INSERT INTO users (organisation_id, name, email, password_hash, roles, active)
     VALUES ($1, 'Test', $2, $3, $4, $5) RETURNING id`,
    [organisationId, email, await passwordHash, roles, options.active ?? true],
  )) as { id: string }[];
  return { id: row.id, email, organisationId };
}

export interface Response<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export async function call<T = Record<string, unknown>>(
  hub: Hub,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response<T>> {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  return { status: res.status, body: body as T, headers: res.headers, text };
}

export async function login(hub: Hub, email: string, password = PASSWORD): Promise<string> {
  const res = await call<{ accessToken: string }>(hub, 'POST', '/api/v1/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${res.text}`);
  return res.body.accessToken;
}

export async function auditCount(db: DataSource, where: string, params: unknown[]): Promise<number> {
  const [row] = (await db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE ${where}`, params)) as {
    n: number;
  }[];
  return row.n;
}

/** The audit entries of `userId`'s sign-ins with this outcome, and this purpose when given. */
export function loginEntries(
  db: DataSource,
  userId: string,
  outcome: 'success' | 'failure' | 'denied',
  purpose?: string,
): Promise<number> {
  return auditCount(
    db,
    `actor_user_id = $1 AND action = 'login' AND outcome = $2 AND ($3::text IS NULL OR purpose = $3)`,
    [userId, outcome, purpose ?? null],
  );
}

/**
 * Runs `work` connected as the database's owner, for the few tests that must do what the api's role
 * may not: change the schema, or change the audit log behind the application's back.
 */
export async function asOwner<T>(hub: Hub, work: (owner: DataSource) => Promise<T>): Promise<T> {
  const url = ownerUrlOf(hub.config.databaseUrl);
  const owner = await new DataSource(
    postgresOptions({ url, poolSize: 1, applicationName: 'vt-e2e-owner' }, [], []),
  ).initialize();
  try {
    return await work(owner);
  } finally {
    await owner.destroy();
  }
}

/**
 * A database of its own, migrated by the owner, for a test whose background work (a worker
 * reconciling every open deadline) must not touch other test files' rows. `url` is the app role's,
 * as E2E_DATABASE_URL is. Dropped by `drop()`.
 */
export async function isolatedDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const server = new URL(process.env.E2E_OWNER_DATABASE_URL as string);
  server.pathname = '/postgres';
  const name = `vt_e2e_${label}_${Date.now().toString(36)}_${process.pid}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  const dataSource = await new DataSource(
    postgresOptions({ url: url.toString(), poolSize: 2, applicationName: 'vt-e2e-setup' }, [], HUB_MIGRATIONS),
  ).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  return {
    url: appUrlOf(url.toString()),
    drop: async () => {
      const client = new Client({ connectionString: server.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
