import { EnvReader } from './config';

/** One Sentinel's address. */
export interface RedisSentinelAddress {
  host: string;
  port: number;
}

/**
 * Redis through Sentinel (docs/scale-out.md): the sentinels name the current master, and every
 * connection follows it to a promoted replica after a failover.
 */
export interface RedisSentinelConfig {
  sentinels: RedisSentinelAddress[];
  /** The master's name in the sentinels' configuration (`sentinel monitor <name> ...`). */
  name: string;
  /** For the master and replicas (they share one, or a failover would lock the hub out). */
  password: string | undefined;
  /** For the sentinels themselves (`requirepass` in their configuration). */
  sentinelPassword: string | undefined;
}

export interface RedisConfig {
  /** A single Redis server; not used when `redisSentinel` is set. */
  redisUrl: string;
  redisSentinel: RedisSentinelConfig | null;
}

export const DEV_REDIS_URL = 'redis://127.0.0.1:6379';

const DEV_PREFIX = 'dev-only-';
const MASTER_NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** A host name, an IPv4 address, or an IPv6 address in brackets, then a port. */
const ADDRESS = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

function readSentinels(r: EnvReader, raw: string): RedisSentinelAddress[] {
  const sentinels: RedisSentinelAddress[] = [];
  for (const part of raw.split(',').map((item) => item.trim())) {
    const match = ADDRESS.exec(part);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) {
      r.problems.push(`REDIS_SENTINELS must be host:port pairs separated by commas (got "${part}")`);
      continue;
    }
    sentinels.push({ host: match[1].replace(/^\[(.*)\]$/, '$1'), port });
  }
  const unique = new Set(sentinels.map((s) => `${s.host}:${s.port}`));
  if (unique.size !== sentinels.length) r.problems.push('REDIS_SENTINELS names a sentinel twice');
  return sentinels;
}

/** A password from the environment; messages name the variable, never the value. */
function readPassword(r: EnvReader, name: string): string | undefined {
  const value = r.optional(name);
  if (value !== undefined && r.production && value.startsWith(DEV_PREFIX)) {
    r.problems.push(`${name} holds a development default password, refused in production`);
  }
  return value;
}

/**
 * Either REDIS_URL (one server) or REDIS_SENTINELS with REDIS_SENTINEL_NAME, never both: an
 * operator who adds sentinels must not believe a forgotten REDIS_URL is still in use. Empty values
 * count as unset beside REDIS_SENTINELS (Compose passes them). Bad values go to `r.problems`; the caller calls `r.done()`.
 */
export function readRedisConfig(r: EnvReader): RedisConfig {
  const sentinels = r.optional('REDIS_SENTINELS');
  const name = r.optional('REDIS_SENTINEL_NAME');
  if (sentinels === undefined) {
    for (const only of ['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD']) {
      if (r.optional(only) !== undefined) r.problems.push(`${only} is set but REDIS_SENTINELS is not`);
    }
    if (r.optional('REDIS_PASSWORD') !== undefined) {
      r.problems.push('REDIS_PASSWORD is only read with REDIS_SENTINELS; put the password in REDIS_URL');
    }
    return { redisUrl: r.url('REDIS_URL', DEV_REDIS_URL, ['redis:', 'rediss:']), redisSentinel: null };
  }
  if (r.optional('REDIS_URL') !== undefined) {
    r.problems.push('REDIS_URL and REDIS_SENTINELS are both set; set one of them');
  }
  if (name === undefined) r.problems.push('REDIS_SENTINEL_NAME is required with REDIS_SENTINELS');
  else if (!MASTER_NAME.test(name))
    r.problems.push('REDIS_SENTINEL_NAME must be 1 to 64 characters A-Z, a-z, 0-9, . _ -');
  return {
    redisUrl: DEV_REDIS_URL,
    redisSentinel: {
      sentinels: readSentinels(r, sentinels),
      name: name ?? '',
      password: readPassword(r, 'REDIS_PASSWORD'),
      sentinelPassword: readPassword(r, 'REDIS_SENTINEL_PASSWORD'),
    },
  };
}
