import { createHash } from 'node:crypto';
import { DEV_HUB_ISSUER, DEV_HUB_KEY_THUMBPRINT, type HubSigningKey } from '@vt/lookups-protocol';
import { AuditConfig, readAuditConfig } from './audit-config';
import { CustodyConfig, readCustodyConfig } from './custody-config';
import { readPrivateJwk } from './private-jwk';
import { EnvReader } from './config';
import { FollowUpConfig, readFollowUpConfig } from './follow-up-config';
import { ListenerAddress, readInternalListener } from './listeners';
import { MailConfig, readMailConfig } from './mail-config';
import { RateLimitConfig, readRateLimitConfig } from './rate-limit';
import { readRedisConfig, RedisConfig } from './redis-config';
import { readSecondFactorConfig, SecondFactorConfig } from './second-factor-config';
import { readTlsFiles, TlsFiles } from './tls-files';

export * from './custody-config';
export * from './second-factor-config';
export * from './follow-up-config';

export interface HubConfig extends RedisConfig {
  nodeEnv: 'development' | 'test' | 'production';
  apiPort: number;
  apiHost: string;
  /** `/metrics` (and health) for Prometheus, on a listener of its own (listeners.ts). */
  metrics: ListenerAddress;
  /**
   * The hub's client certificate and key towards source holders and the CA their server
   * certificates come from (mutual TLS); null: plain HTTP, which production source holders refuse.
   */
  sourceHolderTls: TlsFiles | null;
  databaseUrl: string;
  databasePoolSize: number;
  databasePoolWaitMs: number;
  /** Prefix for every Redis key and queue of this deployment (lets tests share one Redis). */
  redisPrefix: string;
  accessTokenSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  loginMaxPerAccount: number;
  loginMaxPerAddress: number;
  loginWindowSeconds: number;
  /** Passkeys, TOTP and recovery codes at sign-in (docs/second-factor.md). */
  secondFactor: SecondFactorConfig;
  /** Every route but health and metrics (docs/rate-limits.md); the caller is the authenticated user. */
  rateLimit: RateLimitConfig;
  trustProxy: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  auditBatchSize: number;
  /** argon2id memory cost; the default follows the OWASP minimum (19 MiB, t=2, p=1). */
  passwordHashMemoryKib: number;
  /** AES-256-GCM keys for BSNs and reporter details at rest, by key id; the first encrypts. */
  dataKeys: DataKey[];
  /** HMAC key for matching BSNs and names without storing them in the clear. */
  matchingKey: Buffer;
  mail: MailConfig;
  lookups: LookupsConfig;
  /** The custody source (BRP API Gezag): the OIN the hub sends and how it authenticates. */
  custody: CustodyConfig;
  audit: AuditConfig;
  /** Feedback to professional reporters and follow-up after closing (docs/feedback-and-follow-up.md). */
  followUp: FollowUpConfig;
}

/** Source-held lookups (issue 5): how the hub signs towards source holders and how long it waits. */
export interface LookupsConfig {
  /** `iss` of the hub's tokens; source holders are configured with the same value. */
  issuer: string;
  /** The hub's private key; null when unset (lookups to source holders then answer 503). */
  signingKey: HubSigningKey | null;
  /** Per-source timeout of one request, whole answer included. */
  timeoutMs: number;
  /** A granted or refused detail answer is deleted this long after it arrived, read or not. */
  detailAnswerTtlHours: number;
  /** First wait before polling a source for a detail request's decision; each next one doubles. */
  detailPollMs: number;
  /** The longest wait between two polls. */
  detailPollMaxMs: number;
}

export interface DataKey {
  id: string;
  key: Buffer;
}

/**
 * `DATA_ENCRYPTION_KEYS` is `id:base64key[,id:base64key…]` with 32-byte keys, newest first: new
 * data is encrypted with the first, older ids stay readable until re-encrypted (rotation).
 */
function readDataKeys(r: EnvReader): DataKey[] {
  const raw = r.optional('DATA_ENCRYPTION_KEYS');
  if (raw === undefined) {
    if (r.production) {
      r.problems.push('DATA_ENCRYPTION_KEYS is required in production');
      return [];
    }
    return [{ id: 'dev-only-1', key: createHash('sha256').update('dev-only-data-encryption-key').digest() }];
  }
  const keys = raw.split(',').map((part) => {
    const [id, encoded] = part.trim().split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
      r.problems.push('DATA_ENCRYPTION_KEYS must be id:base64 pairs of 32-byte keys, separated by commas');
    }
    if (r.production && id?.startsWith('dev-only')) {
      r.problems.push('DATA_ENCRYPTION_KEYS holds a development default, refused in production');
    }
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) r.problems.push('DATA_ENCRYPTION_KEYS repeats a key id');
  return keys;
}

/**
 * `HUB_SIGNING_KEY` is the hub's private JWK (Ed25519 for EdDSA or P-256 for ES256) with its `kid`.
 * There is no built-in default: the development key's private half is kept out of production code
 * (the demo passes it in). Production refuses the development key by thumbprint and any `dev-only` kid.
 */
function readSigningKey(r: EnvReader): HubSigningKey | null {
  const raw = r.optional('HUB_SIGNING_KEY');
  // Unset: the hub asks no source holder (lookups answer 503), in production as elsewhere.
  if (raw === undefined) return null;
  return readPrivateJwk(r, 'HUB_SIGNING_KEY', raw, {
    algorithms: ['EdDSA', 'ES256'],
    devThumbprint: DEV_HUB_KEY_THUMBPRINT,
  });
}

function readLookupsConfig(r: EnvReader): LookupsConfig {
  const issuer = r.string('HUB_ISSUER', DEV_HUB_ISSUER);
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(issuer))
    r.problems.push('HUB_ISSUER must be 1 to 100 characters A-Z, a-z, 0-9, . _ : -');
  const detailPollMs = r.int('DETAIL_POLL_MS', 2000, 100, 600_000);
  const detailPollMaxMs = r.int('DETAIL_POLL_MAX_MS', 300_000, 100, 3_600_000);
  if (detailPollMaxMs < detailPollMs) r.problems.push('DETAIL_POLL_MAX_MS must not be below DETAIL_POLL_MS');
  return {
    issuer,
    signingKey: readSigningKey(r),
    timeoutMs: r.int('LOOKUP_TIMEOUT_MS', 2000, 50, 30_000),
    // At most a day: an answer nobody reads is not kept longer than that.
    detailAnswerTtlHours: r.int('DETAIL_ANSWER_TTL_HOURS', 24, 1, 24),
    detailPollMs,
    detailPollMaxMs,
  };
}

/**
 * Development defaults, for a laptop's PostgreSQL that trusts local connections: the api and worker
 * log in as the app's login role, migrations as the owner `postgres` (docs/database-roles.md).
 */
export const DEV_DATABASE_URL = 'postgres://vt_app_login@127.0.0.1:5432/vt_hub';
export const DEV_MIGRATION_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/vt_hub';

export function loadHubConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const r = new EnvReader(env);
  const apiPort = r.int('API_PORT', 3000, 1, 65535);
  const config: HubConfig = {
    nodeEnv: r.nodeEnv,
    apiPort,
    apiHost: r.string('API_HOST', '127.0.0.1'),
    metrics: readInternalListener(r, {
      port: 'METRICS_PORT',
      host: 'METRICS_HOST',
      exposed: 'METRICS_EXPOSED',
      defaultPort: 9464,
      publicPortName: 'API_PORT',
      publicPort: apiPort,
    }),
    sourceHolderTls: readTlsFiles(
      r,
      { cert: 'HUB_TLS_CLIENT_CERT', key: 'HUB_TLS_CLIENT_KEY', ca: 'HUB_TLS_CA' },
      // Optional even in production: a hub may ask only sources that take an API key.
      null,
    ),
    databaseUrl: r.url('DATABASE_URL', DEV_DATABASE_URL, ['postgres:', 'postgresql:']),
    databasePoolSize: r.int('DATABASE_POOL_SIZE', 20, 1, 500),
    databasePoolWaitMs: r.int('DATABASE_POOL_WAIT_MS', 30_000, 100, 120_000),
    ...readRedisConfig(r),
    redisPrefix: r.string('REDIS_PREFIX', 'vt'),
    accessTokenSecret: r.secret('ACCESS_TOKEN_SECRET', 32),
    // At most 15 minutes: a stolen access token is only useful briefly.
    accessTokenTtlSeconds: r.int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 900),
    refreshTokenTtlSeconds: r.int('REFRESH_TOKEN_TTL_SECONDS', 8 * 3600, 300, 30 * 86400),
    loginMaxPerAccount: r.int('LOGIN_MAX_PER_ACCOUNT', 5, 1, 1000),
    loginMaxPerAddress: r.int('LOGIN_MAX_PER_ADDRESS', 20, 1, 100000),
    loginWindowSeconds: r.int('LOGIN_WINDOW_SECONDS', 900, 1, 86400),
    secondFactor: readSecondFactorConfig(r),
    // A screen of the web app makes up to ten calls; 600 a minute is a caseworker clicking fast
    // twice over. An address may be an office behind one NAT address, hence five times that.
    rateLimit: readRateLimitConfig(r, { name: 'RATE_LIMIT_PER_USER', fallback: 600 }, 3000),
    trustProxy: r.oneOf('TRUST_PROXY', 'false', ['true', 'false'] as const) === 'true',
    logLevel: r.oneOf('LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug', 'verbose'] as const),
    auditBatchSize: r.int('AUDIT_BATCH_SIZE', 200, 1, 5000),
    passwordHashMemoryKib: r.int('PASSWORD_HASH_MEMORY_KIB', 19456, 19456, 1048576),
    dataKeys: readDataKeys(r),
    matchingKey: Buffer.from(r.secret('MATCHING_KEY', 32)),
    mail: readMailConfig(r),
    lookups: readLookupsConfig(r),
    custody: readCustodyConfig(r),
    audit: readAuditConfig(r),
    followUp: readFollowUpConfig(r),
  };
  if (!/^[a-z0-9-]{1,32}$/.test(config.redisPrefix)) {
    r.problems.push('REDIS_PREFIX must be 1 to 32 characters a-z, 0-9 or -');
  }
  r.done();
  return config;
}

/** What `migrate.js` needs: the owner's URL, and outside production the app's (its login role is provisioned). */
export interface HubMigrationConfig {
  nodeEnv: 'development' | 'test' | 'production';
  /** The owner role, which runs the migrations and owns every table. */
  migrationDatabaseUrl: string;
  /** The role the api and worker use (DATABASE_URL); null in production, where operators create it. */
  databaseUrl: string | null;
}

export function loadHubMigrationConfig(env: Record<string, string | undefined> = process.env): HubMigrationConfig {
  const r = new EnvReader(env);
  // In production the owner's URL is never guessed: migrations there run as a role set on purpose.
  if (r.production && r.optional('MIGRATION_DATABASE_URL') === undefined) {
    r.problems.push('MIGRATION_DATABASE_URL is required in production');
  }
  const config: HubMigrationConfig = {
    nodeEnv: r.nodeEnv,
    migrationDatabaseUrl: r.url('MIGRATION_DATABASE_URL', DEV_MIGRATION_DATABASE_URL, ['postgres:', 'postgresql:']),
    databaseUrl: r.production ? null : r.url('DATABASE_URL', DEV_DATABASE_URL, ['postgres:', 'postgresql:']),
  };
  if (config.databaseUrl !== null && sameRole(config.databaseUrl, config.migrationDatabaseUrl)) {
    r.problems.push('DATABASE_URL and MIGRATION_DATABASE_URL name the same role; the app must not be the owner');
  }
  r.done();
  return config;
}

function sameRole(a: string, b: string): boolean {
  try {
    return new URL(a).username === new URL(b).username;
  } catch {
    return false;
  }
}
