import { ConfigError } from './config';
import { loadHubConfig } from './hub-config';
import { redisOptions } from './redis-connection';

const SENTINEL = { REDIS_SENTINELS: '10.0.0.1:26379, redis-b:26380,[::1]:26381', REDIS_SENTINEL_NAME: 'vt-main' };

describe('Redis configuration', () => {
  it('connects to one server by default', () => {
    const config = loadHubConfig({});
    expect(config.redisSentinel).toBeNull();
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('reads the sentinels, the master name and the passwords', () => {
    const config = loadHubConfig({ ...SENTINEL, REDIS_PASSWORD: 'node-secret', REDIS_SENTINEL_PASSWORD: 'watch' });
    expect(config.redisSentinel).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: 'redis-b', port: 26380 },
        { host: '::1', port: 26381 },
      ],
      name: 'vt-main',
      password: 'node-secret',
      sentinelPassword: 'watch',
    });
  });

  it('treats an empty REDIS_URL beside sentinels as unset (Compose passes empty values)', () => {
    expect(loadHubConfig({ ...SENTINEL, REDIS_URL: '' }).redisSentinel?.name).toBe('vt-main');
  });

  it.each([
    [{ REDIS_SENTINELS: '127.0.0.1:26379' }, 'REDIS_SENTINEL_NAME is required'],
    [{ ...SENTINEL, REDIS_URL: 'redis://127.0.0.1:6379' }, 'REDIS_URL and REDIS_SENTINELS are both set'],
    [{ ...SENTINEL, REDIS_SENTINELS: '127.0.0.1' }, 'REDIS_SENTINELS must be host:port pairs'],
    [{ ...SENTINEL, REDIS_SENTINELS: '127.0.0.1:0' }, 'REDIS_SENTINELS must be host:port pairs'],
    [{ ...SENTINEL, REDIS_SENTINELS: '127.0.0.1:70000' }, 'REDIS_SENTINELS must be host:port pairs'],
    [{ ...SENTINEL, REDIS_SENTINELS: 'a:1,,b:2' }, 'REDIS_SENTINELS must be host:port pairs'],
    [{ ...SENTINEL, REDIS_SENTINELS: 'bad host:26379' }, 'REDIS_SENTINELS must be host:port pairs'],
    [{ ...SENTINEL, REDIS_SENTINELS: 'a:1,a:1' }, 'REDIS_SENTINELS names a sentinel twice'],
    [{ ...SENTINEL, REDIS_SENTINEL_NAME: 'my master' }, 'REDIS_SENTINEL_NAME must be'],
    [{ REDIS_SENTINEL_NAME: 'vt-main' }, 'REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not'],
    [{ REDIS_SENTINEL_PASSWORD: 'x' }, 'REDIS_SENTINEL_PASSWORD is set but REDIS_SENTINELS is not'],
    [{ REDIS_PASSWORD: 'x' }, 'REDIS_PASSWORD is only read with REDIS_SENTINELS'],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadHubConfig(env)).toThrow(ConfigError);
    expect(() => loadHubConfig(env)).toThrow(message);
  });

  it('refuses development passwords in production, and never shows a password', () => {
    let error: unknown;
    try {
      loadHubConfig({
        ...SENTINEL,
        NODE_ENV: 'production',
        REDIS_PASSWORD: 'dev-only-redis',
        REDIS_SENTINEL_PASSWORD: 'dev-only-sentinel',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('REDIS_PASSWORD holds a development default password');
    expect(message).toContain('REDIS_SENTINEL_PASSWORD holds a development default password');
    expect(message).not.toContain('dev-only-redis');
  });
});

describe('redisOptions', () => {
  it('keeps one server plain, each use with its own behaviour while Redis is away', () => {
    const config = loadHubConfig({});
    expect(redisOptions(config, 'request')).toEqual({ maxRetriesPerRequest: 2, enableOfflineQueue: false });
    expect(redisOptions(config, 'producer')).toEqual({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
    expect(redisOptions(config, 'blocking')).toEqual({ maxRetriesPerRequest: null });
  });

  it('gives every use the sentinels, the master name and the passwords', () => {
    const config = loadHubConfig({ ...SENTINEL, REDIS_PASSWORD: 'node-secret', REDIS_SENTINEL_PASSWORD: 'watch' });
    for (const use of ['request', 'producer', 'blocking'] as const) {
      const options = redisOptions(config, use);
      expect(options).toMatchObject({
        sentinels: config.redisSentinel?.sentinels,
        name: 'vt-main',
        password: 'node-secret',
        sentinelPassword: 'watch',
      });
    }
    // BullMQ's workers require null: a blocking command must outlast the failover.
    expect(redisOptions(config, 'blocking').maxRetriesPerRequest).toBeNull();
  });

  it('reconnects (and resends) when a demoted master answers READONLY, and only then', () => {
    const reconnect = redisOptions(loadHubConfig(SENTINEL), 'request').reconnectOnError;
    expect(reconnect?.(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnect?.(new Error('ERR unknown command'))).toBe(false);
  });
});
