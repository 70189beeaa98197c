import { loadHubConfig } from './hub-config';
import { EnvReader } from './config';
import { DEV_CUSTODY_OIN, readCustodyConfig } from './custody-config';

const PRODUCTION = {
  NODE_ENV: 'production',
  ACCESS_TOKEN_SECRET: 'a-real-production-secret-of-enough-length',
  MATCHING_KEY: 'a-real-production-matching-key-of-enough-length',
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
};

describe('custody source settings', () => {
  it('defaults to the hub token and the development OIN outside production, no OIN in production', () => {
    expect(loadHubConfig({}).custody).toEqual({ oin: DEV_CUSTODY_OIN, auth: 'hub-token', apiKey: null });
    const production = new EnvReader({ NODE_ENV: 'production' });
    expect(readCustodyConfig(production)).toEqual({ oin: null, auth: 'hub-token', apiKey: null });
    expect(production.problems).toEqual([]);
  });

  it('takes a 20-digit OIN and an API key with its header', () => {
    expect(
      loadHubConfig({
        CUSTODY_OIN: '00000001823288444000',
        CUSTODY_AUTH: 'api-key',
        CUSTODY_API_KEY: 'a-gateway-key-of-enough-length',
        CUSTODY_API_KEY_HEADER: 'X-Gateway-Key',
      }).custody,
    ).toEqual({
      oin: '00000001823288444000',
      auth: 'api-key',
      apiKey: { header: 'X-Gateway-Key', value: 'a-gateway-key-of-enough-length' },
    });
    expect(loadHubConfig({ CUSTODY_AUTH: 'api-key', CUSTODY_API_KEY: 'k'.repeat(16) }).custody.apiKey?.header).toBe(
      'X-API-KEY',
    );
  });

  it('refuses a bad OIN, an unknown mode, a missing, short or stray key and a reserved header, never echoing the key', () => {
    expect(() => loadHubConfig({ CUSTODY_OIN: '1234' })).toThrow('CUSTODY_OIN must be 20 digits');
    expect(() => loadHubConfig({ CUSTODY_OIN: 'a'.repeat(20) })).toThrow('CUSTODY_OIN');
    expect(() => loadHubConfig({ CUSTODY_AUTH: 'mtls' })).toThrow('CUSTODY_AUTH must be one of hub-token, api-key');
    expect(() => loadHubConfig({ CUSTODY_AUTH: 'api-key' })).toThrow('CUSTODY_API_KEY is required');
    expect(() => loadHubConfig({ CUSTODY_AUTH: 'api-key', CUSTODY_API_KEY: 'kort-geheim' })).toThrow(
      /^(?![\s\S]*kort-geheim)[\s\S]*CUSTODY_API_KEY must be at least 16/,
    );
    expect(() => loadHubConfig({ CUSTODY_API_KEY: 'k'.repeat(16) })).toThrow('CUSTODY_AUTH is not api-key');
    expect(() =>
      loadHubConfig({ CUSTODY_AUTH: 'api-key', CUSTODY_API_KEY: 'k'.repeat(16), CUSTODY_API_KEY_HEADER: 'OIN' }),
    ).toThrow('CUSTODY_API_KEY_HEADER');
  });

  it('refuses the development OIN and a development key in production', () => {
    expect(() => loadHubConfig({ ...PRODUCTION, CUSTODY_OIN: DEV_CUSTODY_OIN })).toThrow(
      'CUSTODY_OIN is the development placeholder',
    );
    expect(() =>
      loadHubConfig({ ...PRODUCTION, CUSTODY_AUTH: 'api-key', CUSTODY_API_KEY: 'dev-only-gezagsmodule-key' }),
    ).toThrow('CUSTODY_API_KEY holds a development default');
  });
});
