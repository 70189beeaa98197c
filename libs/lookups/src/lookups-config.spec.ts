import { generateKeyPairSync } from 'node:crypto';
import { loadHubConfig } from '@vt/common';
import { DEV_HUB_KEY_ID } from '@vt/lookups-protocol';
import { devHubSigningKey } from '../../../scripts/dev-hub-key';

const PRODUCTION = {
  NODE_ENV: 'production',
  ACCESS_TOKEN_SECRET: 'a-real-production-secret-of-enough-length',
  MATCHING_KEY: 'a-real-production-matching-key-of-enough-length',
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  // Audit checkpoints: a key of its own and a witness are required in production.
  AUDIT_CHECKPOINT_KEY: JSON.stringify({
    ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
    kid: 'checkpoint-1',
  }),
  AUDIT_WITNESS_URL: 'https://getuige.example',
  AUDIT_WITNESS_ID: 'getuige',
};

const jwk = (key: ReturnType<typeof generateKeyPairSync>['privateKey'], kid: string) =>
  JSON.stringify({ ...key.export({ format: 'jwk' }), kid });

describe('lookups settings', () => {
  it('defaults to a 2 s timeout, issuer vt-hub and no signing key', () => {
    const config = loadHubConfig({});
    expect(config.lookups).toMatchObject({
      timeoutMs: 2000,
      issuer: 'vt-hub',
      signingKey: null,
      detailAnswerTtlHours: 24,
    });
  });

  it('takes an Ed25519 or P-256 private JWK with its kid', () => {
    const ed = generateKeyPairSync('ed25519');
    expect(loadHubConfig({ HUB_SIGNING_KEY: jwk(ed.privateKey, 'hub-2026') }).lookups.signingKey).toMatchObject({
      kid: 'hub-2026',
      alg: 'EdDSA',
    });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(loadHubConfig({ HUB_SIGNING_KEY: jwk(ec.privateKey, 'hub-ec') }).lookups.signingKey?.alg).toBe('ES256');
  });

  it('refuses a public key, a key without kid, garbage and a bad timeout, without echoing the key', () => {
    const ed = generateKeyPairSync('ed25519');
    const publicOnly = JSON.stringify({ ...ed.publicKey.export({ format: 'jwk' }), kid: 'x' });
    expect(() => loadHubConfig({ HUB_SIGNING_KEY: publicOnly })).toThrow('Ed25519 or P-256 private JWK');
    expect(() => loadHubConfig({ HUB_SIGNING_KEY: JSON.stringify(ed.privateKey.export({ format: 'jwk' })) })).toThrow(
      'kid',
    );
    expect(() => loadHubConfig({ HUB_SIGNING_KEY: 'geheim-en-geen-json' })).toThrow(/^(?![\s\S]*geheim-en-geen-json)/);
    expect(() => loadHubConfig({ LOOKUP_TIMEOUT_MS: '0' })).toThrow('LOOKUP_TIMEOUT_MS');
    expect(() => loadHubConfig({ DETAIL_ANSWER_TTL_HOURS: '48' })).toThrow('DETAIL_ANSWER_TTL_HOURS');
  });

  it('refuses the development key in production, whatever its kid', () => {
    const dev = devHubSigningKey().key.export({ format: 'jwk' });
    expect(() => loadHubConfig({ ...PRODUCTION, HUB_SIGNING_KEY: JSON.stringify({ ...dev, kid: 'renamed' }) })).toThrow(
      'development key',
    );
    expect(() =>
      loadHubConfig({ ...PRODUCTION, HUB_SIGNING_KEY: JSON.stringify({ ...dev, kid: DEV_HUB_KEY_ID }) }),
    ).toThrow('development key');
    const real = generateKeyPairSync('ed25519');
    expect(
      loadHubConfig({ ...PRODUCTION, HUB_SIGNING_KEY: jwk(real.privateKey, 'hub-1') }).lookups.signingKey,
    ).not.toBeNull();
  });
});
