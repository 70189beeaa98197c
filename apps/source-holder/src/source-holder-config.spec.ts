import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@vt/common';
import {
  DEV_CHECKPOINT_KEY_ID,
  DEV_CHECKPOINT_KEY_THUMBPRINT,
  DEV_CHECKPOINT_PUBLIC_JWKS,
  DEV_HUB_KEY_ID,
  DEV_HUB_KEY_THUMBPRINT,
  devPseudonymKey,
  jwkThumbprint,
} from '@vt/lookups-protocol';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestPki } from '../../../test/support/tls';
import { loadSourceHolderConfig } from './source-holder-config';

/** Mutual TLS files as production requires them, made with openssl once for the file. */
const pki = new TestPki();
const ca = pki.ca('spec-ca');
const serverCert = pki.server(ca, 'spec-bron');
const otherCert = pki.server(ca, 'spec-ander');
afterAll(() => pki.remove());

const publicJwk = (kind: 'ed25519' | 'ec', kid: string) => {
  const { publicKey } =
    kind === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...publicKey.export({ format: 'jwk' }), kid };
};

const PRODUCTION = {
  NODE_ENV: 'production',
  SOURCE_HOLDER_ORGANISATION: 'jeugdbescherming-oost',
  SOURCE_HOLDER_ID: 'jb-oost',
  HUB_ISSUER: 'casusregie-hub',
  HUB_PUBLIC_KEYS: JSON.stringify({ keys: [publicJwk('ed25519', 'hub-2026-1')] }),
  AUDIT_CHECKPOINT_PUBLIC_KEYS: JSON.stringify({ keys: [publicJwk('ed25519', 'checkpoint-2026-1')] }),
  PSEUDONYM_KEY: 'p'.repeat(40),
  SUBJECT_KEY: 's'.repeat(40),
  SOURCE_HOLDER_ADMIN_TOKEN: 'a'.repeat(40),
  SOURCE_HOLDER_TLS_CERT: serverCert.cert,
  SOURCE_HOLDER_TLS_KEY: serverCert.key,
  SOURCE_HOLDER_TLS_CA: ca.cert,
  SOURCE_HOLDER_TLS_HUB_IDENTITY: 'serialNumber=00000001234567890000',
};

describe('loadSourceHolderConfig', () => {
  it('uses development defaults on 127.0.0.1 with a database of its own', () => {
    const config = loadSourceHolderConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 4100,
      host: '127.0.0.1',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/vt_source_holder',
      databasePoolSize: 10,
      organisation: 'demo-bron',
      mode: 'bronhouder',
      id: 'demo-bron',
      hubIssuer: 'vt-hub',
      pseudonymKey: devPseudonymKey('demo-bron'),
      registerAvailable: true,
      trustProxy: false,
      logLevel: 'log',
    });
    expect(config.hubKeys.map((key) => [key.kid, key.alg])).toEqual([[DEV_HUB_KEY_ID, 'EdDSA']]);
    expect(config.auditCheckpointKeys.map((key) => [key.kid, key.alg])).toEqual([[DEV_CHECKPOINT_KEY_ID, 'EdDSA']]);
    expect(jwkThumbprint(config.auditCheckpointKeys[0].key)).toBe(DEV_CHECKPOINT_KEY_THUMBPRINT);
    expect(config.subjectKey).toMatch(/^dev-only-/);
    expect(config.adminToken).toMatch(/^dev-only-/);
  });

  it('reads every variable', () => {
    const config = loadSourceHolderConfig({
      ...PRODUCTION,
      HUB_PUBLIC_KEYS: JSON.stringify({ keys: [publicJwk('ed25519', 'hub-1'), publicJwk('ec', 'hub-2')] }),
      AUDIT_CHECKPOINT_PUBLIC_KEYS: JSON.stringify({
        keys: [publicJwk('ed25519', 'checkpoint-1'), publicJwk('ed25519', 'checkpoint-2')],
      }),
      SOURCE_HOLDER_PORT: '4200',
      SOURCE_HOLDER_HOST: '0.0.0.0',
      SOURCE_HOLDER_DATABASE_URL: 'postgresql://sh@db:5432/politie',
      SOURCE_HOLDER_ORGANISATION: 'politie-oost',
      SOURCE_HOLDER_ID: 'bron-politie-oost',
      SOURCE_HOLDER_MODE: 'gezag',
      SOURCE_HOLDER_REGISTER_AVAILABLE: 'false',
      HUB_ISSUER: 'vt-hub-prod',
      DATABASE_POOL_SIZE: '4',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
      SOURCE_HOLDER_ADMIN_PORT: '4201',
      SOURCE_HOLDER_ADMIN_HOST: '10.0.0.5',
      SOURCE_HOLDER_ADMIN_EXPOSED: 'true',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 4200,
      host: '0.0.0.0',
      admin: { port: 4201, host: '10.0.0.5' },
      tls: { hubIdentity: 'serialNumber=00000001234567890000' },
      databaseUrl: 'postgresql://sh@db:5432/politie',
      databasePoolSize: 4,
      organisation: 'politie-oost',
      id: 'bron-politie-oost',
      mode: 'gezag',
      hubIssuer: 'vt-hub-prod',
      pseudonymKey: 'p'.repeat(40),
      subjectKey: 's'.repeat(40),
      adminToken: 'a'.repeat(40),
      registerAvailable: false,
      trustProxy: true,
      logLevel: 'warn',
    });
    expect(config.hubKeys.map((key) => [key.kid, key.alg, key.key.asymmetricKeyType])).toEqual([
      ['hub-1', 'EdDSA', 'ed25519'],
      ['hub-2', 'ES256', 'ec'],
    ]);
    expect(config.auditCheckpointKeys.map((key) => [key.kid, key.alg, key.key.asymmetricKeyType])).toEqual([
      ['checkpoint-1', 'EdDSA', 'ed25519'],
      ['checkpoint-2', 'EdDSA', 'ed25519'],
    ]);
  });

  it.each([
    ['SOURCE_HOLDER_PORT', 'abc'],
    ['SOURCE_HOLDER_PORT', '0'],
    ['SOURCE_HOLDER_PORT', '70000'],
    ['SOURCE_HOLDER_HOST', ''],
    ['SOURCE_HOLDER_DATABASE_URL', 'mysql://x@y/z'],
    ['SOURCE_HOLDER_DATABASE_URL', 'not a url'],
    ['SOURCE_HOLDER_ORGANISATION', 'Demo Bron'],
    ['SOURCE_HOLDER_ORGANISATION', 'x'.repeat(41)],
    ['SOURCE_HOLDER_ORGANISATION', ''],
    ['SOURCE_HOLDER_ID', 'Bron 1'],
    ['SOURCE_HOLDER_MODE', 'register'],
    ['SOURCE_HOLDER_REGISTER_AVAILABLE', 'nee'],
    ['PSEUDONYM_KEY', 'too-short'],
    ['SUBJECT_KEY', 'too-short'],
    ['SOURCE_HOLDER_ADMIN_TOKEN', 'too-short'],
    ['HUB_PUBLIC_KEYS', 'not json'],
    ['HUB_PUBLIC_KEYS', '{"keys":[]}'],
    ['HUB_PUBLIC_KEYS', JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', kid: 'k1' }] })],
    ['HUB_PUBLIC_KEYS', JSON.stringify({ keys: [{ ...publicJwk('ed25519', 'k1'), kid: undefined }] })],
    ['HUB_PUBLIC_KEYS', JSON.stringify({ keys: [publicJwk('ed25519', 'k1'), publicJwk('ec', 'k1')] })],
    ['HUB_PUBLIC_KEYS', JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'k1' }] })],
    ['HUB_PUBLIC_KEYS', 'null'],
    ['AUDIT_CHECKPOINT_PUBLIC_KEYS', 'not json'],
    ['AUDIT_CHECKPOINT_PUBLIC_KEYS', 'null'],
    ['AUDIT_CHECKPOINT_PUBLIC_KEYS', '{"keys":[]}'],
    ['AUDIT_CHECKPOINT_PUBLIC_KEYS', JSON.stringify({ keys: ['k1'] })],
    ['AUDIT_CHECKPOINT_PUBLIC_KEYS', JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', kid: 'k1' }] })],
    ['AUDIT_CHECKPOINT_PUBLIC_KEYS', JSON.stringify({ keys: [{ ...publicJwk('ed25519', 'k1'), kid: 'a b' }] })],
    ['AUDIT_CHECKPOINT_PUBLIC_KEYS', JSON.stringify({ keys: [{ ...publicJwk('ed25519', 'k1'), alg: 'ES256' }] })],
    [
      'AUDIT_CHECKPOINT_PUBLIC_KEYS',
      JSON.stringify({ keys: [publicJwk('ed25519', 'k1'), publicJwk('ed25519', 'k1')] }),
    ],
    ['DATABASE_POOL_SIZE', '0'],
    ['TRUST_PROXY', 'yes'],
    ['LOG_LEVEL', 'chatty'],
    ['NODE_ENV', 'staging'],
  ])('refuses a bad %s (%j) and names it', (name, value) => {
    expect(() => loadSourceHolderConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadSourceHolderConfig({ [name]: value })).toThrow(name);
  });

  it('refuses a private key as the hub key, without printing it', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k1' };
    const attempt = () => loadSourceHolderConfig({ HUB_PUBLIC_KEYS: JSON.stringify({ keys: [jwk] }) });
    expect(attempt).toThrow('holds a private key');
    expect(attempt).not.toThrow(String(jwk.d));
  });

  it('refuses the development defaults in production and requires the secrets', () => {
    expect(() => loadSourceHolderConfig(PRODUCTION)).not.toThrow();
    const withoutShared = {
      ...PRODUCTION,
      HUB_PUBLIC_KEYS: undefined,
      AUDIT_CHECKPOINT_PUBLIC_KEYS: undefined,
      PSEUDONYM_KEY: undefined,
    };
    expect(() => loadSourceHolderConfig(withoutShared)).toThrow(
      /HUB_PUBLIC_KEYS is required in production[\s\S]*AUDIT_CHECKPOINT_PUBLIC_KEYS is required in production[\s\S]*PSEUDONYM_KEY is required/,
    );
    for (const name of ['SUBJECT_KEY', 'SOURCE_HOLDER_ADMIN_TOKEN'] as const) {
      expect(() => loadSourceHolderConfig({ ...PRODUCTION, [name]: undefined })).toThrow(`${name} is required`);
    }
    expect(() => loadSourceHolderConfig({ ...PRODUCTION, PSEUDONYM_KEY: devPseudonymKey('demo-bron') })).toThrow(
      'PSEUDONYM_KEY holds a development default',
    );
    const devKeys = loadSourceHolderConfig({}).hubKeys;
    const devJwk = { ...devKeys[0].key.export({ format: 'jwk' }), kid: DEV_HUB_KEY_ID };
    expect(() =>
      loadSourceHolderConfig({ ...PRODUCTION, HUB_PUBLIC_KEYS: JSON.stringify({ keys: [devJwk] }) }),
    ).toThrow('development hub key (published in this repository), refused in production');
  });

  it('refuses the development hub key in production by its key material, whatever its kid', () => {
    const renamed = { ...loadSourceHolderConfig({}).hubKeys[0].key.export({ format: 'jwk' }), kid: 'hub-1' };
    expect(jwkThumbprint(createPublicKey({ key: renamed, format: 'jwk' }))).toBe(DEV_HUB_KEY_THUMBPRINT);
    expect(() =>
      loadSourceHolderConfig({ ...PRODUCTION, HUB_PUBLIC_KEYS: JSON.stringify({ keys: [renamed] }) }),
    ).toThrow(/HUB_PUBLIC_KEYS key 1 is the development hub key/);
  });

  it('takes only Ed25519 public keys as checkpoint keys, never a private key, without printing it', () => {
    expect(() =>
      loadSourceHolderConfig({ AUDIT_CHECKPOINT_PUBLIC_KEYS: JSON.stringify({ keys: [publicJwk('ec', 'k1')] }) }),
    ).toThrow('AUDIT_CHECKPOINT_PUBLIC_KEYS key 1 must be an Ed25519 (EdDSA) public key');
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k1' };
    const attempt = () => loadSourceHolderConfig({ AUDIT_CHECKPOINT_PUBLIC_KEYS: JSON.stringify({ keys: [jwk] }) });
    expect(attempt).toThrow('AUDIT_CHECKPOINT_PUBLIC_KEYS key 1 holds a private key');
    expect(attempt).not.toThrow(String(jwk.d));
  });

  it('refuses the development checkpoint key in production by its key material, whatever its kid, and any dev-only kid', () => {
    expect(() =>
      loadSourceHolderConfig({ ...PRODUCTION, AUDIT_CHECKPOINT_PUBLIC_KEYS: DEV_CHECKPOINT_PUBLIC_JWKS }),
    ).toThrow(
      'AUDIT_CHECKPOINT_PUBLIC_KEYS key 1 is the development checkpoint key (published in this repository), refused in production',
    );
    const devJwk = (JSON.parse(DEV_CHECKPOINT_PUBLIC_JWKS) as { keys: Record<string, string>[] }).keys[0];
    const renamed = { ...devJwk, kid: 'checkpoint-1' };
    expect(() =>
      loadSourceHolderConfig({ ...PRODUCTION, AUDIT_CHECKPOINT_PUBLIC_KEYS: JSON.stringify({ keys: [renamed] }) }),
    ).toThrow(/AUDIT_CHECKPOINT_PUBLIC_KEYS key 1 is the development checkpoint key/);
    const devKid = publicJwk('ed25519', 'dev-only-checkpoint-2');
    expect(() =>
      loadSourceHolderConfig({ ...PRODUCTION, AUDIT_CHECKPOINT_PUBLIC_KEYS: JSON.stringify({ keys: [devKid] }) }),
    ).toThrow(/AUDIT_CHECKPOINT_PUBLIC_KEYS key 1 is the development checkpoint key/);
    expect(() =>
      loadSourceHolderConfig({ AUDIT_CHECKPOINT_PUBLIC_KEYS: JSON.stringify({ keys: [renamed] }) }),
    ).not.toThrow();
  });

  it('refuses a checkpoint key that is also a token key, whatever its kid', () => {
    const shared = publicJwk('ed25519', 'hub-1');
    expect(() =>
      loadSourceHolderConfig({
        ...PRODUCTION,
        HUB_PUBLIC_KEYS: JSON.stringify({ keys: [shared] }),
        AUDIT_CHECKPOINT_PUBLIC_KEYS: JSON.stringify({ keys: [{ ...shared, kid: 'checkpoint-1' }] }),
      }),
    ).toThrow('AUDIT_CHECKPOINT_PUBLIC_KEYS must not repeat a key of HUB_PUBLIC_KEYS');
  });

  it('requires its identities and the hub issuer in production, and refuses their development defaults', () => {
    for (const name of ['SOURCE_HOLDER_ORGANISATION', 'SOURCE_HOLDER_ID', 'HUB_ISSUER'] as const) {
      expect(() => loadSourceHolderConfig({ ...PRODUCTION, [name]: undefined })).toThrow(`${name} is required`);
    }
    expect(() => loadSourceHolderConfig({ ...PRODUCTION, SOURCE_HOLDER_ID: 'demo-bron' })).toThrow(
      'SOURCE_HOLDER_ID holds a development default',
    );
    expect(() => loadSourceHolderConfig({ ...PRODUCTION, HUB_ISSUER: 'vt-hub' })).toThrow(
      'HUB_ISSUER holds a development default',
    );
  });

  it('refuses an unset NODE_ENV on an address outside the machine', () => {
    expect(() => loadSourceHolderConfig({ SOURCE_HOLDER_HOST: '0.0.0.0' })).toThrow('NODE_ENV must be set explicitly');
    expect(() => loadSourceHolderConfig({ SOURCE_HOLDER_HOST: '::1' })).not.toThrow();
    expect(() => loadSourceHolderConfig({ NODE_ENV: 'development', SOURCE_HOLDER_HOST: '0.0.0.0' })).not.toThrow();
  });

  it('refuses the shared key as its own subject key', () => {
    expect(() => loadSourceHolderConfig({ ...PRODUCTION, SUBJECT_KEY: 'p'.repeat(40) })).toThrow(
      'SUBJECT_KEY must differ',
    );
  });

  it('opens the admin listener on loopback apart from the protocol port, exposed in production only when confirmed', () => {
    expect(loadSourceHolderConfig({}).admin).toEqual({ port: 4180, host: '127.0.0.1' });
    expect(() => loadSourceHolderConfig({ SOURCE_HOLDER_PORT: '4300', SOURCE_HOLDER_ADMIN_PORT: '4300' })).toThrow(
      'SOURCE_HOLDER_ADMIN_PORT must differ from SOURCE_HOLDER_PORT',
    );
    expect(() => loadSourceHolderConfig({ ...PRODUCTION, SOURCE_HOLDER_ADMIN_HOST: '0.0.0.0' })).toThrow(
      'SOURCE_HOLDER_ADMIN_HOST is not a loopback address; set SOURCE_HOLDER_ADMIN_EXPOSED=true',
    );
    expect(loadSourceHolderConfig({ SOURCE_HOLDER_ADMIN_HOST: '0.0.0.0', NODE_ENV: 'development' }).admin.host).toBe(
      '0.0.0.0',
    );
  });

  it('requires mutual TLS in production and keeps plain HTTP possible elsewhere', () => {
    expect(loadSourceHolderConfig({}).tls).toBeNull();
    const withoutTls = {
      ...PRODUCTION,
      SOURCE_HOLDER_TLS_CERT: undefined,
      SOURCE_HOLDER_TLS_KEY: undefined,
      SOURCE_HOLDER_TLS_CA: undefined,
      SOURCE_HOLDER_TLS_HUB_IDENTITY: undefined,
    };
    expect(() => loadSourceHolderConfig(withoutTls)).toThrow(
      'SOURCE_HOLDER_TLS_CERT, SOURCE_HOLDER_TLS_KEY and SOURCE_HOLDER_TLS_CA are required in production',
    );
    const tls = loadSourceHolderConfig(PRODUCTION).tls;
    expect(tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(tls?.ca).toContain('BEGIN CERTIFICATE');
  });

  it('checks the mutual TLS files and the hub identity at start-up', () => {
    const garbage = join(pki.dir, 'garbage.pem');
    writeFileSync(garbage, 'geen certificaat');
    const refusals: [Record<string, string | undefined>, string][] = [
      [{ SOURCE_HOLDER_TLS_CA: undefined }, 'go together (only SOURCE_HOLDER_TLS_CERT, SOURCE_HOLDER_TLS_KEY set)'],
      [
        { SOURCE_HOLDER_TLS_CERT: join(pki.dir, 'missing.crt') },
        'SOURCE_HOLDER_TLS_CERT names a file that cannot be read',
      ],
      [{ SOURCE_HOLDER_TLS_CA: garbage }, 'SOURCE_HOLDER_TLS_CA does not hold a PEM certificate'],
      [{ SOURCE_HOLDER_TLS_KEY: otherCert.key }, 'SOURCE_HOLDER_TLS_KEY is not the key of the certificate'],
      [{ SOURCE_HOLDER_TLS_KEY: garbage }, 'SOURCE_HOLDER_TLS_KEY does not hold a PEM private key'],
      [{ SOURCE_HOLDER_TLS_HUB_IDENTITY: undefined }, 'SOURCE_HOLDER_TLS_HUB_IDENTITY is required with mutual TLS'],
      [{ SOURCE_HOLDER_TLS_HUB_IDENTITY: 'CN=hub' }, 'SOURCE_HOLDER_TLS_HUB_IDENTITY is required with mutual TLS'],
    ];
    for (const [change, message] of refusals) {
      expect(() => loadSourceHolderConfig({ ...PRODUCTION, ...change })).toThrow(message);
    }
    for (const identity of ['DNS:hub.example.nl', 'URI:https://hub.example.nl/oin/0000000123']) {
      expect(loadSourceHolderConfig({ ...PRODUCTION, SOURCE_HOLDER_TLS_HUB_IDENTITY: identity }).tls?.hubIdentity).toBe(
        identity,
      );
    }
  });

  it('names every bad variable at once', () => {
    expect(() => loadSourceHolderConfig({ SOURCE_HOLDER_PORT: '-1', SOURCE_HOLDER_ORGANISATION: 'A_B' })).toThrow(
      /SOURCE_HOLDER_PORT[\s\S]*SOURCE_HOLDER_ORGANISATION/,
    );
  });
});
