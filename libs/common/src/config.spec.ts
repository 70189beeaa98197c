import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from './config';
import { loadHubConfig } from './hub-config';

describe('loadHubConfig', () => {
  it('uses development defaults that point at 127.0.0.1', () => {
    const config = loadHubConfig({});
    expect(config.databaseUrl).toContain('127.0.0.1');
    expect(config.redisUrl).toContain('127.0.0.1');
    expect(config.accessTokenTtlSeconds).toBeLessThanOrEqual(900);
  });

  it.each([
    ['API_PORT', 'abc'],
    ['API_PORT', '70000'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://127.0.0.1'],
    ['ACCESS_TOKEN_TTL_SECONDS', '3600'],
    ['ACCESS_TOKEN_SECRET', 'short'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'chatty'],
    ['REDIS_PREFIX', 'Has Spaces'],
    ['DATA_ENCRYPTION_KEYS', 'k1:tooshort'],
    ['DATA_ENCRYPTION_KEYS', 'no-colon'],
    ['MATCHING_KEY', 'short'],
  ])('refuses a bad %s and names it', (name, value) => {
    expect(() => loadHubConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadHubConfig({ [name]: value })).toThrow(name);
  });

  it('refuses to run production on development secrets', () => {
    expect(() => loadHubConfig({ NODE_ENV: 'production' })).toThrow('ACCESS_TOKEN_SECRET is required in production');
    expect(() =>
      loadHubConfig({
        NODE_ENV: 'production',
        ACCESS_TOKEN_SECRET: 'dev-only-access_token_secret-change-me-in-production',
      }),
    ).toThrow('development default');
  });

  it('accepts a real production secret', () => {
    const config = loadHubConfig({
      NODE_ENV: 'production',
      ACCESS_TOKEN_SECRET: 'x'.repeat(48),
      MATCHING_KEY: 'm'.repeat(48),
      DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      // Audit checkpoints: a key of its own and a witness are required in production.
      AUDIT_CHECKPOINT_KEY: JSON.stringify({
        ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
        kid: 'checkpoint-1',
      }),
      AUDIT_WITNESS_URL: 'https://getuige.example',
      AUDIT_WITNESS_ID: 'getuige',
    });
    expect(config.nodeEnv).toBe('production');
  });
});
