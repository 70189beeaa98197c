import { generateKeyPairSync } from 'node:crypto';
import { HubConfig, loadHubConfig } from '@vt/common';
import { SourceHolderClient } from './source-holder.client';

const signingKey = JSON.stringify({
  ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
  kid: 'hub-test',
});
const client = (env: Record<string, string>, change: (config: HubConfig) => void = () => undefined) => {
  const config = loadHubConfig(env);
  change(config);
  return new SourceHolderClient(config);
};

describe('custody access from configuration', () => {
  it('sends the OIN with the hub token, or with the API key and no signing key needed', () => {
    expect(client({ HUB_SIGNING_KEY: signingKey, CUSTODY_OIN: '00000001823288444000' }).custodyAccess()).toEqual({
      credentials: 'hub-token',
      headers: { OIN: '00000001823288444000' },
    });
    expect(client({ CUSTODY_AUTH: 'api-key', CUSTODY_API_KEY: 'k'.repeat(20) }).custodyAccess()).toEqual({
      credentials: { header: 'X-API-KEY', value: 'k'.repeat(20) },
      headers: { OIN: '00000000000000000000' },
    });
  });

  it('refuses before anything is sent without an OIN, or without a signing key for the hub token', () => {
    expect(() =>
      client({ HUB_SIGNING_KEY: signingKey }, (config) => (config.custody.oin = null)).custodyAccess(),
    ).toThrow('CUSTODY_OIN');
    expect(() => client({}).custodyAccess()).toThrow('HUB_SIGNING_KEY');
  });
});
