import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import net from 'node:net';
import { generateKeyPairSync, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createSourceHolderApp, listenSourceHolder } from '../../apps/source-holder/src/bootstrap';
import { SubjectKeys } from '../../apps/source-holder/src/records/subject-keys';
import { SourceHolderConfig, loadSourceHolderConfig } from '../../apps/source-holder/src/source-holder-config';
import { sourceHolderDataSourceOptions } from '../../apps/source-holder/src/source-holder-data-source';
import { seedSourceHolder, SourceHolderSeed } from '../../apps/source-holder/src/seed/source-holder-seed';
import { SourceHolderSeedRepository } from '../../apps/source-holder/src/seed/source-holder-seed.repository';
import { HUB_TOKEN_TYPE, pseudonymFor, uuidV7 } from '../../libs/lookups-protocol/src';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { loadHubConfig } from '../../libs/common/src';
import { loadDeadlinePolicy } from '../../libs/deadlines/src';
import type { Hub } from './hub';

export const TEST_HUB_ISSUER = 'vt-hub-e2e';
export const TEST_PSEUDONYM_KEY = 'e2e-pseudonym-key-shared-with-the-hub-0123456789';
export const TEST_ADMIN_TOKEN = 'e2e-admin-token-of-the-local-review-api-0123456789';

/** The test's hub: a key pair whose public half the source holder trusts. */
export const hubKeyPair = generateKeyPairSync('ed25519');
export const HUB_KID = 'e2e-hub-1';

/** A database of its own for a source holder, migrated; named like the run's so stale ones are removed. */
export async function sourceHolderDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const server = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const name = `vt_e2e_sh_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = `${server}/${name}`;
  const migrator = await new DataSource(sourceHolderDataSourceOptions(url, 1, 'vt-e2e-sh-migrations')).initialize();
  await migrator.runMigrations({ transaction: 'each' });
  await migrator.destroy();
  return {
    url,
    name,
    drop: async () => {
      const client = new Client({ connectionString: `${server}/postgres` });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestSourceHolder {
  app: INestApplication;
  /** The protocol listener. */
  url: string;
  /** The admin listener: the review API (/beheer), metrics, health. */
  adminUrl: string;
  config: SourceHolderConfig;
  db: DataSource;
  /** The pseudonym the hub would send for this BSN. */
  pseudonym(bsn: string): string;
  close(): Promise<void>;
}

/** Boots the real source holder on a free port against `databaseUrl`, seeded with `seed`. */
export async function startSourceHolder(
  databaseUrl: string,
  overrides: Record<string, string> = {},
  seed?: SourceHolderSeed,
): Promise<TestSourceHolder> {
  const config = loadSourceHolderConfig({
    NODE_ENV: 'test',
    SOURCE_HOLDER_DATABASE_URL: databaseUrl,
    SOURCE_HOLDER_ORGANISATION: 'e2e-bron',
    DATABASE_POOL_SIZE: '3',
    LOG_LEVEL: 'error',
    HUB_ISSUER: TEST_HUB_ISSUER,
    HUB_PUBLIC_KEYS: JSON.stringify({ keys: [{ ...hubKeyPair.publicKey.export({ format: 'jwk' }), kid: HUB_KID }] }),
    PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
    SUBJECT_KEY: `e2e-subject-key-${randomBytes(16).toString('hex')}`,
    SOURCE_HOLDER_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...overrides,
  });
  const app = await createSourceHolderApp(config);
  const free = { port: 0, host: '127.0.0.1' };
  const { protocolUrl, adminUrl } = await listenSourceHolder(app, config, free, free);
  const db = app.get(DataSource);
  if (seed) {
    await seedSourceHolder(
      new SourceHolderSeedRepository(db),
      new SubjectKeys(config.pseudonymKey, config.subjectKey),
      seed,
    );
  }
  return {
    app,
    url: protocolUrl,
    adminUrl,
    config,
    db,
    pseudonym: (bsn) => pseudonymFor(bsn, config.pseudonymKey),
    close: () => app.close(),
  };
}

export interface TokenOptions {
  audience?: string;
  issuer?: string;
  organisation?: string;
  organisationKind?: string;
  /** Seconds since the epoch; default now. */
  issuedAt?: number;
  lifetimeSeconds?: number;
  key?: KeyObject;
  kid?: string;
  alg?: string;
  /** Header `typ`; default the hub's. */
  typ?: string;
  /** Default a fresh UUID. */
  jti?: string;
  /** Default this source holder's id alone. */
  audienceList?: string[];
}

/** A hub token as the hub will sign it, or deliberately wrong in one respect. */
export function hubToken(options: TokenOptions = {}): Promise<string> {
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ org_kind: options.organisationKind ?? 'veilig_thuis' })
    .setProtectedHeader({
      alg: options.alg ?? 'EdDSA',
      kid: options.kid ?? HUB_KID,
      typ: options.typ ?? HUB_TOKEN_TYPE,
    })
    .setIssuer(options.issuer ?? TEST_HUB_ISSUER)
    .setAudience(options.audienceList ?? options.audience ?? 'e2e-bron')
    .setSubject(options.organisation ?? 'vt-e2e')
    .setJti(options.jti ?? randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.lifetimeSeconds ?? 60))
    .sign(options.key ?? hubKeyPair.privateKey);
}

/** A UUID v7 as the hub generates for X-Transaction-Id. */
export const transactionId = uuidV7;

export interface ShResponse<T = Record<string, unknown>> {
  status: number;
  /** The X-Transaction-Id sent, to find the request's log entry. */
  transactionId: string;
  body: T;
  text: string;
}

/**
 * One HTTP request; `token: null` sends none, undefined a valid hub token; a fresh transaction id
 * unless given. `rawBody` is sent as it is (malformed or deeply nested JSON).
 */
export async function shCall<T = Record<string, unknown>>(
  holder: TestSourceHolder,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ShResponse<T>> {
  const token = options.token === undefined ? await hubToken({ audience: holder.config.id }) : options.token;
  const txn = options.headers?.['x-transaction-id'] ?? transactionId();
  const res = await fetch(`${holder.url}${path}`, {
    method,
    headers: {
      'x-transaction-id': txn,
      ...(options.body !== undefined || options.rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...options.headers,
    },
    body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  return { status: res.status, transactionId: txn, body: body as T, text };
}

/** `shCall` on the admin listener, where the review API answers. */
export function adminCall<T = Record<string, unknown>>(
  holder: TestSourceHolder,
  method: string,
  path: string,
  options: Parameters<typeof shCall>[3] = {},
): Promise<ShResponse<T>> {
  return shCall<T>({ ...holder, url: holder.adminUrl }, method, path, options);
}

export interface LoggedRequest {
  transaction_id: string | null;
  requesting_organisation: string | null;
  requesting_organisation_kind: string | null;
  operation: string | null;
  purpose: string | null;
  legal_basis: string | null;
  reason: string | null;
  subject_ref: string | null;
  answer_class: string | null;
  denial_reason: string | null;
  interaction_id: string | null;
  trace_id: string | null;
  status: number;
}

export async function loggedRequests(holder: TestSourceHolder, where = 'true', params: unknown[] = []) {
  return (await holder.db.query(`SELECT * FROM request_log WHERE ${where} ORDER BY id`, params)) as LoggedRequest[];
}

/** A port nothing listens on: a source holder that is down (connection refused). */
export async function deadUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** The hub's worker beside a test hub: it sends detail requests to sources and polls for decisions. */
export async function startLookupsWorker(hub: Hub, env: Record<string, string>): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(
      loadHubConfig({
        NODE_ENV: 'test',
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_PREFIX: hub.config.redisPrefix,
        LOG_LEVEL: 'warn',
        DATABASE_POOL_SIZE: '3',
        ...env,
      }),
      loadDeadlinePolicy(),
    ),
    { logger: ['error'] },
  );
  await worker.init();
  return worker;
}
