import { createHash } from 'node:crypto';
import { EnvReader } from './config';
import { MailConfig, readMailConfig } from './mail-config';

export interface HubConfig {
  nodeEnv: 'development' | 'test' | 'production';
  apiPort: number;
  apiHost: string;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  /** Prefix for every Redis key and queue of this deployment (lets tests share one Redis). */
  redisPrefix: string;
  accessTokenSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  loginMaxPerAccount: number;
  loginMaxPerAddress: number;
  loginWindowSeconds: number;
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

export const DEV_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/vt_hub';
export const DEV_REDIS_URL = 'redis://127.0.0.1:6379';

export function loadHubConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const r = new EnvReader(env);
  const config: HubConfig = {
    nodeEnv: r.nodeEnv,
    apiPort: r.int('API_PORT', 3000, 1, 65535),
    apiHost: r.string('API_HOST', '127.0.0.1'),
    databaseUrl: r.url('DATABASE_URL', DEV_DATABASE_URL, ['postgres:', 'postgresql:']),
    databasePoolSize: r.int('DATABASE_POOL_SIZE', 20, 1, 500),
    redisUrl: r.url('REDIS_URL', DEV_REDIS_URL, ['redis:', 'rediss:']),
    redisPrefix: r.string('REDIS_PREFIX', 'vt'),
    accessTokenSecret: r.secret('ACCESS_TOKEN_SECRET', 32),
    // At most 15 minutes: a stolen access token is only useful briefly.
    accessTokenTtlSeconds: r.int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 900),
    refreshTokenTtlSeconds: r.int('REFRESH_TOKEN_TTL_SECONDS', 8 * 3600, 300, 30 * 86400),
    loginMaxPerAccount: r.int('LOGIN_MAX_PER_ACCOUNT', 5, 1, 1000),
    loginMaxPerAddress: r.int('LOGIN_MAX_PER_ADDRESS', 20, 1, 100000),
    loginWindowSeconds: r.int('LOGIN_WINDOW_SECONDS', 900, 1, 86400),
    trustProxy: r.oneOf('TRUST_PROXY', 'false', ['true', 'false'] as const) === 'true',
    logLevel: r.oneOf('LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug', 'verbose'] as const),
    auditBatchSize: r.int('AUDIT_BATCH_SIZE', 200, 1, 5000),
    passwordHashMemoryKib: r.int('PASSWORD_HASH_MEMORY_KIB', 19456, 19456, 1048576),
    dataKeys: readDataKeys(r),
    matchingKey: Buffer.from(r.secret('MATCHING_KEY', 32)),
    mail: readMailConfig(r),
  };
  if (!/^[a-z0-9-]{1,32}$/.test(config.redisPrefix)) {
    r.problems.push('REDIS_PREFIX must be 1 to 32 characters a-z, 0-9 or -');
  }
  r.done();
  return config;
}
