import { generateKeyPairSync } from 'node:crypto';
import { DEV_CHECKPOINT_PRIVATE_JWK } from '@vt/lookups-protocol';
import { loadHubConfig } from './hub-config';

const own = (kid = 'checkpoint-1') =>
  JSON.stringify({ ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid });

const PRODUCTION = {
  NODE_ENV: 'production',
  ACCESS_TOKEN_SECRET: 'x'.repeat(48),
  MATCHING_KEY: 'm'.repeat(48),
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  AUDIT_CHECKPOINT_KEY: own(),
  AUDIT_WITNESS_URL: 'https://getuige.example/',
  AUDIT_WITNESS_ID: 'getuige',
};

describe('audit configuration', () => {
  it('outside production signs with the marked development key and has no witness', () => {
    const { audit } = loadHubConfig({});
    expect(audit.checkpointKey.kid).toBe('dev-only-checkpoint-1');
    expect(audit.witness).toBeNull();
    expect(audit).toMatchObject({ checkpointIntervalSeconds: 300, verifyIntervalSeconds: 3600 });
  });

  it('in production takes a key of its own and a witness', () => {
    const { audit } = loadHubConfig(PRODUCTION);
    expect(audit.checkpointKey.kid).toBe('checkpoint-1');
    expect(audit.witness).toEqual({ url: 'https://getuige.example', audience: 'getuige' });
  });

  it('in production requires the key and the witness', () => {
    const rest: Record<string, string> = { ...PRODUCTION };
    for (const name of ['AUDIT_CHECKPOINT_KEY', 'AUDIT_WITNESS_URL', 'AUDIT_WITNESS_ID']) delete rest[name];
    expect(() => loadHubConfig(rest)).toThrow(/AUDIT_CHECKPOINT_KEY is required in production/);
    expect(() => loadHubConfig(rest)).toThrow(/AUDIT_WITNESS_URL is required in production/);
  });

  it('refuses the development key in production, whatever its kid', () => {
    const renamed = JSON.stringify({ ...JSON.parse(DEV_CHECKPOINT_PRIVATE_JWK), kid: 'looks-real' });
    expect(() => loadHubConfig({ ...PRODUCTION, AUDIT_CHECKPOINT_KEY: renamed })).toThrow(/development key/);
    expect(() => loadHubConfig({ ...PRODUCTION, AUDIT_CHECKPOINT_KEY: own('dev-only-x') })).toThrow(/development key/);
  });

  it('refuses what is not an Ed25519 private JWK, without echoing it', () => {
    const ec = JSON.stringify({
      ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
      kid: 'ec-1',
    });
    for (const value of ['not json', ec, JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'abc', kid: 'k' })]) {
      let message = '';
      try {
        loadHubConfig({ AUDIT_CHECKPOINT_KEY: value });
      } catch (error) {
        message = String(error);
      }
      expect(message).toMatch(/AUDIT_CHECKPOINT_KEY/);
      expect(message).not.toContain(value);
    }
  });

  it('needs the witness id with its address, and https in production', () => {
    expect(() => loadHubConfig({ AUDIT_WITNESS_URL: 'http://127.0.0.1:4102' })).toThrow(/AUDIT_WITNESS_ID/);
    expect(() => loadHubConfig({ AUDIT_WITNESS_ID: 'rvdk' })).toThrow(/without AUDIT_WITNESS_URL/);
    expect(() => loadHubConfig({ ...PRODUCTION, AUDIT_WITNESS_URL: 'http://getuige.example' })).toThrow(/https/);
    expect(
      loadHubConfig({ AUDIT_WITNESS_URL: 'http://127.0.0.1:4102', AUDIT_WITNESS_ID: 'rvdk' }).audit.witness,
    ).toEqual({
      url: 'http://127.0.0.1:4102',
      audience: 'rvdk',
    });
  });
});
